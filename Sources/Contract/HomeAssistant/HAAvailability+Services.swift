/// The availability lists ProxBalance's Home Assistant entities use.
extension HAAvailability {
    /// A service's own `{b}/<service>/availability` (its last will).
    public static func service(_ service: ServiceName, topics: Topics) -> HAAvailability {
        HAAvailability(topic: topics.availability(service))
    }

    /// Scoring's availability, under `{b}` when it serves one cluster and under `<base>` when it
    /// serves every cluster: use with `availability_mode` `any` (a topic never published counts
    /// as not available).
    public static func scoring(topics: Topics) -> [HAAvailability] {
        [HAAvailability(topic: topics.availability(.scoring)), HAAvailability(topic: Topics.availability(base: topics.base, .scoring))]
    }

    /// Online while `{b}/nodes/<node>` says the node is `online`.
    public static func nodeOnline(_ node: String, topics: Topics) -> HAAvailability {
        HAAvailability(topic: topics.node(node), valueTemplate: "{{ 'online' if value_json.status | default('') == 'online' else 'offline' }}")
    }
}

extension HAComponent {
    /// Available while every topic of `list` says `online`.
    public func available(whenAll list: [HAAvailability]) -> HAComponent {
        with {
            $0.availability = list
            $0.availabilityMode = list.count > 1 ? "all" : nil
        }
    }

    /// Available while scoring (for one cluster or for all) is online.
    public func availableWithScoring(topics: Topics) -> HAComponent {
        with {
            $0.availability = HAAvailability.scoring(topics: topics)
            $0.availabilityMode = "any"
        }
    }
}
