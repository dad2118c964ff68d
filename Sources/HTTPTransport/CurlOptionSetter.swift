import CCurl

/// Sets options on an easy handle and remembers the first failure, so a request is set up in a
/// straight line and checked once.
struct CurlOptionSetter {
    let curl: UnsafeMutableRawPointer
    private(set) var failure: CURLcode?

    init(curl: UnsafeMutableRawPointer) {
        self.curl = curl
    }

    mutating func check(_ code: CURLcode) {
        if code != CURLE_OK, failure == nil { failure = code }
    }

    mutating func long(_ option: CURLoption, _ value: Int) {
        check(ccurl_setopt_long(curl, option, value))
    }

    /// libcurl copies string options, so the temporary C string may go away afterwards.
    mutating func string(_ option: CURLoption, _ value: String) {
        check(value.withCString { ccurl_setopt_str(curl, option, $0) })
    }

    mutating func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) {
        check(ccurl_setopt_ptr(curl, option, value))
    }

    mutating func slist(_ option: CURLoption, _ value: UnsafeMutablePointer<curl_slist>?) {
        check(ccurl_setopt_slist(curl, option, value))
    }

    mutating func callback(
        _ option: CURLoption,
        _ function: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int
    ) {
        check(ccurl_setopt_write(curl, option, function))
    }

    mutating func progress(
        _ function: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32
    ) {
        check(ccurl_setopt_xferinfo(curl, function))
    }
}
