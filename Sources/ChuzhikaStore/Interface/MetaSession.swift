import ChuzhikaCore

/// Settings of the card kept in the database, and whether it holds anything.
public protocol MetaSession: AnyObject {
    func meta(_ key: String) throws -> String?
    func setMeta(_ key: String, _ value: String) throws
    /// Whether the database holds anything at all (students, staff or records).
    func isEmpty() throws -> Bool
}
