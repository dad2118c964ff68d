import Foundation

/// Guest tags as Proxmox stores them: one string, normally `;`-separated (`prod;web`), but older
/// clusters also contain `,` or spaces.
public enum PVETags {
    /// The individual tags of `raw`, in order, without empty entries; `[]` for `nil`.
    public static func parse(_ raw: String?) -> [String] {
        guard let raw else { return [] }
        return raw.split(whereSeparator: { $0 == ";" || $0 == "," || $0.isWhitespace }).map(String.init)
    }

    /// The comma-separated list form used by `content` (`images,rootdir`) and `nodes`.
    static func commaList(_ raw: String?) -> [String] {
        guard let raw else { return [] }
        return raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
