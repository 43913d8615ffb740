import ChuzhikaCore

/// Risk warnings (预警) and their follow-up trail.
public protocol WarningSession: AnyObject {
    func openWarning(
        _ subject: Subject, rule: String, category: WarningCategory, level: WarningLevel, episode: Int, previous: Int64?,
        on day: LocalDate, evidence: String, condition: String, isNoData: Bool
    ) throws -> Int64
    func updateWarning(_ id: Int64, level: WarningLevel, status: WarningStatus, evidence: String, condition: String) throws
    func appendWarningEvent(_ id: Int64, _ event: Warning.Event) throws
    func warning(_ id: Int64) throws -> Warning?
    func warnings(of subject: Subject) throws -> [Warning]
    func allWarnings(activeOnly: Bool, classes: [ClassID]?) throws -> [(warning: Warning, schoolClass: ClassID, name: String)]
    func warningEvents(_ id: Int64) throws -> [Warning.Event]
    /// Every warning's events, in order, in one query (for the follow-up outcomes).
    func allWarningEvents() throws -> [Int64: [Warning.Event]]
}

extension WarningSession {
    public func warnings(of student: StudentID) throws -> [Warning] { try warnings(of: .student(student)) }
    public func allWarnings(activeOnly: Bool) throws -> [(warning: Warning, schoolClass: ClassID, name: String)] {
        try allWarnings(activeOnly: activeOnly, classes: nil)
    }
}
