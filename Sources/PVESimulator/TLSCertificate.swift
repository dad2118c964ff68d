import Foundation
import HummingbirdTLS
import Logging
import NIOCore

/// The simulator's TLS certificate and key (PEM files) and the certificate's SHA-256
/// fingerprint as Proxmox shows it: upper-case colon hex of the DER certificate (`AB:CD:…`).
public struct TLSCertificate: Sendable, Equatable {
    /// PEM certificate file.
    public let certificatePath: String
    /// PEM private key file.
    public let privateKeyPath: String
    /// SHA-256 of the DER certificate, `AB:CD:…` (what `/nodes` reports as `ssl_fingerprint`).
    public let fingerprint: String

    /// File names used inside a data directory.
    static let certificateFileName = "pvesim-cert.pem"
    static let privateKeyFileName = "pvesim-key.pem"

    /// Uses existing PEM files; fails with a clear error if they are unreadable or not a certificate.
    public init(certificatePath: String, privateKeyPath: String) throws {
        for (path, what) in [(certificatePath, "certificate"), (privateKeyPath, "private key")]
        where !FileManager.default.isReadableFile(atPath: path) {
            throw TLSCertificateError("cannot read the TLS \(what) file \(path)")
        }
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.fingerprint = try Self.sha256Fingerprint(ofCertificateAt: certificatePath)
    }

    /// Reuses the certificate stored in `directory`, or generates one there at first start:
    /// EC P-256, self-signed, valid 10 years, with `localhost`, `127.0.0.1` and `hosts` as SANs.
    public static func loadOrCreate(in directory: String, hosts: [String], logger: Logger) throws -> TLSCertificate {
        let certificatePath = (directory as NSString).appendingPathComponent(certificateFileName)
        let privateKeyPath = (directory as NSString).appendingPathComponent(privateKeyFileName)
        let files = FileManager.default
        if files.fileExists(atPath: certificatePath), files.fileExists(atPath: privateKeyPath) {
            logger.debug("Reusing the simulator certificate", metadata: ["tls.certificate": "\(certificatePath)"])
            return try TLSCertificate(certificatePath: certificatePath, privateKeyPath: privateKeyPath)
        }
        do {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw TLSCertificateError("cannot create the data directory \(directory): \(error.localizedDescription)")
        }
        try generate(certificatePath: certificatePath, privateKeyPath: privateKeyPath, hosts: hosts)
        logger.info("Generated a self-signed simulator certificate", metadata: ["tls.certificate": "\(certificatePath)"])
        return try TLSCertificate(certificatePath: certificatePath, privateKeyPath: privateKeyPath)
    }

    /// The NIOSSL server configuration serving this certificate.
    public func serverConfiguration() throws -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
            let key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            // Do not hold a shutdown for long waiting for idle keep-alive clients to confirm the close.
            configuration.shutdownTimeout = .seconds(1)
            return configuration
        } catch {
            throw TLSCertificateError("cannot load the TLS certificate \(certificatePath) or its key \(privateKeyPath): \(error)")
        }
    }

    /// Writes a new key and certificate next to their final paths, then moves them in place, so
    /// an interrupted or concurrent start never leaves a half-written pair behind.
    private static func generate(certificatePath: String, privateKeyPath: String, hosts: [String]) throws {
        let suffix = ".tmp-\(UUID().uuidString)"
        let temporaryCertificate = certificatePath + suffix
        let temporaryKey = privateKeyPath + suffix
        defer {
            try? FileManager.default.removeItem(atPath: temporaryCertificate)
            try? FileManager.default.removeItem(atPath: temporaryKey)
        }
        _ = try TLSOpenSSL.run([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", temporaryKey, "-out", temporaryCertificate, "-days", "3650",
            "-subj", "/CN=pvesim", "-addext", "subjectAltName=\(subjectAltNames(hosts: hosts))",
        ])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporaryKey)
        guard rename(temporaryKey, privateKeyPath) == 0, rename(temporaryCertificate, certificatePath) == 0 else {
            throw TLSCertificateError("cannot store the generated certificate in \(certificatePath)")
        }
    }

    /// `DNS:localhost,IP:127.0.0.1` plus each extra host (IP or DNS entry), without duplicates or
    /// wildcard bind addresses.
    static func subjectAltNames(hosts: [String]) -> String {
        var entries = ["DNS:localhost", "IP:127.0.0.1"]
        for host in hosts where !["", "0.0.0.0", "::", "*"].contains(host) {
            let entry = (isIPAddress(host) ? "IP:" : "DNS:") + host
            if !entries.contains(entry) { entries.append(entry) }
        }
        return entries.joined(separator: ",")
    }

    /// Whether `host` is a literal IPv4 or IPv6 address (not a DNS name).
    private static func isIPAddress(_ host: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
    }

    /// The SHA-256 fingerprint of the PEM certificate at `path`, upper-case colon hex.
    /// - Throws: `TLSCertificateError` when openssl cannot read it.
    public static func sha256Fingerprint(ofCertificateAt path: String) throws -> String {
        let output = try TLSOpenSSL.run(["x509", "-in", path, "-noout", "-fingerprint", "-sha256"])
        // openssl prints `sha256 Fingerprint=AB:CD:…` (OpenSSL 3) or `SHA256 Fingerprint=…` (1.1).
        guard let equals = output.firstIndex(of: "=") else {
            throw TLSCertificateError("unexpected openssl fingerprint output for \(path)")
        }
        let fingerprint = output[output.index(after: equals)...].trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let pairs = fingerprint.split(separator: ":")
        guard pairs.count == 32, pairs.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) }) else {
            throw TLSCertificateError("unexpected openssl fingerprint output for \(path)")
        }
        return fingerprint
    }
}
