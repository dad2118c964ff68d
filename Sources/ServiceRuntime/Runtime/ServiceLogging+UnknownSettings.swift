import Logging

extension ServiceLogging {
    /// Logs a warning for each setting in `source` that the program of `section` does not know
    /// (`UnknownSetting`), once it read its settings.
    public static func warnAboutUnknownSettings(in source: ConfigSource, section: String, logger: Logger) {
        for unknown in UnknownSetting.find(in: source, section: section) {
            logger.warning("\(unknown)", metadata: ["setting": "\(unknown.name)"])
        }
    }
}
