import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore
import Foundation

/// The use cases of the card: what the CLI and a later web portal call.
///
/// Holds the database, the rule book in force (read from the database) and the clock.
public struct CardApp: Sendable {
    public let database: any CardStore
    public let clock: Clock
    /// Makes password hashes: ``PasswordHasher/production`` except in tests.
    public let hasher: PasswordHasher
    /// What `--db` named when the card was opened by path (a file or a URL); nil otherwise.
    public let origin: String?
    private let cache = RuleBookCache()

    public init(database: any CardStore, clock: Clock = .system, hasher: PasswordHasher = .production, origin: String? = nil) {
        self.database = database
        self.clock = clock
        self.hasher = hasher
        self.origin = origin
    }

    /// The rules most recently applied to this database.
    ///
    /// - Throws: ``AppError/noRules`` before any rules were applied.
    public func ruleBook() throws -> RuleBook { try database.read { try latestBook(in: $0) } }

    /// Only the latest set: a command about today's rules (a warning list) need not build the
    /// rule book of every earlier year.
    private func latestBook(in session: CardSession) throws -> RuleBook {
        let stamp = try session.ruleSetStamp()
        if let cached = cache.latest(for: stamp) { return cached }
        guard let set = try session.currentRuleSet() else { throw AppError.noRules }
        let book = try Self.book(set.files)
        cache.store(latest: book, for: stamp)
        return book
    }

    /// The rules that govern `semester`: only that set is built (a college's rules of earlier
    /// years are not, for a command about this semester).
    func ruleBook(for semester: SemesterID) throws -> RuleBook {
        try database.read { session in
            let stamp = try session.ruleSetStamp()
            if let all = cache.books(for: stamp) { return all.book(for: semester) }
            let heads = try session.ruleSetHeads()
            guard !heads.isEmpty else { throw AppError.noRules }
            let id = heads[RuleBooks.governing(heads.map(\.appliesFrom), semester)].id
            if id == heads.last?.id { return try latestBook(in: session) }
            guard let set = try session.ruleSet(id) else { throw AppError.noRules }
            return try Self.book(set.files)
        }
    }

    /// Every rule set applied to this database; each semester is scored by its own.
    public func ruleBooks() throws -> RuleBooks {
        try database.read { try ruleBooks(in: $0) }
    }

    /// The same, read within a read or write already open (one transaction for a whole page).
    /// In a write (PostgreSQL: READ COMMITTED) a rule change may commit between reading the stamp
    /// and the sets: those are not kept then, and the write, which checks the stamp again once it
    /// holds its locks, is refused.
    func ruleBooks(in session: CardSession, stamp known: String? = nil) throws -> RuleBooks {
        let stamp = try known ?? session.ruleSetStamp()
        if let cached = cache.books(for: stamp) { return cached }
        let sets = try session.ruleSets()
        guard !sets.isEmpty else { throw AppError.noRules }
        var books = RuleBooks(try sets.map { try Self.book($0.files) })
        books.stamp = stamp
        if try session.ruleSetStamp() == stamp { cache.store(books, for: stamp) }
        return books
    }

    /// The rule books and the calendar, in one read when the books are kept (the rule sets'
    /// stamp comes with the calendar): what a write or a card read needs first.
    func booksAndCalendar(in session: CardSession) throws -> (books: RuleBooks, calendar: SchoolCalendar) {
        let (calendar, stamp) = try session.calendarWithRuleSetStamp()
        return (try ruleBooks(in: session, stamp: stamp), calendar)
    }

    /// Parses the rule sets before a write when this process has not yet (a CLI command): the
    /// write then finds them kept, and does not hold SQLite's write lock while YAML is parsed.
    func warmRuleBooks() throws {
        if cache.isEmpty { _ = try ruleBooks() }
    }

    public func calendar() throws -> SchoolCalendar { try database.read { try $0.calendar() } }

    private static func book(_ files: [RuleSource]) throws -> RuleBook {
        let result = RuleBookLoader.load(files)
        guard let book = result.book else { throw AppError.inputProblems(result.errors) }
        return book
    }
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
    private var latest: RuleBook?

    var isEmpty: Bool { lock.withLock { stamp == nil } }

    func books(for stamp: String) -> RuleBooks? {
        lock.withLock { self.stamp == stamp ? books : nil }
    }

    /// The latest rule book, from every set's books or on its own.
    func latest(for stamp: String) -> RuleBook? {
        lock.withLock { self.stamp == stamp ? books?.latest ?? latest : nil }
    }

    func store(_ books: RuleBooks, for stamp: String) {
        lock.withLock {
            self.stamp = stamp
            self.books = books
            latest = books.latest
        }
    }

    func store(latest book: RuleBook, for stamp: String) {
        lock.withLock {
            if self.stamp != stamp { books = nil }
            self.stamp = stamp
            latest = book
        }
    }
}
