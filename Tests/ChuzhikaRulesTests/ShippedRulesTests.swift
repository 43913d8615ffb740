import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaTestSupport
import Testing

/// The shipped ScoringRules/ hold every 采分点 of table 15 (spec/scoring-points.md §1.2–1.4),
/// with the timing and owner the spec gives.
@Suite struct ShippedRulesTests {
    // (名称, 领域, 个体/集体, 时点, 主体) as the spec writes them; the two blank class cells use the
    // product default 学期末/班主任 (decision 4); 任课老师 is 任课教师 (spec §1.6.6).
    static let table15: [(String, Domain, Scope, String, [String])] = [
        ("学业计划", .academic, .individual, "学年初", ["班主任"]),
        ("准时率（未迟到）", .academic, .individual, "每次课前", ["任课教师"]),
        ("全勤率（未旷课）", .academic, .individual, "周末", ["班主任"]),
        ("满勤率（无请假缺课）", .academic, .individual, "月末", ["班主任"]),
        ("预习完成率", .academic, .individual, "每次课前", ["任课教师"]),
        ("作业完成率", .academic, .individual, "每次课前", ["任课教师"]),
        ("课外学习频次", .academic, .individual, "月末", ["班主任"]),
        ("与教师沟通频次", .academic, .individual, "月末", ["班主任"]),
        ("学期学分绩", .academic, .individual, "学期末", ["班主任"]),
        ("职业资格证", .academic, .individual, "学年末", ["班主任"]),
        ("学生满意度", .academic, .individual, "学期末", ["班主任"]),
        ("准时率（无迟到）", .academic, .class, "周末", ["班主任"]),
        ("全勤率（无旷课）", .academic, .class, "周末", ["班主任"]),
        ("满勤率（无请假）", .academic, .class, "周末", ["班主任"]),
        ("自学能力", .academic, .class, "学期末", ["班主任"]),
        ("学业未合格比率", .academic, .class, "学期末", ["班主任"]),
        ("个人发展规划", .personal, .individual, "学年初", ["班主任"]),
        ("思想政治课程成绩", .personal, .individual, "学期末", ["任课教师"]),
        ("思想政治素质得分", .personal, .individual, "学期末", ["学工办"]),
        ("人文素养得分", .personal, .individual, "学期末", ["学工办"]),
        ("社会实践得分", .personal, .individual, "学期末", ["学工办"]),
        ("社会工作素质得分", .personal, .individual, "学期末", ["学工办"]),
        ("综合素质测评", .personal, .individual, "学期末", ["学工办"]),
        ("体能测试", .personal, .individual, "学期末", ["体育老师"]),
        ("宿舍得分", .personal, .individual, "周末", ["学工办"]),
        ("同学间纠纷频次", .personal, .individual, "学期末", ["班主任"]),
        ("同学互评一致度", .personal, .individual, "学期末", ["班主任"]),
        ("心理辅导频次", .personal, .individual, "学期末", ["辅导员"]),
        ("违纪频次", .personal, .individual, "学期末", ["学工办"]),
        ("违纪受处罚级别", .personal, .individual, "学期末", ["学工办"]),
        ("基本能力增值", .personal, .individual, "学期末", ["学工办"]),
        ("主题班会得分平均分", .personal, .class, "学期末", ["班主任"]),
        ("政治学习得分平均分", .personal, .class, "学期末", ["班主任"]),
        ("宿舍得分平均分", .personal, .class, "学期末", ["辅导员"]),
        ("人文素养平均得分", .personal, .class, "学期末", ["班主任"]),
        ("综合素质测评平均分数", .personal, .class, "学期末", ["班主任"]),
        ("违纪频次", .personal, .class, "学期末", ["学工办"]),
        ("违纪学生比率", .personal, .class, "学期末", ["学工办"]),
        ("职业生涯规划", .career, .individual, "第一学期中", ["教研室", "学工办"]),
        ("创新创业课程成绩", .career, .individual, "学期末", ["任课教师"]),
        ("跟岗实习成绩", .career, .individual, "学期末", ["教研室"]),
        ("顶岗实习成绩", .career, .individual, "学期末", ["教研室"]),
        ("社会兼职", .career, .individual, "学期末", ["学工办"]),
        ("职业适应能力", .career, .individual, "学期末", ["教研室"]),
        ("实习受表扬频次", .career, .individual, "学期末", ["教研室"]),
        ("典型工作能力自述", .career, .individual, "学期末", ["教研室"]),
        ("参加职业技能比赛层次与频次", .career, .individual, "学期末", ["教研室"]),
        ("职业资格证书类别与级别", .career, .individual, "学期末", ["教研室"]),
        ("职业素养增值", .career, .individual, "学期末", ["教研室"]),
        ("职业成熟度", .career, .individual, "学期末", ["教研室"]),
        ("就业对口度", .career, .individual, "毕业前", ["教研室"]),
        ("学生入职满意度", .career, .individual, "毕业前", ["学工办"]),
        ("毕业生跟踪调查", .career, .individual, "学期末", ["学工办"]),
        ("毕业生创业比率", .career, .class, "毕业前", ["教研室"]),
        ("技能比赛参赛比率", .career, .class, "毕业前", ["教研室"]),
        ("资格证获证率", .career, .class, "毕业前", ["教研室"]),
        ("毕业生未毕业率", .career, .class, "毕业前", ["学工办"]),
        ("毕业生就业对口率", .career, .class, "毕业前", ["教研室"]),
        ("毕业生就业满意度", .career, .class, "毕业前", ["学工办"]),
        ("用人单位评价", .career, .class, "毕业前", ["学工办"]),
    ]

