import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaTestSupport
import Testing

@testable import ChuzhikaApp
import ChuzhikaSheets

/// Listings keep the privacy rule (心理 and 理财 warnings reach only the student's 辅导员) and
/// say how many they withheld, by category, to the admin and 学工办.
@Suite struct WithheldWarningsTests {
    /// S11 長期缺勤 (学业), S11 and S13 on the 学费欠缴 register (理财), a 心理 flag on S12 (all C1),
    /// and a 理财 flag on S21 (C2, outside X1's department).
    func school() throws -> CardApp {
        let app = try TestSchool.make(today: "2025-11-12")
        _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S11", "90", on: "2025-09-12"))
        let sheet = "学号,群体,原因\nS11,学费欠缴,未缴学费\nS13,学费欠缴,未缴学费\n"
        _ = try app.importGroups(sheet, file: "名册.csv", by: app.principal("F1"))
        try app.flagRisk("S12", category: .psychological, reason: "同学反映情绪低落", by: app.principal("F1"))
        try app.flagRisk("S21", category: .finance, reason: "多次向同学借款", by: app.principal("H2"))
        return app
    }

    func counts(_ listing: RiskListing) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: listing.withheld.map { ($0.category, $0.count) })
    }

    @Test("管理员和学工办看到按类别的被隐去条数，不见这些预警本身")
    func theAdminAndStudentAffairsAreToldHowManyWereWithheld() throws {
        let app = try school()
        let admin = try app.riskListing(by: app.principal("A1"))
        #expect(counts(admin) == ["理财": 3, "心理": 1])
        #expect(!admin.warnings.contains { $0.category == "理财" || $0.category == "心理" })
        #expect(admin.warnings.contains { $0.rule == "attendance.chronic" })
        #expect(admin.withheld.first == WithheldWarnings(category: "理财", count: 3, visibleTo: "该生的辅导员"), "largest first")
        #expect(WithheldWarnings.sentence(admin.withheld) == "另有 理财 3 条、心理 1 条预警仅该生的辅导员可见")
        // X1 is 学工办 of department D1: class C1 only.
        let office = try app.riskListing(by: app.principal("X1"))
        #expect(counts(office) == ["理财": 2, "心理": 1])
        #expect(!office.warnings.contains { $0.category == "理财" || $0.category == "心理" })
    }

    @Test("辅导员看得到这些预警，没有被隐去的；其他教师不被告知条数")
    func theCounselorReadsThemAndOthersAreNotTold() throws {
        let app = try school()
        let counselor = try app.riskListing(by: app.principal("F1"))
        #expect(counselor.withheld.isEmpty)
        #expect(counselor.warnings.filter { $0.category == "理财" }.count == 2)
        #expect(counselor.warnings.filter { $0.category == "心理" }.count == 1)
        #expect(try app.riskListing(by: app.principal("H1")).withheld.isEmpty, "a 班主任 is not told of them at all")
    }

    @Test func theCountsFollowTheFilter() throws {
        let app = try school()
        let admin = try app.principal("A1")
        #expect(counts(try app.riskListing(by: admin, filter: RiskFilter(schoolClass: "C2"))) == ["理财": 1])
        #expect(try app.riskListing(by: admin, filter: RiskFilter(category: "学业")).withheld.isEmpty)
        #expect(counts(try app.riskListing(by: admin, filter: RiskFilter(category: "心理"))) == ["心理": 1])
        #expect(try app.riskListing(by: admin, filter: RiskFilter(level: "红")).withheld.isEmpty)
        #expect(try app.risks(by: admin) == app.riskListing(by: admin).warnings)
    }

    @Test func theWarningsExportCarriesTheSameCounts() throws {
        let app = try school()
        let table = try app.export(.warnings, by: app.principal("A1"))
        #expect(table.withheld.map(\.count).reduce(0, +) == 4)
        #expect(!table.rows.contains { $0.contains("理财") || $0.contains("心理") })
        #expect(try app.export(.warnings, by: app.principal("F1")).withheld.isEmpty)
    }

    @Test func largeCountsAreGroupedByThousands() {
        let withheld = [WithheldWarnings(category: "理财", count: 2_422, visibleTo: "该生的辅导员"),
                        WithheldWarnings(category: "心理", count: 12, visibleTo: "该生的辅导员")]
        #expect(WithheldWarnings.sentence(withheld) == "另有 理财 2,422 条、心理 12 条预警仅该生的辅导员可见")
        #expect(WithheldWarnings.sentence([WithheldWarnings(category: "心理", count: 1_234_567, visibleTo: "该生的辅导员")], unit: "项",
                                          noun: "预警变化") == "另有 心理 1,234,567 项预警变化仅该生的辅导员可见")
        #expect(WithheldWarnings.sentence([]) == nil)
    }

    @Test("学工办导入名册：理财预警变化只给条数")
    func aRegisterImportByStudentAffairsCountsTheFinanceChanges() throws {
        let app = try TestSchool.make(today: "2025-11-12")
        let sheet = Sheet.parse("学号,群体,原因\nS11,学费欠缴,未缴学费\nS12,学费欠缴,未缴学费\n", file: "名册.csv").0
        let report = try app.importGroupsReport(sheet, by: app.principal("X1"))
        #expect(!report.warnings.changes.contains { $0.category == .finance })
        #expect(report.warnings.summary.withheld == [WithheldWarnings(category: "理财", count: 2, visibleTo: "该生的辅导员")])
        let byCounselor = try app.importGroupsReport(
            Sheet.parse("学号,群体,原因\nS13,学费欠缴,未缴学费\n", file: "名册.csv").0, by: app.principal("F1"))
        #expect(byCounselor.warnings.summary.withheld.isEmpty)
        #expect(byCounselor.warnings.summary.rows.map(\.rule) == ["finance.fees"])
        #expect(byCounselor.warnings.summary.opened == 1)
    }
}

