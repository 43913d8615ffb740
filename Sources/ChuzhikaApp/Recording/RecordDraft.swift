import ChuzhikaCore

/// What someone asks to record, as typed: on the command line or in one CSV row.
public struct RecordDraft: Hashable, Sendable {
    public var staff: StaffID
    public var point: String
    public var subject: String
    public var value: String
    public var date: LocalDate?
    public var session: Int?
    public var course: CourseID?
    public var note: String?
    /// Set for a correction: it supersedes the live record of the same period.
    public var correctionReason: String?
    public var isCorrection: Bool
    public var source: RecordSource
    /// The sheet column the value came from, when a sheet has a column per point or session.
    public var column: String?
    /// Generated data only (a `.seed` source): the day the record is said to have been entered,
    /// so that a demo shows records on time and late. Ignored for anything a person enters.
    public var enteredOn: LocalDate?

    public init(
        staff: StaffID, point: String, subject: String, value: String, date: LocalDate? = nil,
        session: Int? = nil, course: CourseID? = nil, note: String? = nil, isCorrection: Bool = false,
        correctionReason: String? = nil, source: RecordSource = .commandLine
    ) {
        self.staff = staff
        self.point = point
        self.subject = subject
        self.value = value
        self.date = date
        self.session = session
        self.course = course
        self.note = note
        self.isCorrection = isCorrection
        self.correctionReason = correctionReason
        self.source = source
    }
}

/// What was written for one record.
public struct RecordReceipt: Hashable, Codable, Sendable {
    public let record: RecordID
    public let pointName: String
    public let subject: String
    public let subjectName: String
    public let period: String
    public let value: String
    /// The change of the subject's semester balance for this point.
    public let pointsChange: Points
    public let superseded: RecordID?
    /// Warnings this record raised, raised higher or closed.
    public internal(set) var warnings: [WarningChange]
}
