import ChuzhikaCore

/// A record whose history does not read as one line of corrections.
public struct SupersessionFault: Hashable, Sendable {
    public let record: RecordID
    /// How many records say they supersede it (more than one: superseded twice).
    public let successors: Int
    /// Whether it is marked superseded.
    public let isSuperseded: Bool

    public init(record: RecordID, successors: Int, isSuperseded: Bool) {
        self.record = record
        self.successors = successors
        self.isSuperseded = isSuperseded
    }
}

/// Records written by a person on a day the audit log has no write of theirs.
public struct UnauditedWrites: Hashable, Sendable {
    public let staff: StaffID
    public let day: String
    public let records: Int

    public init(staff: StaffID, day: String, records: Int) {
        self.staff = staff
        self.day = day
        self.records = records
    }
}
