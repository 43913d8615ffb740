import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaTestSupport
import Testing

/// A broken rule file gets errors at file:line:column, and nothing is loaded.
@Suite struct RuleBookLoaderTests {
    let header = RuleSource(path: "card.yaml", text: "version: t1\n")

    func load(_ marked: MarkedText) -> RuleBookLoader.Result {
        RuleBookLoader.load([header, RuleSource(path: "test.yaml", text: marked.text)])
    }

    func point(_ fields: String) -> String {
        """
        domain: academic
        points:
          - id: academic.sample
            name: 样例
            scope: individual
        \(fields)
        """
    }

    func expectError(_ result: RuleBookLoader.Result, at marker: (line: Int, column: Int)?, containing text: String) {
        #expect(result.book == nil)
        let match = result.errors.first { $0.message.contains(text) }
        #expect(match != nil, "no error containing \(text): \(result.errors.map(\.description))")
        if let match, let marker {
            #expect(match.location.file == "test.yaml")
            #expect(match.location.line == marker.line)
            #expect(match.location.column == marker.column)
        }
    }

    @Test func aValidPointLoads() {
        let result = load(MarkedText(point("""
                timing: 学期末
                owners: [班主任]
                value: {kind: score, min: 0, max: 100}
                scoring: {method: bands, bands: [{min: 60, points: 2}, {points: -1}]}
            """)))
        #expect(result.errors.isEmpty, "\(result.diagnostics)")
        #expect(result.book?.points.first?.timing == .semesterEnd)
        #expect(result.book?.version == "t1")
    }

    @Test func unknownTimingIsReportedAtItsValue() {
        let marked = MarkedText(point("""
                timing: 1️⃣每天
                owners: [班主任]
                value: {kind: boolean}
                scoring: {method: per_event, points: 1}
            """))
        expectError(load(marked), at: marked.markers["1️⃣"], containing: "采分时点")
    }

    @Test func unknownRoleIsReportedAtTheRole() {
        let marked = MarkedText(point("""
                timing: 周末
                owners: [班主任, 1️⃣校长]
                value: {kind: boolean}
                scoring: {method: per_event, points: 1}
            """))
        expectError(load(marked), at: marked.markers["1️⃣"], containing: "未知的采分主体“校长”")
    }

    @Test func missingFieldIsReportedAtThePoint() {
        let marked = MarkedText("""
            domain: academic
            points:
              - 1️⃣id: academic.sample
                name: 样例
                scope: individual
                owners: [班主任]
                value: {kind: boolean}
                scoring: {method: per_event, points: 1}
            """)
        expectError(load(marked), at: marked.markers["1️⃣"], containing: "缺少字段 timing")
    }

    @Test func badYAMLIsReportedWhereTheParserStopped() {
        let marked = MarkedText("""
            domain: academic
            points:
              - id: academic.sample
                name: [样例
            1️⃣    scope: individual
            """)
        let result = load(marked)
        expectError(result, at: nil, containing: "YAML 语法错误")
        #expect(result.errors.first?.location.line == marked.markers["1️⃣"]?.line)
    }

