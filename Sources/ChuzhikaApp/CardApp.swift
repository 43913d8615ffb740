import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore
import Foundation

/// The use cases of the card: what the CLI and a later web portal call.
///
/// Holds the database, the rule book in force (read from the database) and the clock.
public struct CardApp: Sendable {
    public let database: CardDatabase
    public let clock: Clock
    /// Makes password hashes: ``PasswordHasher/production`` except in tests.
    public let hasher: PasswordHasher
    private let cache = RuleBookCache()

    public init(database: CardDatabase, clock: Clock = .system, hasher: PasswordHasher = .production) {
        self.database = database
        self.clock = clock
        self.hasher = hasher
    }

    /// Opens the database at `path`, creating it when missing.
    public static func open(path: String, clock: Clock = .system, hasher: PasswordHasher = .production) throws -> CardApp {
        CardApp(database: try CardDatabase(path: path), clock: clock, hasher: hasher)
    }

    /// The rules most recently applied to this database.
    ///
    /// - Throws: ``AppError/noRules`` before any rules were applied.
    public func ruleBook() throws -> RuleBook { try ruleBooks().latest }

    /// Every rule set applied to this database; each semester is scored by its own.
    public func ruleBooks() throws -> RuleBooks {
        try database.read { try ruleBooks(in: $0) }
    }

    /// The same, read within a read or write already open (one transaction for a whole page).
    func ruleBooks(in session: CardSession) throws -> RuleBooks {
        let stamp = try session.ruleSetStamp()
        if let cached = cache.books(for: stamp) { return cached }
        let sets = try session.ruleSets()
        guard !sets.isEmpty else { throw AppError.noRules }
        let books = RuleBooks(try sets.map { set in
            let result = RuleBookLoader.load(set.files)
            guard let book = result.book else { throw AppError.inputProblems(result.errors) }
            return book
        })
        cache.store(books, for: stamp)
        return books
    }

    public func calendar() throws -> SchoolCalendar { try database.read { try $0.calendar() } }
}

extension RuleBook {
    /// The point with this id, or a refusal that suggests near ids.
    func point(_ text: String) throws(AppError) -> ScoringPoint {
        if let point = self[PointID(rawValue: text)] { return point }
        if let byName = points.first(where: { $0.name == text }) { return byName }
        let suggestions = points.filter {
            $0.id.rawValue.contains(text) || text.contains($0.id.rawValue.split(separator: ".").last.map(String.init) ?? "~")
                || $0.name.contains(text)
        }.prefix(3).map { "\($0.id.rawValue)（\($0.name)）" }
        throw .unknownPoint(text, suggestions: Array(suggestions))
    }
}

/// Parsed rule sets, kept while no new rule set is applied: parsing the YAML took most of the
/// time of a card read in a long-running process.
final class RuleBookCache: @unchecked Sendable {
    private let lock = NSLock()
    private var stamp: String?
    private var books: RuleBooks?

    func books(for stamp: String) -> RuleBooks? {
        lock.withLock { self.stamp == stamp ? books : nil }
    }

    func store(_ books: RuleBooks, for stamp: String) {
        lock.withLock {
            self.stamp = stamp
            self.books = books
        }
    }
}

extension CardApp {
    /// Opens the database at `path`, creating it (mode 0600) when missing: for the demo.
    public static func openOrCreate(path: String, clock: Clock = .system, hasher: PasswordHasher = .production) throws -> CardApp {
        let manager = FileManager.default
        let database = manager.fileExists(atPath: path) ? try CardDatabase(path: path) : try CardDatabase.create(path: path)
        return CardApp(database: database, clock: clock, hasher: hasher)
    }
}

extension CardApp {
    /// Whether others than the owner may read the database file (it holds personal data).
    public static func isReadableByOthers(path: String) -> Bool { CardDatabase.isReadableByOthers(path: path) }
}
