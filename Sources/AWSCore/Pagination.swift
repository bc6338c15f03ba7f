import ServiceVocabulary

/// Follows `NextToken` to the end of a listing, for every service client: a token seen before (in
/// a row or in a cycle), a token over 4 KiB, or more than `maximumPages` pages is an error, so a
/// broken or hostile server can never keep a run listing for ever.
public enum Pagination {
    /// More pages than this is a server that never ends its listing.
    public static let maximumPages = 1000
    /// No real token is longer.
    public static let maximumTokenBytes = 4096

    /// Calls `page` with each token (nil first) until it answers no next token; collects the items.
    public static func collect<Item: Sendable>(api: String,
                                               page: (String?) async throws(AWSError) -> (reply: AWSServiceClient.Reply, items: [Item], next: String?))
        async throws(AWSError) -> CallOutcome<[Item]> {
        var all: [Item] = []
        var token: String?
        var seen = Set<String>()
        var pages = 0
        var last: AWSServiceClient.Reply?
        repeat {
            if pages >= maximumPages {
                throw AWSError(code: .invalidResponse, message: "\(api) did not end after \(maximumPages) pages", attempts: last?.attempts ?? 1)
            }
            let answer = try await page(token)
            pages += 1
            last = answer.reply
            all.append(contentsOf: answer.items)
            token = try nextToken(answer.next, seen: &seen)
        } while token != nil
        return CallOutcome(value: all, attempts: last?.attempts ?? 0, requestId: last?.requestId)
    }

    /// The next page token; a token seen before would loop forever, so it is an error.
    static func nextToken(_ token: String?, seen: inout Set<String>) throws(AWSError) -> String? {
        guard let token, !token.isEmpty else { return nil }
        guard token.utf8.count <= maximumTokenBytes else {
            throw AWSError(code: .invalidResponse, message: "the service returned a NextToken of \(token.utf8.count) bytes")
        }
        if !seen.insert(token).inserted {
            throw AWSError(code: .invalidResponse, message: "the service returned a NextToken it had returned before: the listing would never end")
        }
        return token
    }
}
