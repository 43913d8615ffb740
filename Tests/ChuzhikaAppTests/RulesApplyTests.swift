import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaTestSupport
import Testing

/// `czk rules apply`: recomputes what the new rules govern, and nothing else.
@Suite struct RulesApplyTests {
    let admin = StaffID(rawValue: "A1")

    func academic(_ app: CardApp, _ student: String, _ semester: String? = nil) throws -> Points {
        try app.account(of: student, semester: semester).domains.first { $0.domain == .academic }!.semester
    }

    /// The shipped rules with the 学期学分绩 band ≥80 worth `points` instead of 9, and a new version.
    func changedRules(points: Int = 10, version: String = "t2", appliesFrom: String? = nil) throws -> [RuleSource] {
        try Repository.shippedRules()
            .replacing("academic.yaml") { $0.replacingOccurrences(of: "{min: 80, points: 9}", with: "{min: 80, points: \(points)}") }
            .replacing("card.yaml") {
                $0.replacingOccurrences(of: "version: 2025-2026.3", with: "version: \(version)")
                    + (appliesFrom.map { "applies_from: \($0)\n" } ?? "")
            }
    }

    @Test func aBandChangeMovesExactlyTheAffectedTotals() throws {
        // Given three students in three bands of 学期学分绩 and a punctuality record
        let app = try TestSchool.make()
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "85"))  // ≥80: 9
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S12", "72"))  // ≥70: 6
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S13", "95"))  // ≥90: 12
        _ = try app.record(TestSchool.draft("K1", "academic.punctuality", "S12", "是", on: "2025-09-10", session: 1))
        let before = try ["S12", "S13"].map { try academic(app, $0) }
        // When the ≥80 band is raised from 9 to 10
        let report = try app.applyRules(try changedRules(), by: admin)
        // Then only S11 moved, by exactly +1, and the records are untouched
        #expect(report.subjectsMoved == 1)
        #expect(report.movers.map(\.subject) == ["S11"])
        #expect(report.movers.first?.change == Points(1))
        #expect(report.entriesAppended == 2)  // one reversal, one credit
        #expect(try academic(app, "S11") == Points(10))
        #expect(try ["S12", "S13"].map { try academic(app, $0) } == before)
        #expect(try app.ruleBook().version == "t2")
    }

    @Test func aDryRunReportsTheSameMovesAndChangesNothing() throws {
        let app = try TestSchool.make()
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "85"))
        let preview = try app.applyRules(try changedRules(), by: admin, dryRun: true)
        #expect(preview.isDryRun)
        #expect(preview.movers.map(\.change) == [Points(1)])
        #expect(try app.ruleBook().version == "2025-2026.3")
        #expect(try academic(app, "S11") == Points(9))
        let real = try app.applyRules(try changedRules(), by: admin)
        #expect(real.movers == preview.movers)
        #expect(real.entriesAppended == preview.entriesAppended)
    }

    @Test func appliesFromLeavesEarlierSemestersAsTheyWere() throws {
        let app = try TestSchool.make(today: "2026-03-10")
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "85", on: "2026-01-05"))
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S12", "85", on: "2026-06-20"))
        let report = try app.applyRules(try changedRules(points: 11, appliesFrom: "2025-2026-2"), by: admin)
        #expect(report.semesters == ["2025-2026-2"])
        #expect(try academic(app, "S11", "2025-2026-1") == Points(9))
        #expect(try academic(app, "S12", "2025-2026-2") == Points(11))
        // A record made later in the first semester is still scored by the first semester's rules.
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S13", "85", on: "2026-01-06"))
        #expect(try academic(app, "S13", "2025-2026-1") == Points(9))
    }

    @Test func onlyAnAdminMayApplyRules() throws {
        let app = try TestSchool.make()
        #expect(throws: AppError.adminRequired(staff: "老师H1（H1）", action: "修改采分规则")) {
            try app.applyRules(try changedRules(), by: StaffID(rawValue: "H1"))
        }
        #expect(try app.ruleBook().version == "2025-2026.3")
    }

    @Test func changedFilesNeedANewVersion() throws {
        let app = try TestSchool.make()
        #expect(throws: AppError.versionUnchanged("2025-2026.3")) {
            try app.applyRules(try changedRules(version: "2025-2026.3"), by: admin)
        }
        let same = try app.applyRules(try Repository.shippedRules(), by: admin)
        #expect(same.isUnchanged)
    }

    @Test func brokenRulesAreNotApplied() throws {
        let app = try TestSchool.make()
        let broken = try changedRules().replacing("academic.yaml") { $0.replacingOccurrences(of: "timing: 学期末", with: "timing: 期末考") }
        #expect(throws: AppError.self) { try app.applyRules(broken, by: admin) }
        #expect(try app.ruleBook().version == "2025-2026.3")
    }
}

