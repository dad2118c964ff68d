import Shared

// pb-scoring: placeholder until its issue lands — connects, announces availability, waits.
await ServiceRunner.run(.scoring, prepare: { _ in () }, services: { _, _ in [IdleService()] })
