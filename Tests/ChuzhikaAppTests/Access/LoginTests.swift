import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaSeeding
import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Testing

@Suite struct LoginTests {
    /// The test school with a login for H1 and S11, on a clock the test moves.
    func school(_ time: ManualTime = ManualTime()) throws -> CardApp {
        let base = try TestSchool.make(today: "2025-10-15")
        let app = CardApp(database: base.database, clock: .manual(LocalDate("2025-10-15")!, time), hasher: .testing)
        let admin = try app.principal("A1")
        try app.addUser("H1", password: "correct-horse-1", by: admin)
        try app.addUser("S11", password: "student-pass-1", by: admin)
        return app
    }

    func trail(_ app: CardApp, _ subject: String) throws -> [AuditEntry] {
        try app.database.read { try $0.audit(subject: subject, by: nil, since: nil, limit: 100) }
    }

    @Test func theRightPasswordOpensASessionAndTheDatabaseKeepsNeitherPasswordNorToken() throws {
        let app = try school()
        let result = try app.login("H1", password: "correct-horse-1")
        #expect(result.token.count == 64, "256 bits in hex")
        #expect(try app.principal(token: result.token).code == "H1")
        let stored = try app.database.read { try $0.login("H1") }
        #expect(stored?.passwordHash.hasPrefix("pbkdf2-sha256$1000$") == true)
        #expect(stored?.passwordHash.contains("correct-horse-1") == false)
        let everything = try app.database.read { try $0.dataFingerprint() }.values.joined()
        #expect(!everything.contains(result.token))
        #expect(try app.database.read { try $0.session(tokenHash: PasswordHasher.tokenHash(result.token)) } != nil)
    }

    @Test func theShippedHasherUsesSixHundredThousandRounds() throws {
        #expect(PasswordHasher.production.rounds >= 600_000)
        let hash = try PasswordHasher.production.hash("x")
        #expect(hash.hasPrefix("pbkdf2-sha256$600000$"))
        let salt = Data(base64Encoded: String(hash.split(separator: "$")[2]))
        #expect(salt?.count == 16)
        #expect(PasswordHasher.verify("x", against: hash))
        #expect(!PasswordHasher.verify("y", against: hash))
        #expect(try PasswordHasher.testing.hash("x") != PasswordHasher.testing.hash("x"), "a new salt each time")
    }

    @Test func aWrongPasswordAndAnUnknownIDGetTheSameAnswerAndAreAudited() throws {
        let app = try school()
        #expect(throws: AppError.loginFailed) { try app.login("H1", password: "wrong") }
        #expect(throws: AppError.loginFailed) { try app.login("NOBODY", password: "wrong") }
        #expect(try trail(app, "H1").first?.outcome == .failed)
        #expect(try trail(app, "NOBODY").first?.outcome == .failed)
    }

    @Test("5 次失败锁定 15 分钟，锁定期间连正确密码也不行，之后恢复")
    func fiveFailuresLockTheAccountForFifteenMinutes() throws {
        let time = ManualTime()
        let app = try school(time)
        for _ in 1...5 { #expect(throws: AppError.loginFailed) { try app.login("H1", password: "wrong") } }
        #expect(throws: AppError.loginLocked(minutes: 15)) { try app.login("H1", password: "correct-horse-1") }
        #expect(try trail(app, "H1").contains { $0.action == "lock" })
        // An ID that does not exist locks the same way: the answer tells nothing.
        for _ in 1...5 { _ = try? app.login("NOBODY", password: "wrong") }
        #expect(throws: AppError.loginLocked(minutes: 15)) { try app.login("NOBODY", password: "wrong") }
        time.advance(15 * 60 + 1)
        #expect(try app.login("H1", password: "correct-horse-1").principal.code == "H1")
    }

    @Test func failuresOlderThanFifteenMinutesDoNotCount() throws {
        let time = ManualTime()
        let app = try school(time)
        for _ in 1...4 { _ = try? app.login("H1", password: "wrong") }
        time.advance(16 * 60)
        _ = try? app.login("H1", password: "wrong")
        #expect(try app.login("H1", password: "correct-horse-1").principal.code == "H1")
    }

    @Test func anExpiredSessionIsRefused() throws {
        let time = ManualTime()
        let app = try school(time)
        let token = try app.login("S11", password: "student-pass-1").token
        time.advance(11 * 3600)
        #expect(try app.principal(token: token).code == "S11")
        time.advance(3600)
        #expect(throws: AppError.sessionEnded(expired: true)) { try app.principal(token: token) }
    }

    @Test func logoutRevokesTheSessionInTheDatabase() throws {
        let app = try school()
        let token = try app.login("S11", password: "student-pass-1").token
        try app.logout(token: token)
        #expect(throws: AppError.sessionEnded(expired: false)) { try app.principal(token: token) }
        #expect(try trail(app, "S11").first?.action == "logout")
        #expect(throws: AppError.notLoggedIn) { try app.principal(token: String(repeating: "0", count: 64)) }
    }

    @Test func aDisabledLoginEndsItsSessionsAndCannotLogIn() throws {
        let app = try school()
        let token = try app.login("H1", password: "correct-horse-1").token
        try app.setUserDisabled("H1", true, by: app.principal("A1"))
        #expect(throws: AppError.sessionEnded(expired: false)) { try app.principal(token: token) }
        #expect(throws: AppError.loginFailed) { try app.login("H1", password: "correct-horse-1") }
        try app.setUserDisabled("H1", false, by: app.principal("A1"))
        #expect(try app.login("H1", password: "correct-horse-1").principal.code == "H1")
    }

    @Test func aResetPasswordEndsOldSessionsAndPasswdNeedsTheOldOne() throws {
        let app = try school()
        let token = try app.login("H1", password: "correct-horse-1").token
        try app.resetPassword("H1", password: "new-horse-22", by: app.principal("A1"))
        #expect(throws: AppError.sessionEnded(expired: false)) { try app.principal(token: token) }
        let me = try app.login("H1", password: "new-horse-22").principal
        #expect(throws: AppError.loginFailed) { try app.changePassword(of: me, old: "nope", new: "another-1234") }
        try app.changePassword(of: me, old: "new-horse-22", new: "another-1234")
        #expect(throws: AppError.passwordTooShort) { try app.changePassword(of: me, old: "another-1234", new: "short") }
        #expect(try app.login("H1", password: "another-1234").principal.code == "H1")
    }

    @Test func loginsComeFromTheRosterOnce() throws {
        let app = try school()
        let admin = try app.principal("A1")
        #expect(throws: AppError.unknownSubject("Q1")) { try app.addUser("Q1", password: "long-enough-1", by: admin) }
        #expect(throws: AppError.self) { try app.addUser("H1", password: "long-enough-1", by: admin) }
        #expect(try app.users(by: admin).map(\.code) == ["H1", "S11"])
    }

    @Test func theDemoGivesEveryoneTheDemoPasswordAndStaysFast() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app = try CardApp.open(path: path, clock: .fixed(LocalDate("2026-01-20")!), hasher: .production)
        _ = try app.loadDemo(try SeedLoader.demo(), rules: try Repository.shippedRules(), semesters: 1)
        #expect(try app.login("2024010101", password: "demo").principal.student != nil)
        #expect(try app.login("A001", password: "demo").principal.isAdmin)
        #expect(try app.database.read { try $0.logins().count } == 262)
    }
}
