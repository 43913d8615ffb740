import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaStore
import Foundation

/// What `czk init` created.
public struct InitSummary: Hashable, Codable, Sendable {
    public let path: String
    public let school: String
    public let admin: String
    public let adminName: String
    public let points: Int
    public let ruleVersion: String
}

extension CardApp {
    /// Starts a real college: a new, empty database (mode 0600) with the given rules and its
    /// first admin, who then sets the calendar and imports the roster.
    ///
    /// - Throws: ``AppError/databaseExists(path:)`` when anything is at `path`: init never
    ///   overwrites a college.
    public static func initCollege(
        at location: any StorePlace, school: String, admin: Staff, password: String, rules: [RuleSource], clock: Clock,
        hasher: PasswordHasher = .production, sessionHours: Int = defaultSessionHours
    ) throws -> (CardApp, InitSummary) {
        try check(password)
        guard (1...168).contains(sessionHours) else { throw AppError.forbidden("登录有效时长应为 1 到 168 小时") }
        let checked = RuleBookLoader.load(rules)
        guard let book = checked.book else { throw AppError.inputProblems(checked.errors) }
        guard !location.exists() else { throw AppError.databaseExists(path: location.description) }
        let app = CardApp(database: try location.create(), clock: clock, hasher: hasher)
        do {
            try app.database.write { session in
                try session.setMeta("kind", "college")
                try session.setMeta("school", school)
                try session.setMeta("sessionHours", String(sessionHours))
                try session.insertRuleSet(version: book.version, appliesFrom: book.appliesFrom, files: RuleTree.compiled(rules), appliedBy: admin.id.rawValue, at: clock.now())
                let change = RosterChange(.addStaff(admin, on: clock.today()), kind: .staff, action: .added,
                                          code: admin.id.rawValue, name: admin.name, detail: "首位管理员", line: 1)
                try session.apply([change], source: "czk init", by: admin.id.rawValue, at: clock.now())
                try app.createAdminLogin(admin, password: password, session: session)
                try session.append(app.entry(nil, admin.id.rawValue, "init", school, .ok, "建立学校，首位管理员 \(admin.id.rawValue)"))
            }
        } catch {
            try? location.remove()
            throw error
        }
        return (app, InitSummary(path: location.description, school: school, admin: admin.id.rawValue, adminName: admin.name,
                                 points: book.points.count, ruleVersion: book.version))
    }
}
