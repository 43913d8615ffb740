import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Testing

/// Every role × every use case × own / other subject, other class, other 系部: allowed or refused,
/// and a refused write leaves every data table exactly as it was (only the audit log grows).
///
/// The test school: H1 班主任 of C1 and H2 of C2; K1 任课教师 of course K in C1; F1 辅导员 of C1;
/// X1 学工办 of D1 (C1); Y1 教研室 of M1 (C1), Y2 of M2 (C2); P1 体育老师 of C1; A1 admin;
/// S11–S13 students of C1, S21–S23 of C2.
@Suite struct AccessMatrixTests {
    /// Who may read the card of a student of C1 (S12) and of C2 (S21), and the class cards.
    static let cardReaders: [(String, c1: Bool, c2: Bool)] = [
        ("H1", true, false), ("H2", false, true), ("K1", true, false), ("F1", true, false), ("X1", true, false),
        ("Y1", true, false), ("Y2", false, true), ("P1", true, false), ("A1", true, true),
        ("S11", false, false), ("S21", false, true),  // S21 reads only their own card
    ]

    @Test(arguments: cardReaders)
    func cardsAndClassCardsAreReadWithinReachOnly(person: String, c1: Bool, c2: Bool) throws {
        let app = try TestSchool.make(today: "2026-01-10")
        let me = try app.principal(person)
        for (student, schoolClass, allowed) in [("S12", "C1", c1), ("S21", "C2", c2)] {
            let card = try? app.account(of: student, by: me)
            #expect((card != nil) == allowed, "\(person) reads \(student)")
            let isStudent = me.student != nil
            let classCard = try? app.classCard(schoolClass, by: me)
            #expect((classCard != nil) == (allowed && !isStudent), "\(person) reads \(schoolClass)")
        }
    }

    @Test func aStudentReadsTheirOwnCardOnlyAndGetsOneAnswerForAnyOtherID() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        let s11 = try app.principal("S11")
        #expect(try app.account(by: s11).studentID == "S11")
        let errors = ["S12", "S21", "NOBODY", "C1"].map { code -> String in
            do {
                _ = try app.account(of: code, by: s11)
                return "allowed"
            } catch {
                return error.localizedDescription
            }
        }
        #expect(Set(errors) == ["学生只能查看本人的储值卡"], "\(errors)")
        #expect(Self.refusal { try app.due(for: nil, by: s11) }?.isRefusal == true)
        #expect(Self.isAdminRequired(Self.refusal { try app.auditTrail(reader: s11) }))
        #expect(Self.isAdminRequired(Self.refusal { try app.users(by: s11) }))
    }

    @Test("任课教师和体育老师只看到自己负责的采分点，没有小计和总分")
    func courseAndPETeachersSeeOnlyTheirPoints() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "90", on: "2026-01-05"))
        _ = try app.record(TestSchool.draft("P1", "personal.fitness", "S11", "88", on: "2026-01-05"))
        let pe = try app.account(of: "S11", by: app.principal("P1"))
        #expect(pe.isPartial)
        #expect(pe.domains.isEmpty)
        #expect(pe.points.map(\.id) == ["personal.fitness"])
        #expect(pe.recent.allSatisfy { $0.pointID == "personal.fitness" })
        let head = try app.account(of: "S11", by: app.principal("H1"))
        #expect(!head.isPartial)
        #expect(Set(head.points.map(\.id)).isSuperset(of: ["academic.gpa", "personal.fitness"]))
    }

    /// A write each role owns, and who may make it for S11 (class C1).
    static let writes: [(String, point: String, allowed: Bool)] = [
        ("H1", "academic.gpa", true), ("H2", "academic.gpa", false), ("F1", "academic.gpa", false),
        ("P1", "personal.fitness", true), ("X1", "personal.fitness", false), ("X1", "personal.violations", true),
        ("Y2", "career.maturity", false), ("Y1", "career.maturity", true), ("A1", "academic.gpa", false),
        ("S11", "academic.gpa", false), ("K1", "academic.preview", true), ("K1", "academic.gpa", false),
    ]

    @Test(arguments: writes)
    func aRefusedWriteLeavesEveryTableAsItWasAndIsAudited(person: String, point: String, allowed: Bool) throws {
        let app = try TestSchool.make(today: "2026-01-10")
        let me = try app.principal(person)
        let before = try app.database.read { try $0.dataFingerprint() }
        let auditBefore = try app.database.read { try $0.audit(subject: "S11", by: nil, since: nil, limit: 1000).count }
        let value = point == "academic.preview" ? "是" : point == "personal.violations" ? "2" : "80"
        let draft = TestSchool.draft(person, point, "S11", value, on: "2026-01-05", session: point == "academic.preview" ? 1 : nil)
        let result = Result { try app.record(draft, by: me) }
        let after = try app.database.read { try $0.dataFingerprint() }
        let audit = try app.database.read { try $0.audit(subject: "S11", by: nil, since: nil, limit: 1000) }
        #expect(audit.count == auditBefore + 1, "every write and every refusal is audited")
        if allowed {
            #expect(throws: Never.self) { try result.get() }
            #expect(audit.first?.outcome == .ok)
        } else {
            // The refusal for lack of permission — not any failure (a bad value would be one too).
            let refusal = Self.refusal { try result.get() }
            #expect(refusal?.isRefusal == true, "\(person) \(point): \(String(describing: refusal))")
            #expect(after == before, "\(person) \(point): a refusal wrote something")
            #expect(audit.first?.outcome == .refused)
        }
    }

    @Test func adminOnlyUseCasesRefuseEveryoneElseAndChangeNothing() throws {
        let app = try TestSchool.make(today: "2025-10-15")
        for person in ["H1", "F1", "X1", "Y1", "K1", "P1", "S11"] {
            let me = try app.principal(person)
            let before = try app.database.read { try $0.dataFingerprint() }
            let refusals = [
                Self.refusal { try app.importRoster(.students, text: "学号,姓名,班级\nS99,新,C1\n", file: "s.csv", by: me) },
                Self.refusal { try app.setCalendar(TestSchool.calendar, by: me) },
                Self.refusal { try app.applyRules(try Repository.shippedRules(), by: me) },
                Self.refusal { try app.addUser("S12", password: "long-enough-1", by: me) },
                Self.refusal { try app.auditTrail(reader: me) },
                Self.refusal { try app.repairLedger(by: me) },
            ]
            for (index, refusal) in refusals.enumerated() {
                #expect(Self.isAdminRequired(refusal), "\(person), use case \(index): \(String(describing: refusal))")
            }
            #expect(Self.refusal { try app.acting(as: "H1", by: me) } == .forbidden("只有管理员可以用 --as 代他人操作"))
            #expect(try app.database.read { try $0.dataFingerprint() } == before, "\(person)")
        }
        let admin = try app.principal("A1")
        _ = try app.importRoster(.students, text: "学号,姓名,班级\nS99,新,C1\n", file: "s.csv", by: admin)
        #expect(try app.auditTrail(by: "A1", reader: admin).contains { $0.action == "roster import" && $0.outcome == .ok })
    }

    @Test func aTeacherSeesTheirOwnDueListAndTheAdminAnyones() throws {
        let app = try TestSchool.make(today: "2025-09-19")
        let h1 = try app.principal("H1")
        #expect(try app.due(for: nil, by: h1).items.allSatisfy { $0.staff == "H1" })
        #expect(Self.refusal { try app.due(for: StaffID(rawValue: "H2"), by: h1) }?.isRefusal == true)
        let admin = try app.principal("A1")
        #expect(try app.due(for: StaffID(rawValue: "H2"), by: admin).items.allSatisfy { $0.staff == "H2" })
    }

    @Test("管理员代他人操作：写入记在被代的人名下，审计记为“管理员 as 某人”")
    func anAdminActingForSomeoneIsAuditedAsBoth() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        let admin = try app.principal("A1")
        let asH1 = try app.acting(as: "H1", by: admin)
        let receipt = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "90", on: "2026-01-05"), by: asH1)
        let record = try app.database.read { try $0.record(receipt.record) }
        #expect(record?.recordedBy == StaffID(rawValue: "H1"))
        let line = try #require(try app.auditTrail(subject: "S11", reader: admin).first)
        #expect(line.actor == "A1")
        #expect(line.actingAs == "H1")
        #expect(line.action == "record")
    }
}

