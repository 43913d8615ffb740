import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaSQLite
import ChuzhikaStore
import Foundation

/// Opening a college where people name it: a file path, or a `postgres://` URL.
extension CardApp {
    /// Opens the database at `path` (a file, or a `postgres://` URL), creating it when missing.
    public static func open(path: String, clock: Clock = .system, hasher: PasswordHasher = .production) throws -> CardApp {
        CardApp(database: try StoreLocation(path).open(), clock: clock, hasher: hasher, origin: path)
    }

    /// An empty card in memory (SQLite), for tests and benchmarks.
    public static func inMemory(clock: Clock = .system, hasher: PasswordHasher = .production) throws -> CardApp {
        CardApp(database: try SQLiteStore.inMemory(), clock: clock, hasher: hasher)
    }

    /// Opens the database at `path`, creating it (mode 0600) when missing: for the demo.
    public static func openOrCreate(path: String, clock: Clock = .system, hasher: PasswordHasher = .production) throws -> CardApp {
        let location = StoreLocation(path)
        let database = location.exists() ? try location.open() : try location.create()
        return CardApp(database: database, clock: clock, hasher: hasher, origin: path)
    }

    /// Opens the college at `path` (a file or a `postgres://` URL), or nil when there is none.
    public static func openExisting(path: String, clock: Clock = .system, hasher: PasswordHasher = .production) throws -> CardApp? {
        try StoreLocation(path).openExisting().map { CardApp(database: $0, clock: clock, hasher: hasher, origin: path) }
    }

    /// Whether a college is there: a file; a PostgreSQL college schema holding anything.
    public static func exists(path: String) -> Bool { StoreLocation(path).exists() }

    /// Whether others than the owner may read the database file (it holds personal data).
    public static func isReadableByOthers(path: String) -> Bool {
        guard case .sqlite(let file) = StoreLocation(path) else { return false }
        return SQLiteStore.isReadableByOthers(path: file)
    }

    /// `czk init` at a path or URL: see ``CardApp/initCollege(at:school:admin:password:rules:clock:hasher:sessionHours:)``.
    public static func initCollege(
        at path: String, school: String, admin: Staff, password: String, rules: [RuleSource], clock: Clock,
        hasher: PasswordHasher = .production, sessionHours: Int = defaultSessionHours
    ) throws -> (CardApp, InitSummary) {
        try initCollege(at: StoreLocation(path) as any StorePlace, school: school, admin: admin, password: password, rules: rules,
                        clock: clock, hasher: hasher, sessionHours: sessionHours)
    }

    /// `czk demo`'s check of its path or URL: see ``CardApp/prepareDemoDatabase(at:)``.
    public static func prepareDemoDatabase(at path: String) throws {
        try prepareDemoDatabase(at: StoreLocation(path) as any StorePlace)
    }
}