    @Test func duplicateIdNamesTheFirstPlace() {
        let body = """
              - id: academic.sample
                name: 样例
                scope: individual
                timing: 周末
                owners: [班主任]
                value: {kind: boolean}
                scoring: {method: per_event, points: 1}
            """
        let marked = MarkedText("domain: academic\npoints:\n" + body + "\n" + body.replacingOccurrences(of: "  - id", with: "  1️⃣- id"))
        let result = load(marked)
        expectError(result, at: nil, containing: "重复（第一次出现在 test.yaml:3")
        #expect(result.errors.first?.location.line == marked.markers["1️⃣"]?.line)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let marked = MarkedText(point("""
                timing: 1️⃣每天
                owners: [2️⃣校长]
                value: {kind: 3️⃣percent}
                scoring: {method: 4️⃣magic}
            """))
        let result = load(marked)
        #expect(result.errors.count >= 4)
        for name in ["1️⃣", "2️⃣", "3️⃣", "4️⃣"] {
            let at = marked.markers[name]!
            #expect(result.errors.contains { $0.location.line == at.line && $0.location.column == at.column }, "\(name)")
        }
    }

    @Test func misspelledFieldIsNotSilentlyIgnored() {
        let marked = MarkedText(point("""
                1️⃣timming: 周末
                timing: 周末
                owners: [班主任]
                value: {kind: boolean}
                scoring: {method: per_event, points: 1}
            """))
        expectError(load(marked), at: marked.markers["1️⃣"], containing: "未知字段 timming")
    }

    @Test func bandsMustFallAndNothingFollowsTheCatchAll() {
        let rising = MarkedText(point("""
                timing: 学期末
                owners: [班主任]
                value: {kind: score, min: 0, max: 100}
                scoring: {method: bands, bands: [{min: 60, points: 1}, {min: 1️⃣80, points: 2}]}
            """))
        expectError(load(rising), at: rising.markers["1️⃣"], containing: "从高到低")
        let unreachable = MarkedText(point("""
                timing: 学期末
                owners: [班主任]
                value: {kind: score, min: 0, max: 100}
                scoring: {method: bands, bands: [{points: 1}, 1️⃣{min: 50, points: 2}]}
            """))
        expectError(load(unreachable), at: unreachable.markers["1️⃣"], containing: "永远用不到")
    }

    @Test func levelTableMustCoverTheScale() {
        let result = load(MarkedText(point("""
                timing: 学期末
                owners: [班主任]
                value: {kind: level, levels: [初级, 中级, 高级]}
                scoring: {method: levels, points: {初级: 1, 中级: 2}}
            """)))
        expectError(result, at: nil, containing: "高级 没有对应分数")
    }

    @Test func formulaSyntaxErrorPointsIntoTheExpression() {
        let marked = MarkedText(point("""
                timing: 学期末
                owners: [班主任]
                value: {kind: score, min: 0, max: 100}
                scoring: {method: formula, expr: "clamp(value 1️⃣60, 0, 5)"}
            """))
        expectError(load(marked), at: marked.markers["1️⃣"], containing: "表达式错误")
    }

    @Test func formulaMayNotNameUnknownIndicators() {
        let result = load(MarkedText(point("""
                timing: 学期末
                owners: [班主任]
                value: {kind: score, min: 0, max: 100}
                scoring: {method: formula, expr: "value + academic.nothing"}
            """)))
        expectError(result, at: nil, containing: "academic.nothing")
    }

    @Test func classPointsNeedASourceThatNamesAnIndividualPoint() {
        let result = load(MarkedText("""
            domain: academic
            points:
              - id: academic.class_sample
                name: 班级样例
                scope: class
                timing: 学期末
                owners: [班主任]
                value: {kind: rate}
                source: {derive: average, of: academic.missing}
                scoring: {method: bands, bands: [{points: 1}]}
            """))
        expectError(result, at: nil, containing: "不存在的采分点 academic.missing")
    }

    @Test func aMissingVersionIsAnError() {
        let result = RuleBookLoader.load([RuleSource(path: "x.yaml", text: "points: []\n")])
        #expect(result.errors.contains { $0.message.contains("version") })
    }

    @Test func appliesFromMustNameASemester() {
        let marked = MarkedText("version: t1\napplies_from: 1️⃣下学期\n")
        let result = RuleBookLoader.load([RuleSource(path: "test.yaml", text: marked.text)])
        expectError(result, at: marked.markers["1️⃣"], containing: "applies_from")
        let fine = RuleBookLoader.load([RuleSource(path: "card.yaml", text: "version: t1\napplies_from: 2025-2026-2\n")])
        #expect(fine.book?.appliesFrom?.rawValue == "2025-2026-2")
    }

    @Test func valueAddedMustComeFromANumericPointOfTheSameScope() {
        let result = load(MarkedText(point("""
                timing: 学期末
                owners: [学工办]
                value: {kind: score, min: -100, max: 100}
                value_added_of: academic.nowhere
                scoring: {method: formula, expr: "value / 2"}
            """)))
        expectError(result, at: nil, containing: "value_added_of 引用了不存在的采分点 academic.nowhere")
    }

    @Test func coursesAreOnlyForCourseTeacherPoints() {
        let marked = MarkedText(point("""
                timing: 学期末
                owners: [班主任]
                courses: 1️⃣[思想政治]
                value: {kind: score, min: 0, max: 100}
                scoring: {method: bands, bands: [{points: 1}]}
            """))
        expectError(load(marked), at: marked.markers["1️⃣"], containing: "courses 只用于任课教师")
    }
}
