import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaDocuments
import ChuzhikaTestSupport
import Testing

/// Report pages are self-contained, escaped, and carry the charts and sections a reader expects.
@Suite struct ReportDocumentTests {
    func school() throws -> CardApp { try TestSchool.makeGraded() }

    /// Nothing is fetched: no script, no link, no external URL (the SVG namespace is a name, not a fetch).
    func expectSelfContained(_ html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for forbidden in ["<script", "<link", "src=", "href=", "url(", "@import", "https://"] {
            #expect(!html.contains(forbidden), "found \(forbidden)", sourceLocation: sourceLocation)
        }
        #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "http://") == nil,
                sourceLocation: sourceLocation)
        #expect(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"), sourceLocation: sourceLocation)
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width"), sourceLocation: sourceLocation)
        #expect(html.contains("Noto Sans CJK SC") && html.contains("line-break:strict"), sourceLocation: sourceLocation)
        #expect(html.contains("@page{size:A4"), sourceLocation: sourceLocation)
    }

    @Test("学生报告 HTML：自包含、两张图、各节齐全")
    func theStudentPageIsSelfContainedWithItsCharts() throws {
        let app = try school()
        let report = try app.studentReport(of: "S13", by: app.principal("H1"))
        let html = StudentReportDocument.html(report)
        expectSelfContained(html)
        #expect(html.components(separatedBy: "<figure class=\"chart\"").count - 1 == 2)
        #expect(html.contains("data-kind=\"lines\"") && html.contains("data-kind=\"bars\""))
        #expect(html.contains("<circle") && html.contains("<rect"), "the charts draw marks")
        for section in ["各领域小计与增值", "发展趋势", "与班级平均比较", "优势", "待提升", "预警", "建议"] {
            #expect(html.contains("<h2>\(section)</h2>"), "\(section)")
        }
        #expect(html.contains("王五") && html.contains("软件2401班"))
    }

    @Test("名字里的 <、&、| 在 HTML 中转义，在 Markdown 表格中不破坏表格")
    func namesAreEscaped() throws {
        let app = try school()
        _ = try app.flagRisk("S13", category: .academic, reason: "<b>作业</b> & 考勤 | 缺交", by: app.principal("H1"))
        let report = try app.studentReport(of: "S13", by: app.principal("H1"))
        let html = StudentReportDocument.html(report)
        #expect(!html.contains("<b>作业</b>") && html.contains("&lt;b&gt;作业&lt;/b&gt; &amp; 考勤"))
        let markdown = StudentReportDocument.markdown(report)
        #expect(markdown.contains("# 学生发展诊改报告 · 王五"))
        let table = ClassReportDocument.markdown(try app.classDevelopmentReport("C1", by: app.principal("H1")))
        let row = try #require(table.split(separator: "\n").first { $0.contains("缺交") })
        #expect(row.contains("考勤 \\| 缺交"), "\(row)")
        #expect(row.components(separatedBy: " | ").count == 4, "four cells, the | in the reason escaped: \(row)")
    }

    @Test("学生本人的报告：不出现理财和心理预警")
    func theStudentsOwnPageNeverNamesSensitiveWarnings() throws {
        let app = try school()
        _ = try app.flagRisk("S11", category: .finance, reason: "学费欠缴", by: app.principal("H1"))
        let own = StudentReportDocument.html(try app.studentReport(by: app.principal("S11")))
        #expect(!own.contains("理财") && !own.contains("学费欠缴"))
        #expect(own.contains("<h2>提醒</h2>"), "a student reads 提醒, not 预警")
        let counselor = StudentReportDocument.html(try app.studentReport(of: "S11", by: app.principal("F1")))
        #expect(counselor.contains("学费欠缴") && counselor.contains("仅供该生（该班）辅导员使用"))
    }

    @Test("班级和学院报告：直方图、预警图、单位表")
    func classAndCollegePagesCarryTheirCharts() throws {
        let app = try school()
        let classPage = ClassReportDocument.html(try app.classDevelopmentReport("C1", by: app.principal("H1")))
        expectSelfContained(classPage)
        #expect(classPage.components(separatedBy: "data-kind=\"histogram\"").count - 1 == 4, "学业, 个人, 职业, 总分")
        #expect(classPage.contains("<h2>录入及时性</h2>") && classPage.contains("<h2>需要关注的学生</h2>"))
        let collegePage = CollegeReportDocument.html(try app.collegeReport(by: app.principal("A1")))
        expectSelfContained(collegePage)
        #expect(collegePage.contains("data-chart=\"departments\"") && collegePage.contains("data-chart=\"warnings\""))
        #expect(collegePage.contains("【信息工程系】") && collegePage.contains("【机电工程系】"))
        let markdown = CollegeReportDocument.markdown(try app.collegeReport(by: app.principal("X1")))
        #expect(markdown.contains("信息工程系") && !markdown.contains("机电工程系"), "学工办 of D1 sees D1 only")
    }

    @Test("图表：刻度包含 0 和最大值，负值画在 0 线以下")
    func chartsScaleToTheirValues() {
        let svg = SVGChart.bars([SVGChart.Series(name: "本人", color: "#000", values: [-3, 12])], categories: ["学业", "个人"], title: "t")
        #expect(svg.contains(">-5<") || svg.contains(">-4<") || svg.contains(">-3<"), "a tick at or below the lowest value")
        #expect(svg.contains(">15<") || svg.contains(">12<") || svg.contains(">20<"), "a tick at or above the highest value")
        let empty = SVGChart.lines([], labels: [], title: "空")
        #expect(empty.hasPrefix("<svg") && empty.hasSuffix("</svg>"))
    }
}
