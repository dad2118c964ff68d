/// The Executor service library (its behaviour arrives with its own issue).
public enum ExecutorService {}
