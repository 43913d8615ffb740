import ChuzhikaCore

/// The outbox of notifications, the channels and preferences of staff, and every delivery
/// (issue 25).
public protocol NotifySession: AnyObject {
    /// Adds an event to the outbox unless one with its key is there; true when added.
    func enqueue(_ event: OutboxEvent) throws -> Bool
    /// Waits for every transaction still adding events to end, and keeps new ones out until this
    /// transaction ends: ids are taken when a row is inserted, not when it commits, so without
    /// this a reader could pass an id another writer has not committed yet, and never see it.
    func holdOutbox() throws
    /// Outbox events after `id`, oldest first, at most `limit`.
    func outboxEvents(after id: Int64, limit: Int) throws -> [OutboxEvent]
    func outboxEvent(_ id: Int64) throws -> OutboxEvent?

    func addChannel(_ channel: NotifyChannel) throws -> Int64
    /// Channels in use (every staff member's, or one's), in the order they were added.
    func channels(of staff: StaffID?) throws -> [NotifyChannel]
    func channel(_ id: Int64) throws -> NotifyChannel?
    /// Takes a channel out of use (kept, with who removed it and when); false when not in use.
    func removeChannel(_ id: Int64, by person: String, at time: String) throws -> Bool

    func preference(of staff: StaffID) throws -> NotifyPreference?
    func setPreference(_ preference: NotifyPreference, by person: String, at time: String) throws

    /// Adds a delivery of `event` to `channel` unless there is one already.
    func addDelivery(event: Int64, channel: Int64, dueAt: Int, isDigest: Bool) throws
    /// Pending deliveries due by `time`, oldest first, at most `limit`.
    func dueDeliveries(by time: Int, limit: Int) throws -> [Delivery]
    /// Takes a due delivery for a sender until `until`; false when another sender took it first.
    func leaseDelivery(_ id: Int64, dueBy time: Int, until: Int) throws -> Bool
    func updateDelivery(_ id: Int64, status: Delivery.Status, attempts: Int, dueAt: Int, lastError: String?, sentAt: String?) throws
    func deliveries(_ ids: [Int64]) throws -> [Delivery]
    /// Every delivery, newest first, at most `limit` (for `czk notify status`).
    func deliveries(limit: Int) throws -> [Delivery]
    /// How many deliveries stand in each status.
    func deliveryCounts() throws -> [Delivery.Status: Int]
}
