import ChuzhikaTestSupport
import Foundation
import Testing

/// What a 任课教师 reads (issue 22, item 5): K611 teaches 网络基础 (C101) in WL2401 and sees only
/// the points they own, from the records of that course, in every output; the 班主任 T101 still
/// sees the whole of their class.
@Suite struct CourseTeacherReadingTests {
    /// One demo college (one semester) for the whole suite: these tests only read it.
    static let demo: [String: String]? = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("czk-k611-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let env = ["HOME": folder.path, "CZK_DB": folder.appendingPathComponent("czk.sqlite").path, "CZK_TODAY": "2026-01-20"]
        return CommandRunner.runRaw(["demo", "--semesters", "1"], environment: env).code == 0 ? env : nil
    }()

    /// The points K611 owns as a 任课教师 of 网络基础 (not 思想政治 or 创新创业 courses).
    static let ownPoints: Set<String> = ["academic.punctuality", "academic.preview", "academic.homework"]
    static let notice = "只显示您负责的采分点"

    func run(_ arguments: [String], as person: String) throws -> CommandRunner.Result {
        let env = try #require(Self.demo, "the demo college loads")
        let result = CommandRunner.run(arguments, as: person, environment: env)
        #expect(result.code == 0, "\(arguments) as \(person): \(result.err)")
        return result
    }

    @Test("任课教师的班级报告：只有本人采分点，没有小计、总分和排名")
    func aCourseTeachersClassReportShowsNoOtherPointsFigures() throws {
        let report = try run(["report", "class", "WL2401"], as: "K611").out
        #expect(report.contains(Self.notice), "\(report.prefix(300))")
        for figure in ["总分汇总", "年级排名", "成员总分", "各领域小计", "成员分布"] {
            #expect(!report.contains(figure), "K611 must not see \(figure)")
        }
        let header = try #require(report.split(separator: "\n").first { $0.hasPrefix("| 学生 |") }, "\(report)")
        #expect(header.contains("准时率") && !header.contains("学分绩") && !header.contains("全勤率"), "\(header)")
        #expect(report.contains("您的课程"), "each member's 准时率 is from K611's own sessions")
        let html = try run(["report", "class", "WL2401", "--format", "html"], as: "K611").out
        #expect(html.contains(Self.notice) && !html.contains("总分汇总") && !html.contains("年级排名"))
    }

    @Test("任课教师导出的记录：只有本人所教课程、本人负责的采分点")
    func aCourseTeachersRecordExportHoldsOnlyTheirCoursesPoints() throws {
        let export = try run(["export", "records", "--class", "WL2401"], as: "K611")
        let rows = export.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(!rows.isEmpty)
        // 采分点 is column 5, 录入人 column 11: every row is one K611 recorded for 网络基础.
        #expect(rows.allSatisfy { Self.ownPoints.contains($0[4]) }, "\(Set(rows.map { $0[4] }))")
        #expect(rows.allSatisfy { $0[10] == "高翔" }, "\(Set(rows.map { $0[10] }))")
        #expect(export.err.contains(Self.notice))
    }

    @Test("任课教师查看学生储值卡：只有本人课程的记录，不显示小计和总分")
    func aCourseTeachersAccountHoldsOnlyTheirCoursesRecords() throws {
        let json = try run(["account", "2024010101", "--json"], as: "K611").out
        let card = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let recent = try #require(card["recent"] as? [[String: Any]])
        #expect(!recent.isEmpty)
        #expect(recent.allSatisfy { $0["recordedBy"] as? String == "高翔" }, "\(Set(recent.compactMap { $0["recordedBy"] as? String }))")
        #expect((card["domains"] as? [Any])?.isEmpty == true && (card["trend"] as? [Any])?.isEmpty == true)
        let points = try #require(card["points"] as? [[String: Any]])
        #expect(Set(points.compactMap { $0["id"] as? String }).isSubset(of: Self.ownPoints))
        let punctuality = points.first { $0["id"] as? String == "academic.punctuality" }
        #expect((punctuality?["value"] as? String)?.hasPrefix("您的课程") == true, "\(String(describing: punctuality))")
        let text = try run(["account", "2024010101"], as: "K611").out
        #expect(text.contains(Self.notice) && !text.contains("总分汇总") && !text.contains("林小燕") && !text.contains("何平"))
    }

    @Test("班主任照旧看到本班的全部：小计、总分、排名和所有老师的记录")
    func theHeadTeacherStillSeesTheWholeClass() throws {
        let report = try run(["report", "class", "WL2401"], as: "T101").out
        #expect(!report.contains(Self.notice))
        for figure in ["总分汇总", "年级排名", "成员总分"] { #expect(report.contains(figure), "T101 sees \(figure)") }
        let json = try run(["account", "2024010101", "--json", "--recent", "200"], as: "T101").out
        let card = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((card["domains"] as? [Any])?.count == 3)
        let by = Set((card["recent"] as? [[String: Any]] ?? []).compactMap { $0["recordedBy"] as? String })
        #expect(by.isSuperset(of: ["高翔", "林小燕", "何平"]), "\(by)")
        let export = try run(["export", "records", "--class", "WL2401"], as: "T101")
        #expect(export.out.contains(",林小燕,") && export.out.contains(",academic.gpa,") && !export.err.contains(Self.notice))
    }
}
