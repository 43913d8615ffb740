/// Where a record came from: typed at the command line, a CSV row, or the demo seed.
public enum RecordSource: Hashable, Codable, Sendable, CustomStringConvertible {
    case commandLine
    case sheet(file: String, row: Int)
    case seed(String)

    public var description: String {
        switch self {
        case .commandLine: "cli"
        case .sheet(let file, let row): "\(file):\(row)"
        case .seed(let name): "seed:\(name)"
        }
    }

    public init(text: String) {
        if text == "cli" {
            self = .commandLine
        } else if text.hasPrefix("seed:") {
            self = .seed(String(text.dropFirst(5)))
        } else if let colon = text.lastIndex(of: ":"), let row = Int(text[text.index(after: colon)...]) {
            self = .sheet(file: String(text[..<colon]), row: row)
        } else {
            self = .seed(text)
        }
    }
}

/// A 采分录入: one observation of one 采分点 for one subject in one period.
///
/// Records are never changed. A correction is a new record that ``supersedes`` an old one
/// and carries a ``reason``.
public struct Record: Hashable, Codable, Sendable {
    public var id: RecordID?
    public let subject: Subject
    public let point: PointID
    /// The ``Period/key`` of the period it belongs to.
    public let periodKey: String
    /// The semester whose account it is credited to.
    public let semester: SemesterID
    public let value: RecordValue
    /// The day the observation is about (the session's day, the week's day…).
    public let date: LocalDate
    public let session: Int?
    public let course: CourseID?
    public let recordedBy: StaffID
    /// When it was written, ISO 8601 with time zone.
    public let recordedAt: String
    public let source: RecordSource
    public let note: String?
    public let supersedes: RecordID?
    public let reason: String?

    public init(
        id: RecordID? = nil, subject: Subject, point: PointID, periodKey: String,
        semester: SemesterID, value: RecordValue,
        date: LocalDate, session: Int? = nil, course: CourseID? = nil, recordedBy: StaffID,
        recordedAt: String, source: RecordSource, note: String? = nil,
        supersedes: RecordID? = nil, reason: String? = nil
    ) {
        self.id = id
        self.subject = subject
        self.point = point
        self.periodKey = periodKey
        self.semester = semester
        self.value = value
        self.date = date
        self.session = session
        self.course = course
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.source = source
        self.note = note
        self.supersedes = supersedes
        self.reason = reason
    }
}
