import Contract
import Foundation
import Logging
import MQTT

extension Scorer {
    /// Stores a usable plan in the outcome history, prunes a batch, publishes the success
    /// metrics and, once a week, the digest event. A digest is recorded as sent before it is
    /// published, so a restart never sends it twice; the first plan only starts the count.
    func recordOutcomes(_ plan: RecommendationSet, scores: NodeScoresReport) async {
        do {
            try await outcomeHistory.record(plan, scores: scores)
            try await outcomeHistory.prune(now: now())
        } catch {
            logger.error("outcome history not stored", metadata: ["error": "\(error)"])
        }
        let metrics: SuccessMetrics
        do {
            metrics = SuccessMetricsCalculation.metrics(try await outcomeHistory.facts(now: now()), cluster: topics.cluster, now: now())
        } catch {
            return logger.error("success metrics not computed", metadata: ["error": "\(error)"])
        }
        await publish { [MQTTMessage(topic: topics.successMetrics, data: try MessageCoding.encode(metrics), retain: true)] }
        do {
            guard let last = try await outcomeHistory.lastDigest() else { return try await outcomeHistory.setLastDigest(now()) }
            guard WeeklyDigest.isDue(last: last, now: now()) else { return }
            try await outcomeHistory.setLastDigest(now())
        } catch {
            return logger.error("digest schedule not read or stored; no digest sent", metadata: ["error": "\(error)"])
        }
        let feedback = try? await feedbackSummary()
        let digest = WeeklyDigest.event(metrics, feedback: feedback)
        await publish { [MQTTMessage(topic: topics.events(digest.category), data: try MessageCoding.encode(digest))] }
    }

    /// Answers `score_history` (`no_data` before the first snapshot; `not_found` for a node
    /// neither in the snapshot nor in the window).
    public func scoreHistory(_ payload: Data) async -> [UInt8] {
        let id = RequestHeader.id(in: payload)
        let request: ScoreHistoryRequest
        let window: Int64
        do {
            request = try ScoreHistoryRequest.decode(payload)
            window = try request.windowSeconds()
        } catch {
            return ReplyPayload.failure(id: id, error)
        }
        guard let snapshot else { return ReplyPayload.failure(id: id, .noData) }
        let series: ScoreHistorySeries
        do {
            series = try await outcomeHistory.scoreSeries(node: request.node, window: window, now: now())
        } catch {
            logger.error("score history not read", metadata: ["error": "\(error)"])
            return ReplyPayload.failure(id: id, .internal("the score history could not be read: \(error)"))
        }
        if let node = request.node, series.points.isEmpty, !snapshot.nodes.contains(where: { $0.name == node }) {
            return ReplyPayload.failure(id: id, .notFound("node: node '\(node)' has no score history in cluster \(topics.cluster)"))
        }
        return ReplyPayload.make(id: id, .success(series))
    }

    /// Answers `plan_history` (`no_data` before the first snapshot).
    public func planHistory(_ payload: Data) async -> [UInt8] {
        let id = RequestHeader.id(in: payload)
        let request: PlanHistoryRequest
        let window: Int64
        do {
            request = try PlanHistoryRequest.decode(payload)
            window = try OutcomeHistory.window(request.window)
        } catch {
            return ReplyPayload.failure(id: id, error)
        }
        guard snapshot != nil else { return ReplyPayload.failure(id: id, .noData) }
        do {
            let history = try await outcomeHistory.planHistory(window: window, limit: request.limit ?? 100, now: now())
            return ReplyPayload.make(id: id, .success(history))
        } catch {
            logger.error("plan history not read", metadata: ["error": "\(error)"])
            return ReplyPayload.failure(id: id, .internal("the plan history could not be read: \(error)"))
        }
    }

    /// Answers `feedback`: stores the vote on a move recommended in the last 30 days
    /// (`not_found` naming `recommendation_id` otherwise), publishes and answers the summary.
    public func feedback(_ payload: Data) async -> [UInt8] {
        let id = RequestHeader.id(in: payload)
        let request: FeedbackRequest
        do {
            request = try FeedbackRequest.decode(payload)
        } catch {
            return ReplyPayload.failure(id: id, error)
        }
        let summary: FeedbackSummary
        do {
            guard let kind = try await outcomeHistory.recommendationKind(request.recommendationId) else {
                return ReplyPayload.failure(
                    id: id,
                    .notFound(
                        "recommendation_id: no move '\(request.recommendationId.prefix(80))' was recommended in cluster \(topics.cluster) in the last 30 days"
                    ))
            }
            let reason = request.reason.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            try await outcomeHistory.addFeedback(
                FeedbackEntry(recommendationID: request.recommendationId, kind: kind, helpful: request.helpful, reason: reason), at: now())
            summary = try await feedbackSummary()
        } catch {
            logger.error("feedback not stored", metadata: ["error": "\(error)"])
            return ReplyPayload.failure(id: id, .internal("the feedback could not be stored: \(error)"))
        }
        logger.info("feedback recorded", metadata: ["recommendation": "\(request.recommendationId)", "helpful": "\(request.helpful)"])
        await publish { [try feedbackMessage(summary)] }
        return ReplyPayload.make(id: id, .success(summary))
    }

    /// Publishes the retained feedback summary (at start, and after each vote).
    func publishFeedback() async {
        do {
            let summary = try await feedbackSummary()
            await publish { [try feedbackMessage(summary)] }
        } catch {
            logger.error("feedback summary not read", metadata: ["error": "\(error)"])
        }
    }

    private func feedbackSummary() async throws -> FeedbackSummary {
        FeedbackAggregation.summary(try await outcomeHistory.feedback(), cluster: topics.cluster, now: now())
    }

    private func feedbackMessage(_ summary: FeedbackSummary) throws -> MQTTMessage {
        MQTTMessage(topic: topics.feedback, data: try MessageCoding.encode(summary), retain: true)
    }
}
