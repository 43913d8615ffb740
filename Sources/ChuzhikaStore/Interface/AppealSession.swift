import ChuzhikaCore

/// Students' appeals (申诉) against a record, and their answers.
public protocol AppealSession: AnyObject {
    func insertAppeal(record: RecordID, student: StudentID, reason: String, at: String) throws -> Int64
    func answerAppeal(_ id: Int64, _ answer: Appeal.Answer) throws
    func appeal(_ id: Int64) throws -> Appeal?
    func appeals(of student: StudentID) throws -> [Appeal]
    func openAppeals(recordedBy staff: StaffID) throws -> [Appeal]
    func openAppeals() throws -> [Appeal]
}
