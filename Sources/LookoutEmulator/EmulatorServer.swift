import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves an `EmulatorService` over HTTP/1.1 on loopback, with SwiftNIO's HTTP parser.
public final class EmulatorServer: Sendable {
    /// The service behind the server (state, request log), when it serves one.
    public let service: EmulatorService!
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel

    /// The port the server listens on.
    public var port: Int { channel.localAddress?.port ?? 0 }
    /// `http://127.0.0.1:PORT`.
    public let endpoint: String

    /// Starts serving `service` on `host:port` (port 0 picks a free one).
    public convenience init(service: EmulatorService, host: String = "127.0.0.1", port: Int = 0, threads: Int = 2) async throws {
        try await self.init(service: service, handler: { service.handle($0) }, host: host, port: port, threads: threads)
    }

    /// Starts serving any handler (tests use it for the credential endpoints).
    public convenience init(handler: @escaping @Sendable (EmulatorRequest) -> EmulatorAction, host: String = "127.0.0.1", port: Int = 0) async throws {
        try await self.init(service: nil, handler: handler, host: host, port: port, threads: 1)
    }

    init(service: EmulatorService?, handler: @escaping @Sendable (EmulatorRequest) -> EmulatorAction, host: String, port: Int, threads: Int) async throws {
        self.service = service
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        self.group = group
        let bootstrap = ServerBootstrap(group: group)
            // A generous backlog: bursts of new connections must not wait for SYN retries.
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(EmulatorHTTPHandler(handler: handler))
                }
            }
            .childChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 16)
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        let bound = channel.localAddress?.port ?? port
        endpoint = host.contains(":") ? "http://[\(host)]:\(bound)" : "http://\(host):\(bound)"
    }

    /// Stops listening and closes every connection.
    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// Waits until the server is closed.
    public func wait() async throws {
        try await channel.closeFuture.get()
    }
}

/// Collects one request (head, body, end), asks the service, and acts on its answer.
final class EmulatorHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let handler: @Sendable (EmulatorRequest) -> EmulatorAction
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(handler: @escaping @Sendable (EmulatorRequest) -> EmulatorAction) { self.handler = handler }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
        case .body(var buffer):
            if let bytes = buffer.readBytes(length: buffer.readableBytes) { body.append(contentsOf: bytes) }
        case .end:
            guard let head else { return }
            self.head = nil
            let request = EmulatorRequest(method: head.method.rawValue, uri: head.uri,
                                          headers: head.headers.map { ($0.name, $0.value) }, body: body)
            let action = handler(request)
            switch action {
            case .drop:
                context.close(promise: nil)
            case .hang:
                break
            case let .respond(status, headers, body, delay):
                if delay > 0 {
                    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                    context.eventLoop.scheduleTask(in: .nanoseconds(Int64(delay * 1e9))) {
                        let (handler, ctx) = bound.value
                        handler.write(ctx, version: head.version, status: status, headers: headers, body: body)
                    }
                } else {
                    write(context, version: head.version, status: status, headers: headers, body: body)
                }
            }
        }
    }

    func write(_ context: ChannelHandlerContext, version: HTTPVersion, status: Int, headers: [String: String], body: [UInt8]) {
        guard context.channel.isActive else { return }
        var h = HTTPHeaders()
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) { h.add(name: k, value: v) }
        h.add(name: "Content-Length", value: String(body.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: h))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: body.count)
        buffer.writeBytes(body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