/// 增值: semester over semester, and the 增值 points of the rule files.
@Suite struct ValueAddedTests {
    @Test func aBetterSecondSemesterShowsAPositiveValueAddedOfTheRightSize() throws {
        let app = try TestSchool.make(today: "2026-07-01")
        // 学期学分绩 65 (3 points) in the first semester, 92 (12 points) in the second
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "65", on: "2026-01-05"))
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "92", on: "2026-06-20"))
        let card = try app.account(of: "S11")
        #expect(card.semester == "2025-2026-2")
        let academic = try #require(card.domains.first { $0.domain == .academic })
        #expect(academic.valueAdded == Points(9))
        #expect(academic.bySemester == [Points(3), Points(12)])
        #expect(card.totalValueAdded == Points(9))
        #expect(academic.sinceEnrolment == Points(15))
        // The first semester has no previous one.
        #expect(try app.account(of: "S11", semester: "2025-2026-1").totalValueAdded == nil)
    }

    @Test("基本能力增值 is the change of 综合素质测评, scored by its formula")
    func basicAbilityGainFollowsItsSource() throws {
        let app = try TestSchool.make(today: "2026-07-01")
        _ = try app.record(TestSchool.draft("X1", "personal.quality_assessment", "S11", "70", on: "2026-01-05"))
        _ = try app.record(TestSchool.draft("X1", "personal.quality_assessment", "S11", "78", on: "2026-06-20"))
        // gain 8 → clamp(8 / 2, -5, 5) = 4
        let gain = try app.account(of: "S11").points.first { $0.id == "personal.basic_ability_gain" }
        #expect(gain?.points == Points(4))
        // A correction of the first semester moves the second semester's 增值.
        var fix = TestSchool.draft("X1", "personal.quality_assessment", "S11", "76", on: "2026-01-05")
        fix.isCorrection = true
        fix.correctionReason = "复核"
        _ = try app.record(fix)
        let corrected = try app.account(of: "S11").points.first { $0.id == "personal.basic_ability_gain" }
        #expect(corrected?.points == Points(1))
    }

    @Test func aRecordedGainOverridesTheComputedOne() throws {
        let app = try TestSchool.make(today: "2026-07-01")
        _ = try app.record(TestSchool.draft("X1", "personal.quality_assessment", "S11", "70", on: "2026-01-05"))
        _ = try app.record(TestSchool.draft("X1", "personal.quality_assessment", "S11", "78", on: "2026-06-20"))
        _ = try app.record(TestSchool.draft("X1", "personal.basic_ability_gain", "S11", "-4", on: "2026-06-21"))
        let gain = try app.account(of: "S11").points.first { $0.id == "personal.basic_ability_gain" }
        #expect(gain?.points == Points(-2))
    }
}

/// Domain weights and semester caps from card.yaml shape 科目小计 and 总分汇总.
@Suite struct DomainSettingsTests {
    @Test func capsHoldSubtotalsAndWeightsShapeTheTotal() throws {
        let rules = try Repository.shippedRules().replacing("card.yaml") {
            $0.replacingOccurrences(of: "academic: {weight: 1.0, semester_cap: 100}", with: "academic: {weight: 0.5, semester_cap: 10}")
                .replacingOccurrences(of: "personal: {weight: 1.0, semester_cap: 100}", with: "personal: {weight: 2.0, semester_cap: 100}")
        }
        let app = try TestSchool.make(rules: rules)
        _ = try app.record(TestSchool.draft("H1", "academic.gpa", "S11", "95"))  // 12, capped to 10
        _ = try app.record(TestSchool.draft("X1", "personal.quality_assessment", "S11", "85"))  // 7
        let card = try app.account(of: "S11")
        let academic = try #require(card.domains.first { $0.domain == .academic })
        #expect(academic.semester == Points(10))
        #expect(academic.uncapped == Points(12))
        // 0.5 × 10 + 2 × 7 = 19
        #expect(card.semesterTotal == Points(19))
    }
}
