import CCurl

extension HTTPClientError.Kind {
    /// Classifies a failed `curl_easy_perform`. With a pin set, a failed peer verification or
    /// TLS handshake means the certificate did not match the pin.
    init(curlCode code: CURLcode, pinned: Bool, cancelled: Bool) {
        switch code {
        case CURLE_ABORTED_BY_CALLBACK where cancelled:
            self = .cancelled
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            self = .invalidURL
        case CURLE_OPERATION_TIMEDOUT:
            self = .timeout
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT,
            CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR:
            self = .connectionFailed
        case CURLE_PEER_FAILED_VERIFICATION where pinned, CURLE_SSL_CONNECT_ERROR where pinned:
            self = .certificatePinMismatch
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED:
            self = .tlsFailure
        default:
            self = .other
        }
    }
}