/// 心理 content: only the student's own 辅导员 sees it, in every output; other staff see it
/// exists; the student's own card does not list it at all.
@Suite struct SensitiveDataTests {
    @Test(arguments: ["H1", "A1", "X1", "Y1", "S11", "F1"])
    func onlyTheCounselorSeesCounselling(person: String) throws {
        let app = try TestSchool.make(today: "2026-01-10")
        _ = try app.record(TestSchool.draft("F1", "personal.counseling", "S11", "7", on: "2026-01-05"))
        let card = try app.account(of: "S11", by: app.principal(person))
        let line = card.points.first { $0.id == "personal.counseling" }
        let json = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
        if person == "F1" {
            #expect(line?.value == "7")
            #expect(card.recent.contains { $0.pointID == "personal.counseling" && $0.value == "7" })
            #expect(card.showsSensitive)
        } else if person == "S11" {
            #expect(line == nil, "the student's own card does not list it")
            #expect(!json.contains("心理"), "\(json)")
        } else {
            #expect(line?.isWithheld == true, "\(person) is told it exists")
            #expect(line?.value == nil)
            #expect(!card.recent.contains { $0.pointID == "personal.counseling" })
            #expect(!json.contains("\"value\":\"7\""), "\(person): \(json)")
            #expect(!card.showsSensitive)
        }
    }

    @Test func aCounselorsReadOfSensitiveDataIsAudited() throws {
        let app = try TestSchool.make(today: "2026-01-10")
        _ = try app.record(TestSchool.draft("F1", "personal.counseling", "S11", "7", on: "2026-01-05"))
        _ = try app.account(of: "S11", by: app.principal("F1"))
        let trail = try app.auditTrail(subject: "S11", reader: app.principal("A1"))
        #expect(trail.contains { $0.actor == "F1" && $0.action == "account" && $0.detail.contains("心理") })
    }

}

extension AccessMatrixTests {
    /// The error `body` threw (nil when it did not throw, or threw something else).
    static func refusal<T>(_ body: () throws -> T) -> AppError? {
        do {
            _ = try body()
            return nil
        } catch let error as AppError {
            return error
        } catch {
            return nil
        }
    }

    static func isAdminRequired(_ error: AppError?) -> Bool {
        if case .adminRequired? = error { return true }
        return false
    }
}
