import ChuzhikaCore
import ChuzhikaTestSupport
import Testing

@testable import ChuzhikaRules

/// The shipped risk rules at each boundary, and the loader's diagnostics.
@Suite struct ShippedRiskRuleTests {
    static let book: RuleBook? = try? RuleBookLoader.load(Repository.shippedRules()).book

    func outcome(_ id: String, _ values: [String: Double]) throws -> RiskEvaluator.Outcome {
        let rule = try #require(Self.book?.risks.first { $0.id == id })
        var all: [String: Double?] = Dictionary(uniqueKeysWithValues: RiskIndicators.names.map { ($0, nil) })
        for (k, v) in values { all[k] = v }
        return RiskEvaluator.evaluate(rule, values: all)
    }

    func level(_ outcome: RiskEvaluator.Outcome) -> WarningLevel? {
        if case .raised(let level, _, _) = outcome { return level }
        return nil
    }

    @Test(arguments: [(4.9, nil), (5.0, WarningLevel.yellow), (9.9, .yellow), (10.0, .orange), (19.9, .orange), (20.0, .red)])
    func chronicAbsence(rate: Double, expected: WarningLevel?) throws {
        #expect(level(try outcome("attendance.chronic", ["absence_rate": rate])) == expected)
    }

    @Test("本学期未通过学分达一半为红；入学以来达一半为橙；三门以下不按比例判断",
          arguments: [(49.9, 3.0, nil), (50.0, 3.0, WarningLevel.red), (100.0, 2.0, nil), (75.0, 6.0, .red)])
    func failedShare(share: Double, courses: Double, expected: WarningLevel?) throws {
        let values = ["share_failed": share, "courses_taken": courses, "failed_credits": 1, "credits_taken": 2,
                      "cumulative_share_failed": 34, "courses_taken_total": courses]
        #expect(level(try outcome("course.failed_share", values)) == expected)
    }

    @Test func failedShareSinceEnrolment() throws {
        // No result yet this semester: last semesters' share speaks.
        #expect(level(try outcome("course.failed_share", ["cumulative_share_failed": 50, "courses_taken_total": 5])) == .orange)
        #expect(level(try outcome("course.failed_share", ["cumulative_share_failed": 49.9, "courses_taken_total": 5])) == nil)
        // Without any result the rule cannot say (an open warning stays open).
        #expect(try outcome("course.failed_share", [:]) == .undetermined(missing: ["cumulative_share_failed", "share_failed"]))
    }

