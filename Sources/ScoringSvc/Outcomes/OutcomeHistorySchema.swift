/// The outcome history's tables: plans, node scores, recommended and executed moves, feedback
/// and when the last digest was sent.
enum OutcomeHistorySchema {
    static let sql = """
        CREATE TABLE plan_history (
            ts INTEGER PRIMARY KEY, cycle INTEGER NOT NULL, status TEXT NOT NULL, health_before REAL NOT NULL,
            health_after REAL NOT NULL, proposed INTEGER NOT NULL, skipped INTEGER NOT NULL);
        CREATE TABLE node_score_history (
            node TEXT NOT NULL, ts INTEGER NOT NULL, score_before REAL NOT NULL, score_after REAL NOT NULL, suitability REAL,
            UNIQUE (node, ts));
        CREATE INDEX node_score_history_ts ON node_score_history (ts);
        CREATE TABLE proposed_moves (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, vmid INTEGER NOT NULL, first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL);
        CREATE INDEX proposed_moves_last ON proposed_moves (last_ts);
        CREATE TABLE executed_moves (
            migration TEXT PRIMARY KEY, recommendation TEXT, vmid INTEGER NOT NULL, target TEXT NOT NULL,
            created_ts INTEGER NOT NULL, finished_ts INTEGER NOT NULL, predicted_target_cpu REAL, observed_target_cpu REAL);
        CREATE INDEX executed_moves_created ON executed_moves (created_ts);
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY, recommendation TEXT NOT NULL, kind TEXT NOT NULL, helpful INTEGER NOT NULL, reason TEXT,
            ts INTEGER NOT NULL);
        CREATE INDEX feedback_ts ON feedback (ts);
        CREATE TABLE outcome_marks (key TEXT PRIMARY KEY, ts INTEGER NOT NULL);
        """
}
