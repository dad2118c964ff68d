/// Which guests hold a place on their node, for the planner and the executor alike: every guest
/// placed there, running or stopped (a stopped guest can be started at any time), except
/// templates, which never run. Such a guest commits its memory (`MemoryGate`) and clashes with
/// guests that share one of its `exclude_<group>` tags.
public enum Placement {
    /// Whether a guest with this template flag holds a place on its node.
    public static func occupies(template: Bool) -> Bool { !template }
}
