import ChuzhikaCore

/// The school calendar and the rule sets in force, each version kept.
public protocol CalendarSession: AnyObject {
    func insert(_ calendar: SchoolCalendar) throws
    func calendar() throws -> SchoolCalendar
    /// The calendar and ``ruleSetStamp()`` read together (one round trip): what a write or a card
    /// read needs first.
    func calendarWithRuleSetStamp() throws -> (calendar: SchoolCalendar, ruleSetStamp: String)
    func save(_ semester: Semester) throws
    func insertRuleSet(version: String, appliesFrom: SemesterID?, files: [RuleSource], appliedBy: String, at time: String) throws
    /// Changes whenever a rule set is added: caches of built rule books key on it.
    func ruleSetStamp() throws -> String
    func ruleSets() throws -> [(version: String, files: [RuleSource])]
    func ruleSetHeads() throws -> [(id: Int64, appliesFrom: SemesterID?)]
    func ruleSet(_ id: Int64) throws -> (version: String, files: [RuleSource])?
    func currentRuleSet() throws -> (version: String, files: [RuleSource])?
}

extension CalendarSession {
    public func insertRuleSet(version: String, files: [RuleSource], appliedBy: String, at time: String) throws {
        try insertRuleSet(version: version, appliesFrom: nil, files: files, appliedBy: appliedBy, at: time)
    }
}
