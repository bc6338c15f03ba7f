import ArgumentParser
import LookoutEmulator
import NIOCore
import NIOSSL

/// The emulator's HTTPS mode: a certificate chain and its key, in PEM files.
struct TLSOptions: ParsableArguments {
    @Option(help: "Serve HTTPS with this certificate chain (PEM; needs --tls-key).")
    var tlsCertificate: String?

    @Option(help: "The private key of --tls-certificate (PEM).")
    var tlsKey: String?

    func validate() throws {
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-certificate and --tls-key go together")
        }
    }

    /// TLS in front of HTTP on every connection, or nil for plain HTTP.
    func layer() throws -> ConnectionLayer? {
        guard let tlsCertificate, let tlsKey else { return nil }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(tlsCertificate)
            key = try NIOSSLPrivateKey(file: tlsKey, format: .pem)
        } catch {
            throw ValidationError("cannot read --tls-certificate \(tlsCertificate) or --tls-key \(tlsKey): \(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        let context = try NIOSSLContext(configuration: configuration)
        return ConnectionLayer(scheme: "https") { channel in
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
        }
    }
}
