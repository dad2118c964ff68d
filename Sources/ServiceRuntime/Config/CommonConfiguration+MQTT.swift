import MQTT

extension CommonConfiguration {
    /// The broker configuration from these settings, for a client named `clientID`.
    public func mqttConfiguration(clientID: String) throws -> MQTTConfiguration {
        var configuration: MQTTConfiguration
        do {
            configuration = try MQTTConfiguration(url: mqttURL, clientID: clientID)
        } catch {
            throw ConfigurationError(setting: ConfigSource.environmentName("mqtt.url"), problem: "\(error)")
        }
        if let mqttUsername { configuration.username = mqttUsername }
        if let mqttPassword { configuration.password = mqttPassword }
        if let mqttCAFile { configuration.caFile = mqttCAFile }
        return configuration
    }
}
