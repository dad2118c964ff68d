/// A Home Assistant MQTT device discovery config (`homeassistant/device/<id>/config`, retained;
/// HA 2024.11 or later): one device and its entities (`cmps`), with the abbreviated keys HA uses.
public struct HADeviceConfig: Encodable, Sendable {
    public var device: HADevice
    public var origin: HAOrigin
    /// The topic every component reads unless it names its own.
    public var stateTopic: String?
    /// The availability every component shares; `nil` when each component names its own.
    public var availabilityTopic: String?
    public var components: [String: HAComponent]

    public init(device: HADevice, origin: HAOrigin, stateTopic: String?, availabilityTopic: String?, components: [String: HAComponent]) {
        self.device = device
        self.origin = origin
        self.stateTopic = stateTopic
        self.availabilityTopic = availabilityTopic
        self.components = components
    }

    enum CodingKeys: String, CodingKey {
        case device = "dev", origin = "o", stateTopic = "state_topic", availabilityTopic = "availability_topic", components = "cmps"
    }

    /// The discovery topic of the device with `objectID`.
    public static func topic(objectID: String) -> String { "homeassistant/device/\(objectID)/config" }

    /// `parts` joined with `_`, with every character outside `[a-zA-Z0-9_-]` made `_` (HA's rule for ids).
    public static func objectID(_ parts: String...) -> String {
        parts.joined(separator: "_").map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
            .reduce(into: "") { $0.append($1) }
    }
}

/// The device an entity belongs to.
public struct HADevice: Encodable, Sendable {
    public var identifiers: [String]
    public var name: String
    public var manufacturer: String
    public var model: String
    /// The ProxBalance version (`sw`).
    public var swVersion: String?
    /// Where the device is managed (`cu`): the console, or Proxmox for a node.
    public var configurationURL: String?

    public init(
        identifiers: [String], name: String, manufacturer: String, model: String, swVersion: String? = nil, configurationURL: String? = nil
    ) {
        self.identifiers = identifiers
        self.name = name
        self.manufacturer = manufacturer
        self.model = model
        self.swVersion = swVersion
        self.configurationURL = configurationURL
    }

    enum CodingKeys: String, CodingKey {
        case identifiers = "ids", name, manufacturer = "mf", model = "mdl", swVersion = "sw", configurationURL = "cu"
    }
}

/// Who published the config.
public struct HAOrigin: Encodable, Sendable {
    public var name = "ProxBalance"
    public var sw: String

    public init(sw: String) {
        self.sw = sw
    }
}

/// One topic an entity's availability depends on (`availability` list item): available when
/// the topic's payload, rendered with `valueTemplate` if set, is `online`.
public struct HAAvailability: Encodable, Sendable, Hashable {
    public var topic: String
    public var valueTemplate: String?

    public init(topic: String, valueTemplate: String? = nil) {
        self.topic = topic
        self.valueTemplate = valueTemplate
    }

    enum CodingKeys: String, CodingKey {
        case topic, valueTemplate = "value_template"
    }
}

/// One entity: a sensor, binary sensor, switch, button, number or event.
public struct HAComponent: Encodable, Sendable {
    public var platform: String
    public var uniqueID: String
    public var name: String
    public var valueTemplate: String?
    public var stateTopic: String?
    public var commandTopic: String?
    /// Renders the payload sent to `commandTopic` (a button's: from `payloadPress`, as `value`).
    public var commandTemplate: String?
    public var payloadPress: String?
    public var unit: String?
    public var deviceClass: String?
    public var stateClass: String?
    public var payloadOn: String?
    public var payloadOff: String?
    public var stateOn: String?
    public var stateOff: String?
    public var icon: String?
    /// Topics that must all (`availabilityMode` `all`) or any say `online`; replaces the device's.
    public var availability: [HAAvailability]?
    public var availabilityMode: String?
    /// Seconds without a state update after which the entity is unavailable.
    public var expireAfter: Int?
    /// `diagnostic` or `config`.
    public var entityCategory: String?
    public var suggestedDisplayPrecision: Int?
    public var jsonAttributesTopic: String?
    public var jsonAttributesTemplate: String?
    /// A `number`'s range and step, and `box` or `slider`.
    public var min: Double?
    public var max: Double?
    public var step: Double?
    public var mode: String?
    /// An `event`'s types.
    public var eventTypes: [String]?
    /// A `select`'s choices.
    public var options: [String]?

    /// A copy with `change` applied.
    public func with(_ change: (inout HAComponent) -> Void) -> HAComponent {
        var copy = self
        change(&copy)
        return copy
    }

    public init(
        platform: String, uniqueID: String, name: String, valueTemplate: String? = nil, stateTopic: String? = nil,
        commandTopic: String? = nil, commandTemplate: String? = nil, payloadPress: String? = nil, unit: String? = nil, deviceClass: String? = nil,
        stateClass: String? = nil,
        payloadOn: String? = nil, payloadOff: String? = nil, stateOn: String? = nil, stateOff: String? = nil, icon: String? = nil
    ) {
        self.platform = platform
        self.uniqueID = uniqueID
        self.name = name
        self.valueTemplate = valueTemplate
        self.stateTopic = stateTopic
        self.commandTopic = commandTopic
        self.commandTemplate = commandTemplate
        self.payloadPress = payloadPress
        self.unit = unit
        self.deviceClass = deviceClass
        self.stateClass = stateClass
        self.payloadOn = payloadOn
        self.payloadOff = payloadOff
        self.stateOn = stateOn
        self.stateOff = stateOff
        self.icon = icon
    }

    enum CodingKeys: String, CodingKey {
        case platform = "p", uniqueID = "unique_id", name, valueTemplate = "value_template", stateTopic = "state_topic"
        case commandTopic = "command_topic", commandTemplate = "command_template", payloadPress = "payload_press", unit = "unit_of_measurement",
            deviceClass = "device_class"
        case stateClass = "state_class", payloadOn = "payload_on", payloadOff = "payload_off", stateOn = "state_on"
        case stateOff = "state_off", icon, availability, availabilityMode = "availability_mode", expireAfter = "expire_after"
        case entityCategory = "entity_category", suggestedDisplayPrecision = "suggested_display_precision"
        case jsonAttributesTopic = "json_attributes_topic", jsonAttributesTemplate = "json_attributes_template", min, max, step, mode
        case eventTypes = "event_types", options
    }
}
