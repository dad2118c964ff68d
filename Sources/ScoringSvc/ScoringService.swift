/// The Scoring service library (its behaviour arrives with its own issue).
public enum ScoringService {}
