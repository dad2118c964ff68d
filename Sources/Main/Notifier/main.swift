import Shared

// pb-notifier: placeholder until its issue lands — connects, announces availability, waits.
await ServiceRunner.run(.notifier, prepare: { _ in () }, services: { _, _ in [IdleService()] })