    @Test("同班已有成绩而该生没有：橙；不足同班中位数一半：黄")
    func missingResults() throws {
        #expect(level(try outcome("course.missing_results", ["credits_share_of_class": 0, "credits_taken": 0])) == .orange)
        #expect(level(try outcome("course.missing_results", ["credits_share_of_class": 49, "credits_taken": 4])) == .yellow)
        #expect(level(try outcome("course.missing_results", ["credits_share_of_class": 50, "credits_taken": 4])) == nil)
        #expect(try outcome("course.missing_results", [:]) == .undetermined(missing: ["credits_share_of_class"]),
                "before the class has results this semester nobody is missing any")
    }

    @Test func nothingPassed() throws {
        #expect(level(try outcome("course.nothing_passed", ["courses_taken": 3, "courses_passed": 0])) == .red)
        #expect(level(try outcome("course.nothing_passed", ["courses_taken": 3, "courses_passed": 1])) == nil)
        #expect(level(try outcome("course.nothing_passed", ["courses_taken": 2, "courses_passed": 0])) == nil)
    }

    @Test("成绩下滑不是默认规则：它找到的多是后来毕业的学生（BENCHMARKS.md RISKS）")
    func fallingAverageIsNotShipped() throws {
        #expect(Self.book?.risks.contains { $0.id == "grades.decline" } == false)
    }

    @Test(arguments: [(3.0, nil), (4.0, WarningLevel.yellow), (5.0, .yellow), (6.0, .orange)])
    func repeatedViolations(count: Double, expected: WarningLevel?) throws {
        #expect(level(try outcome("discipline.repeat", ["violations": count, "violations_total": count])) == expected)
    }

    @Test func peerDropWithMoreCounselling() throws {
        let base = ["peer_evaluation": 60.0, "peer_evaluation_previous": 75, "counseling": 3, "counseling_previous": 1, "psych_watch": 0]
        #expect(level(try outcome("psych.peer_drop", base)) == .yellow)
        #expect(level(try outcome("psych.peer_drop", base.merging(["psych_watch": 1]) { $1 })) == .orange)
        #expect(level(try outcome("psych.peer_drop", base.merging(["peer_evaluation": 65]) { $1 })) == nil, "a drop of exactly 10 is not enough")
        #expect(level(try outcome("psych.peer_drop", base.merging(["counseling": 1]) { $1 })) == nil)
    }

    @Test("心理普查关键条目阳性：无论总分，一律红色")
    func criticalScreeningAnswer() throws {
        #expect(level(try outcome("psych.critical", ["psych_critical": 1, "psych_screening": 3])) == .red)
        #expect(level(try outcome("psych.critical", ["psych_critical": 0, "psych_screening": 60])) == nil)
        #expect(level(try outcome("psych.critical", [:])) == nil, "no screening yet is not a warning")
    }

    @Test(arguments: [(24.0, nil), (25.0, WarningLevel.orange)])
    func screeningTotal(total: Double, expected: WarningLevel?) throws {
        #expect(level(try outcome("psych.screen", ["psych_screening": total, "counseling": 0])) == expected)
    }

    @Test(arguments: [(70.0, nil), (69.5, WarningLevel.yellow), (60.0, .yellow), (59.5, .orange)])
    func weakInternshipNearGraduation(mark: Double, expected: WarningLevel?) throws {
        #expect(level(try outcome("career.weak_internship", ["graduating": 1, "internship_mark": mark, "certificate": 1])) == expected)
        #expect(level(try outcome("career.weak_internship", ["graduating": 0, "internship_mark": mark, "certificate": 1])) == nil)
    }

    @Test func evidenceShowsTheValuesAgainstTheThresholds() throws {
        guard case .raised(_, let evidence, _) = try outcome("course.failed_share", [
            "share_failed": 60, "courses_taken": 5, "failed_credits": 12, "credits_taken": 20, "cumulative_share_failed": 40,
            "courses_taken_total": 10,
        ])
        else { Issue.record("not raised"); return }
        #expect(evidence == "本学期未通过学分比例(%) 60 ≥ 50；本学期修读门数 5 ≥ 3；入学以来未通过学分比例(%) 40 ≥ 34；本学期未通过学分 12；本学期修读学分 20")
        guard case .raised(_, let fees, _) = try outcome("finance.fees", ["fees_owed": 1, "hardship": 0, "aided": 0, "cumulative_share_failed": 40])
        else { Issue.record("not raised"); return }
        #expect(fees == "在学费欠缴名册：是；入学以来未通过学分比例(%) 40 ≥ 34；在经济困难名册：否；在已获资助名册：否")
    }

    @Test func noCertificateNearGraduation() throws {
        #expect(level(try outcome("career.no_certificate", ["graduating": 1, "certificate": 0, "job_difficulty": 0])) == .yellow)
        #expect(level(try outcome("career.no_certificate", ["graduating": 1, "certificate": 0, "job_difficulty": 1])) == .orange)
        #expect(level(try outcome("career.no_certificate", ["graduating": 1, "certificate": 1, "job_difficulty": 1])) == nil)
        #expect(level(try outcome("career.no_certificate", ["graduating": 0, "certificate": 0, "job_difficulty": 0])) == nil)
        // Weak internship results together with no certificate: 橙.
        #expect(level(try outcome("career.no_certificate", ["graduating": 1, "certificate": 0, "job_difficulty": 0,
                                                             "internship_mark": 65])) == .orange)
        #expect(level(try outcome("career.no_certificate", ["graduating": 1, "certificate": 0, "job_difficulty": 0,
                                                             "internship_mark": 70])) == .yellow)
    }

    @Test("欠费与三分之一学分未通过并存升为红色；经济困难未获资助须与一半学分未通过并存")
    func feesOwedCombineWithFailures() throws {
        func fees(_ owed: Double, _ hardship: Double, _ aided: Double, _ share: Double?, courses: Double = 5) throws -> WarningLevel? {
            var values = ["fees_owed": owed, "hardship": hardship, "aided": aided, "courses_taken_total": courses]
            if let share { values["cumulative_share_failed"] = share }
            return level(try outcome("finance.fees", values))
        }
        #expect(try fees(1, 0, 0, 34) == .red)
        #expect(try fees(1, 0, 0, 0) == .orange)
        #expect(try fees(1, 0, 0, nil) == .orange, "unpaid fees are a warning before any result")
        #expect(try fees(0, 1, 0, 50) == .yellow)
        #expect(try fees(0, 1, 0, 49) == nil, "经济困难 alone flags as many graduates as dropouts")
        #expect(try fees(0, 1, 0, 50, courses: 2) == nil)
        #expect(try fees(0, 1, 1, 60) == nil, "经济困难 with 资助 is looked after")
        #expect(try fees(0, 0, 0, 100) == nil)
    }

    @Test("缺少考勤数据不是学生的预警：规则无法判断")
    func missingAttendanceIsUndeterminedNotAWarning() throws {
        #expect(try outcome("attendance.chronic", [:]) == .undetermined(missing: ["absence_rate"]))
    }

    @Test func theLoaderPointsAtEveryMistakeInARiskRule() throws {
        let text = """
            version: t
            risks:
              - id: x.one
                name: 一
                category: 学习
                levels:
                  - {level: 紫, when: "absence_rate > 5"}
                notify: [班主任]
                advice: 谈话
              - id: x.two
                name: 二
                category: 学业
                levels:
                  - {level: 黄, when: "absense_rate > 5"}
                  - {level: 红, when: "absence_rate >"}
                notify: [校长]
                advice: 谈话
                missing: maybe
            """
        let result = RuleBookLoader.load([RuleSource(path: "risks.yaml", text: text)])
        #expect(result.book == nil)
        let found = result.errors.map { "\($0.location.line):\($0.location.column) \($0.message)" }
        #expect(found.contains { $0.hasPrefix("5:15 未知的预警类别“学习”") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("7:17") && $0.contains("level 应为 黄、橙 或 红") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("14:27 未知指标 absense_rate") }, "\(found)")
        #expect(found.contains { $0.contains("表达式错误") && $0.hasPrefix("15:") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("16:14 未知的角色“校长”") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("18:14 missing 应为") }, "\(found)")
    }
}
