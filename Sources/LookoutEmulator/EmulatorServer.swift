import LockedValue
import NIOCore
import NIOHTTP1
import NIOPosix

/// Handlers put in front of HTTP on every accepted connection, and the endpoint's scheme: the
/// emulator's HTTPS mode adds TLS there (from the emulator's executable, so that this library,
/// which the scheduler links for its demo, needs no TLS library).
public struct ConnectionLayer: Sendable {
    /// `https` (or `http`).
    public var scheme: String
    /// Adds the handlers to a new connection's pipeline.
    public var setUp: @Sendable (any Channel) throws -> Void

    /// A layer.
    public init(scheme: String, setUp: @escaping @Sendable (any Channel) throws -> Void) {
        self.scheme = scheme
        self.setUp = setUp
    }
}

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
    /// Connections accepted so far (each request is logged with its connection's number).
    public var connectionsAccepted: Int { connections.withLockedValue { $0 } }
    let connections = LockedValueBox(0)

    /// Starts serving `service` on `host:port` (port 0 picks a free one).
    public convenience init(service: EmulatorService, host: String = "127.0.0.1", port: Int = 0, threads: Int = 2) async throws {
        try await self.init(service: service, handler: { service.handle($0) }, host: host, port: port, threads: threads)
    }

    /// Starts serving `service` with `layer` (TLS) in front of HTTP on every connection.
    public convenience init(service: EmulatorService, host: String = "127.0.0.1", port: Int = 0, threads: Int = 2,
                            layer: ConnectionLayer) async throws {
        try await self.init(service: service, handler: { service.handle($0) }, host: host, port: port, threads: threads, layer: layer)
    }

    /// Starts serving any handler (tests use it for the credential endpoints).
    public convenience init(handler: @escaping @Sendable (EmulatorRequest) -> EmulatorAction, host: String = "127.0.0.1", port: Int = 0) async throws {
        try await self.init(service: nil, handler: handler, host: host, port: port, threads: 1)
    }

    init(service: EmulatorService?, handler: @escaping @Sendable (EmulatorRequest) -> EmulatorAction, host: String, port: Int, threads: Int,
         layer: ConnectionLayer? = nil) async throws {
        self.service = service
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        self.group = group
        let connections = self.connections
        // `GET /_emulator/connections` answers here: only the server knows its connections.
        let handler: @Sendable (EmulatorRequest) -> EmulatorAction = { request in
            guard request.uri == "/_emulator/connections" else { return handler(request) }
            let body = "{\"accepted\": \(connections.withLockedValue { $0 })}"
            return .respond(status: 200, headers: ["Content-Type": "application/json"], body: Array(body.utf8), delay: 0)
        }
        let bootstrap = ServerBootstrap(group: group)
            // A generous backlog: bursts of new connections must not wait for SYN retries.
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let number = connections.withLockedValue { n in
                    n += 1
                    return n
                }
                return channel.eventLoop.makeCompletedFuture {
                    try layer?.setUp(channel)
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(EmulatorHTTPHandler(handler: handler, connection: number))
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
        let scheme = layer?.scheme ?? "http"
        endpoint = host.contains(":") ? "\(scheme)://[\(host)]:\(bound)" : "\(scheme)://\(host):\(bound)"
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
    let connection: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(handler: @escaping @Sendable (EmulatorRequest) -> EmulatorAction, connection: Int = 0) {
        self.handler = handler
        self.connection = connection
    }

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
            var request = EmulatorRequest(method: head.method.rawValue, uri: head.uri,
                                          headers: head.headers.map { ($0.name, $0.value) }, body: body)
            request.connection = connection
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
