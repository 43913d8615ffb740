import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaSQLite
import ChuzhikaStore
import Foundation

/// What `czk migrate` did: every table's rows carried across, both sides checked, every ledger
/// balance compared.
public struct MigrationReport: Codable, Sendable {
    public struct TableCount: Codable, Sendable {
        public let table: String
        public let rows: Int
    }

    public let from: String
    public let to: String
    public let tables: [TableCount]
    public let source: IntegrityReport
    public let destination: IntegrityReport
    /// Ledger accounts whose balances were compared (all equal, or the migration failed).
    public let accounts: Int
    /// This run finished the checks of an earlier one that stopped after its copy was committed
    /// (nothing was copied again; `tables` is then empty).
    public let resumed: Bool
}

extension CardApp {
    /// How many rows are read and written at a time.
    static let migrationBatch = 5_000

    /// Moves a college from one store to another (SQLite ⇄ PostgreSQL), without loss: the
    /// source must pass `czk check`; every table is copied row by row, ids included, in one
    /// transaction on the destination; then the destination must pass `czk check` and every
    /// ledger balance must equal the source's. On any failure the destination is removed and
    /// the source is as it was.
    ///
    /// - Parameter progress: told each table's name and rows copied so far.
    public static func migrate(
        from: String, to: String, clock: Clock, progress: ((String, Int) -> Void)? = nil
    ) throws -> MigrationReport {
        let sourceLocation = StoreLocation(from)
        let destinationLocation = StoreLocation(to)
        guard sourceLocation.exists() else { throw AppError.notFound("数据库\(sourceLocation.description)") }
        // A destination that an earlier run copied into and committed, but did not live to
        // verify, says so in its meta: this run finishes the comparison instead of refusing.
        let unfinished = try unverifiedMigration(at: destinationLocation)
        guard unfinished != nil || !destinationLocation.exists() else {
            throw AppError.migrationRefused("\(destinationLocation.description) 已经存在，迁移不会覆盖它；请换一个目标，或确认不再需要后删除它")
        }
        if let unfinished, unfinished != sourceLocation.description {
            throw AppError.migrationRefused("\(destinationLocation.description) 是从 \(unfinished) 迁移来的、尚未核对完的数据库，不是从 \(sourceLocation.description)；请用同一个 --from 重新运行以完成核对")
        }
        let source = CardApp(database: try sourceLocation.open(), clock: clock)
        let sourceCheck = try source.check()
        guard sourceCheck.isClean else {
            throw AppError.migrationFailed("源数据库未通过 czk check（\(sourceCheck.problemCount) 处问题），先修复再迁移")
        }
        let destination = CardApp(database: unfinished == nil ? try destinationLocation.create() : try destinationLocation.open(),
                                  clock: clock)
        do {
            var counts: [MigrationReport.TableCount] = []
            if unfinished == nil {
                try source.database.read { from in
                    try destination.database.write { to in
                        for table in CollegeTables.all {
                            counts.append(.init(table: table.name, rows: try copy(table, from: from, to: to, progress: progress)))
                        }
                        try to.finishLoad()
                        try to.setMeta(unverifiedKey, sourceLocation.description)
                    }
                }
            }
            let destinationCheck = try destination.check()
            guard destinationCheck.isClean else {
                throw AppError.migrationFailed("迁移后的数据库未通过 czk check（\(destinationCheck.problemCount) 处问题）：\(destinationCheck.problems.first.map { "\($0.kind) \($0.detail)" } ?? "")")
            }
            let before = try source.database.read { try $0.ledgerTotals() }
            let after = try destination.database.read { try $0.ledgerTotals() }
            guard before == after else {
                let differing = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
                throw AppError.migrationFailed("\(differing.count) 个记账科目余额不一致，第一个：\(differing.first ?? "")")
            }
            try destination.database.write { try $0.setMeta(unverifiedKey, "") }
            return MigrationReport(
                from: sourceLocation.description, to: destinationLocation.description, tables: counts, source: sourceCheck,
                destination: destinationCheck, accounts: after.count, resumed: unfinished != nil)
        } catch {
            // Only what this run created: a resumed destination may already be in use.
            if unfinished == nil { try? destinationLocation.remove() }
            throw error
        }
    }

    /// The meta key a migration's destination holds, naming its source, until both were compared.
    static let unverifiedKey = "migrationUnverifiedFrom"

    /// The source of an unverified migration into `location`, if that is what is there.
    /// A file is read without being opened as a card (a foreign file at `--to` stays untouched).
    private static func unverifiedMigration(at location: StoreLocation) throws -> String? {
        let source: String?
        switch location {
        case .sqlite(let path): source = SQLiteStore.meta(unverifiedKey, inFileAt: path)
        case .postgres: source = try location.openExisting().flatMap { try $0.read { try $0.meta(unverifiedKey) } }
        }
        return source.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Copies one table a batch at a time, in key order; returns how many rows.
    private static func copy(
        _ table: CollegeTables.Table, from: any CardSession, to: any CardSession, progress: ((String, Int) -> Void)?
    ) throws -> Int {
        var after: StoredValue?
        var copied = 0
        while true {
            let batch = try from.dump(table, after: after, limit: migrationBatch)
            guard let last = batch.rows.last, let key = batch.columns.firstIndex(of: table.key.lowercased()) else { break }
            try to.load(batch)
            copied += batch.rows.count
            progress?(table.name, copied)
            after = last[key]
            if batch.rows.count < migrationBatch { break }
        }
        return copied
    }
}