    func book() throws -> RuleBook {
        let result = RuleBookLoader.load(try Repository.shippedRules())
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return try #require(result.book)
    }

    /// Points outside table 15 that only feed risk rules: never scored, sensitive.
    static let riskSignals: Set = ["心理健康普查", "心理普查关键条目"]

    @Test func everyTable15PointIsPresentWithItsTimingAndOwners() throws {
        let all = try book().points.filter(\.isEnabled)
        let signals = all.filter { Self.riskSignals.contains($0.name) }
        #expect(signals.count == 2)
        for signal in signals {
            #expect(signal.isSensitive && !signal.risks.isEmpty, "\(signal.name)")
            if case .none = signal.scoring {} else { Issue.record("\(signal.name) is scored") }
        }
        let enabled = all.filter { !Self.riskSignals.contains($0.name) }
        #expect(Self.table15.count == 60)
        #expect(enabled.count == 60)
        for (name, domain, scope, timing, owners) in Self.table15 {
            let point = enabled.first { $0.name == name && $0.scope == scope }
            #expect(point != nil, "missing \(name)")
            #expect(point?.domain == domain, "\(name)")
            #expect(point?.timing.chineseName == timing, "\(name)")
            #expect(point?.owners.map(\.chineseName) == owners, "\(name)")
        }
    }

    @Test func countsMatchTheSpec() throws {
        let enabled = try book().points.filter { $0.isEnabled && !Self.riskSignals.contains($0.name) }
        func count(_ d: Domain, _ s: Scope) -> Int { enabled.filter { $0.domain == d && $0.scope == s }.count }
        #expect(count(.academic, .individual) == 11)
        #expect(count(.academic, .class) == 5)
        #expect(count(.personal, .individual) == 15)
        #expect(count(.personal, .class) == 7)
        #expect(count(.career, .individual) == 15)
        #expect(count(.career, .class) == 7)
    }

    @Test func productDecisionsAreApplied() throws {
        let book = try book()
        let off = book.points.filter { !$0.isEnabled }.map(\.name).sorted()
        #expect(off == ["实习受批评频次", "团学活动出勤频次", "考试成绩"].sorted())
        #expect(book.points.first { $0.name == "心理辅导频次" }?.isScored == false)
        #expect(book.points.first { $0.name == "心理辅导频次" }?.isSensitive == true)
        #expect(book.points.first { $0.name == "学生满意度" }?.isScored == false)
        for point in book.points where point.scope == .class {
            #expect(point.classSource != nil, "\(point.name) says neither recorded nor derived")
        }
    }

    @Test func domainSettingsAreDeclared() throws {
        let book = try book()
        for domain in Domain.allCases {
            #expect(book.domains[domain] != nil)
        }
    }
}
