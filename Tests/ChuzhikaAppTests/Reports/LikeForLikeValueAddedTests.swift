import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaTestSupport
import Testing

/// 增值 compares like for like: this semester so far against the previous semester as it stood
/// the same number of days into its teaching (同期); whole against whole once this one has ended;
/// nothing while the previous semester holds nothing. One rule for students and classes.
@Suite struct LikeForLikeValueAddedTests {
    static let autumnMondays = (0..<18).map { LocalDate("2025-09-08")!.adding(days: 7 * $0) }
    static let springMondays = (0..<18).map { LocalDate("2026-03-02")!.adding(days: 7 * $0) }

    /// S11: in autumn on time every week but the 12th (17/18 = 94 % → +2 for the whole
    /// semester, but +6 for any part of it before week 12), and a 学期末 GPA of 85 (+9).
    static func autumn() throws -> CardApp {
        let app = try TestSchool.make(today: "2026-02-27")
        for (week, day) in autumnMondays.enumerated() {
            _ = try app.record(TestSchool.draft("K1", "academic.punctuality", "S11", week == 11 ? "否" : "是", on: day.description,
                                                session: 1))
        }
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "85", on: "2026-01-05"))
        return app
    }

    /// The same card on another day, with S11's spring weeks up to `weeks` on time.
    static func spring(_ app: CardApp, today: String, weeks: Int, gpa: Bool = false) throws -> CardApp {
        let later = CardApp(database: app.database, clock: .fixed(LocalDate(today)!), hasher: .testing)
        for day in springMondays.prefix(weeks) {
            _ = try later.record(TestSchool.draft("K1", "academic.punctuality", "S11", "是", on: day.description, session: 1))
        }
        if gpa { _ = try later.record(TestSchool.draft("H1", "academic.gpa", "S11", "85", on: "2026-06-29")) }
        return later
    }

    static func academic(_ card: AccountReport) -> AccountReport.DomainLine? { card.domains.first { $0.domain == .academic } }

    @Test func inWeekTwoTheSpringIsComparedWithWeekTwoOfTheAutumn() throws {
        let autumn = try Self.autumn()
        let whole = try #require(Self.academic(try autumn.account(of: "S11", semester: "2025-2026-1")))
        #expect(whole.semester == Points(11))  // +2 punctuality, +9 GPA: what the old 增值 subtracted
        let app = try Self.spring(autumn, today: "2026-03-10", weeks: 2)
        let card = try app.account(of: "S11", semester: "2025-2026-2")
        #expect(card.valueAddedSemester == "2025-2026-1")
        #expect(card.valueAddedAsOf == LocalDate("2025-09-16"))  // 8 days into the autumn's teaching, as 03-10 is into spring's
        #expect(Self.academic(card)?.semester == Points(6))
        #expect(Self.academic(card)?.valueAdded == .zero, "on time in both first fortnights: no change, not −5")
        #expect(card.totalValueAdded == .zero)
    }

    @Test func midSemesterTheAutumnsLaterLatenessIsNotYetCounted() throws {
        let app = try Self.spring(try Self.autumn(), today: "2026-05-05", weeks: 10)
        let card = try app.account(of: "S11", semester: "2025-2026-2")
        #expect(card.valueAddedAsOf == LocalDate("2025-11-11"))
        // Ten weeks on time in each: the autumn's late 12th week and its GPA lie after the cut.
        #expect(Self.academic(card)?.valueAdded == .zero)
    }

    @Test func afterTheEndWholeSemestersAreCompared() throws {
        let app = try Self.spring(try Self.autumn(), today: "2026-09-05", weeks: 18, gpa: true)
        let card = try app.account(of: "S11", semester: "2025-2026-2")
        #expect(card.valueAddedAsOf == LocalDate("2026-02-28"))
        // Spring +6 +9 against autumn's whole +2 +9.
        #expect(Self.academic(card)?.semester == Points(15))
        #expect(Self.academic(card)?.valueAdded == Points(4))
    }

    @Test func noValueAddedUntilThePreviousSemesterHoldsSomething() throws {
        let app = try TestSchool.make(today: "2026-03-20")
        _ = try app.record(TestSchool.draft("K2", "academic.punctuality", "S21", "是", on: "2026-03-16", session: 1, course: "K"))
        let card = try app.account(of: "S21", semester: "2025-2026-2")
        #expect(card.totalValueAdded == nil && card.valueAddedAsOf == nil)
        #expect(card.domains.allSatisfy { $0.valueAdded == nil })
        // The class card by the same rule: its class points are new this spring, so no 增值 —
        // not the whole subtotal reported as 增值.
        let classCard = try app.classCard("C2", semester: "2025-2026-2")
        #expect(classCard.total != .zero)
        #expect(classCard.totalValueAdded == nil && classCard.valueAddedAsOf == nil)
        #expect(classCard.domains.allSatisfy { $0.valueAdded == nil })
    }

    @Test func aClassIsComparedLikeForLikeToo() throws {
        let app = try Self.spring(try Self.autumn(), today: "2026-03-10", weeks: 2)
        let card = try app.classCard("C1", semester: "2025-2026-2")
        #expect(card.valueAddedSemester == "2025-2026-1")
        #expect(card.valueAddedAsOf == LocalDate("2025-09-16"))
    }
}
