import Foundation

/// The URL as it may appear in logs and errors: scheme, host, port and path only. User info
/// (`user:password@`), query and fragment are dropped because they can carry secrets.
func redactedURL(_ url: String) -> String {
    guard let schemeEnd = url.range(of: "://") else {
        return url.contains("@") || url.contains("?") ? "<unparseable URL>" : url
    }
    let rest = url[schemeEnd.upperBound...]
    let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
    var authority = rest[..<authorityEnd]
    if let at = authority.lastIndex(of: "@") {
        authority = authority[authority.index(after: at)...]
    }
    let tail = rest[authorityEnd...]
    let pathEnd = tail.firstIndex { $0 == "?" || $0 == "#" } ?? tail.endIndex
    return String(url[..<schemeEnd.upperBound]) + authority + tail[..<pathEnd]
}