/// What a write did to warnings, counted by rule and level.
@Suite struct WarningChangeSummaryTests {
    func change(_ rule: String, _ level: WarningLevel, _ what: String, _ student: String = "S1") -> WarningChange {
        WarningChange(warning: 1, student: student, rule: rule, ruleName: rule, category: .academic, level: level, change: what, evidence: "")
    }

    @Test func changesAreCountedByRuleAndLevel() {
        let summary = WarningChangeSummary([
            change("b.rule", .red, "升级"), change("a.rule", .yellow, "新预警"), change("a.rule", .yellow, "再次预警", "S2"),
            change("a.rule", .yellow, "消除", "S3"), change("a.rule", .red, "新预警", "S4"),
        ])
        #expect(summary.rows.map { "\($0.rule) \($0.level) \($0.opened)/\($0.escalated)/\($0.closed)" }
                    == ["a.rule 黄 2/0/1", "a.rule 红 1/0/0", "b.rule 红 0/1/0"])
        #expect((summary.opened, summary.escalated, summary.closed) == (3, 1, 1))
        #expect(WarningChangeSummary([]).isEmpty)
    }

    /// The shipped rules with the 长期缺勤 thresholds replaced, and a new version.
    func attendanceRules(_ thresholds: (Int, Int, Int), version: String) throws -> [RuleSource] {
        try Repository.shippedRules()
            .replacing("risks.yaml") {
                $0.replacingOccurrences(of: "absence_rate >= 20\"", with: "absence_rate >= \(thresholds.0)\"")
                    .replacingOccurrences(of: "absence_rate >= 10\"", with: "absence_rate >= \(thresholds.1)\"")
                    .replacingOccurrences(of: "absence_rate >= 5\"", with: "absence_rate >= \(thresholds.2)\"")
            }
            .replacing("card.yaml") { $0.replacingOccurrences(of: "version: 2025-2026.3", with: "version: \(version)") }
    }

    @Test("改了阈值后 rules apply 报出按规则的新预警和消除")
    func rulesApplyReportsWhatAThresholdChangeOpenedAndClosed() throws {
        // Given S11 absent 10% (橙) and S12 absent 3% (no warning)
        let app = try TestSchool.make(today: "2025-11-12")
        _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S11", "90", on: "2025-09-12"))
        _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S12", "97", on: "2025-09-12"))
        let admin = try app.principal("A1")
        // When the thresholds rise above both, S11's warning closes
        let higher = try app.applyRules(try attendanceRules((70, 60, 50), version: "t2"), by: admin)
        let closed = try #require(higher.warningSummary.rows.first { $0.rule == "attendance.chronic" })
        #expect((closed.level, closed.opened, closed.closed) == ("橙", 0, 1))
        #expect(higher.warnings.contains { $0.student == "S11" && $0.change == "消除" })
        // When they fall below both, both open (S11 a second episode)
        let lower = try app.applyRules(try attendanceRules((2, 1, 1), version: "t3"), by: admin)
        let opened = try #require(lower.warningSummary.rows.first { $0.rule == "attendance.chronic" && $0.level == "红" })
        #expect((opened.opened, opened.closed) == (2, 0))
        #expect(Set(lower.warnings.filter { $0.rule == "attendance.chronic" }.map(\.change)) == ["新预警", "再次预警"])
    }
}
