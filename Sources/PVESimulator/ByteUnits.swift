import Foundation

/// Bytes per GiB.
let gib = 1_073_741_824.0
/// Bytes per MiB.
let mib = 1_048_576.0
