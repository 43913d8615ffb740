import ChuzhikaCore

/// What `czk check` asks of the store: the engine's own checks and the invariants it can count.
public protocol IntegritySession: AnyObject {
    /// What the engine says of its own storage (SQLite: `integrity_check`, `foreign_key_check`),
    /// one line each; empty when sound.
    func engineProblems() throws -> [String]
    func supersessionFaults() throws -> [SupersessionFault]
    func unauditedWrites() throws -> [UnauditedWrites]
    func recordCount() throws -> Int
    func allScoredKeys() throws -> [(Subject, PointID, SemesterID)]
}

/// Raw SQL, for tests only: not part of ``CardSession`` (a use case can never reach it), but a
/// test SPI that each engine's session conforms to (`@_spi(Testing) import ChuzhikaStore`).
@_spi(Testing) public protocol TestingSession: AnyObject {
    /// Runs raw SQL: only for tests that prove the schema refuses what the API never does.
    func executeForTesting(_ sql: String) throws
    /// A single integer from SQL, for tests that check invariants the API does not expose.
    func countForTesting(_ sql: String) throws -> Int
}
