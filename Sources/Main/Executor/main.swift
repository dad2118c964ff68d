import Shared

// pb-executor: placeholder until its issue lands — connects, announces availability, waits.
await ServiceRunner.run(.executor, prepare: { _ in () }, services: { _, _ in [IdleService()] })
