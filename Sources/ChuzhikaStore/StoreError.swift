import ChuzhikaCore
import Foundation

/// Failures of the store, in domain words. SQL text never reaches users.
public enum StoreError: Error, Equatable, Sendable {
    /// A live record already exists for this subject, point and period.
    case duplicateRecord(existing: RecordID)
    /// A reference to something the database does not hold.
    case unknown(kind: String, code: String)
    /// An attempt to change or delete what is append-only.
    case appendOnly(String)
    /// Any other database failure, with SQLite's message.
    case database(String)
    /// A new database was asked for where a file exists.
    case exists(String)
}

extension StoreError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .duplicateRecord(let id): "该学生（班级）在这一期已有这项记录（记录号 \(id.rawValue)）"
        case .unknown(let kind, let code): "数据库里没有\(kind) \(code)"
        case .appendOnly(let what): "\(what)只能追加，不能修改或删除"
        case .database(let message): "数据库错误：\(message)"
        case .exists(let path): "\(path) 已经存在"
        }
    }
}
