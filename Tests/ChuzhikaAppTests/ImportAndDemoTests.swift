import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaSeeding
import ChuzhikaStore
import ChuzhikaTestSupport
import Foundation
import Testing

@Suite struct ImportTests {
    func sheetDraft(_ row: Int, _ staff: String, _ point: String, _ subject: String, _ value: String, on date: String = "2025-10-15") -> RecordDraft {
        var draft = TestSchool.draft(staff, point, subject, value, on: date)
        draft.source = .sheet(file: "成绩.csv", row: row)
        return draft
    }

    @Test func aCleanSheetIsWrittenInOneGo() throws {
        let app = try TestSchool.make()
        let summary = try app.importRecords([
            sheetDraft(2, "H1", "academic.gpa", "S11", "85"),
            sheetDraft(3, "H1", "academic.gpa", "S12", "65"),
        ])
        #expect(summary.records == 2)
        // Every ledger entry names the person behind it.
        let unattributed = try app.database.read { try $0.countForTesting("SELECT COUNT(*) FROM ledgerEntry WHERE createdBy IS NULL") }
        let entries = try app.database.read { try $0.countForTesting("SELECT COUNT(*) FROM ledgerEntry WHERE subjectKind = 0") }
        #expect(entries == 2)
        // The class point derived from the members' GPAs (学业未合格比率) is posted for the class
        // in the same write, once for the sheet.
        let classEntries = try app.database.read { try $0.countForTesting("SELECT COUNT(*) FROM ledgerEntry WHERE subjectKind = 1") }
        #expect(classEntries == 1)
        #expect(unattributed == 0)
        #expect(try app.account(of: "S12").domains.first { $0.domain == .academic }?.semester == Points(3))
    }

    @Test func oneBadRowLeavesTheDatabaseUnchangedAndEveryProblemIsNamedByRow() throws {
        let app = try TestSchool.make()
        do {
            _ = try app.importRecords([
                sheetDraft(2, "H1", "academic.gpa", "S11", "85"),
                sheetDraft(3, "H1", "academic.gpa", "S12", "850"),
                sheetDraft(4, "H1", "academic.gpa", "S21", "70"),
                sheetDraft(5, "H1", "academic.gpa", "S11", "86"),
            ])
            Issue.record("a bad sheet was accepted")
        } catch AppError.inputProblems(let problems) {
            #expect(problems.map(\.location.line) == [3, 4, 5])
            #expect(problems.allSatisfy { $0.location.file == "成绩.csv" })
            #expect(problems[2].message.contains("第 2 行重复"))
        }
        let totals = try app.database.read { try $0.domainTotals(.student(StudentID(rawValue: "S11"))) }
        #expect(totals.isEmpty)
    }

    /// A portal upload's principal is read when the request begins, minutes of upload before the
    /// sheet is written: the sheet's owner checks read the roster as it stands in the write.
    @Test func aSheetIsCheckedAgainstTheRosterAsItStandsWhenWritten() throws {
        let app = try TestSchool.make()
        // H2 as read before an admin moved class C1 (S11's) from H1 to H2, then back.
        let h2 = try #require(try app.principal("H2").staff)
        let stale = Principal(.staff(h2), assignments: try app.principal("H1").assignments)
        do {
            _ = try app.importRecords([sheetDraft(2, "H2", "academic.gpa", "S11", "85")], by: stale)
            Issue.record("a sheet was written for a class its teacher no longer has")
        } catch AppError.inputProblems(let problems) {
            #expect(problems.map(\.location.line) == [2])
            #expect(problems.first?.message.contains("老师H2") == true, "\(problems)")
        }
        #expect(try app.database.read { try $0.domainTotals(.student(StudentID(rawValue: "S11"))) }.isEmpty)
    }
}

@Suite struct DemoTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).sqlite").path
    }

    @Test func theDemoCollegeHasCardsInEveryDomainAndSomeStudentsAtRisk() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try CardApp.prepareDemoDatabase(at: path)
        let app = try CardApp.open(path: path, clock: .fixed(LocalDate("2026-01-20")!))
        let summary = try app.loadDemo(try SeedLoader.demo(), rules: try Repository.shippedRules())
        #expect(summary.students == 240)
        #expect(summary.classes == 6)
        #expect(summary.majors == 4)
        #expect(summary.departments == 2)
        let card = try app.account(of: summary.sampleStudent)
        for line in card.domains { #expect(line.semester != .zero, "\(line.name) is empty") }
        let atRisk = try app.account(of: summary.sampleAtRisk)
        #expect(atRisk.semesterTotal < card.semesterTotal)
        #expect(atRisk.points.contains { $0.id == "personal.violations" && $0.points < .zero })
        // Sensitive points show the admin that they exist, never what they hold.
        #expect(!atRisk.recent.contains { $0.pointID == "personal.counseling" })
        let counseling = atRisk.points.first { $0.id == "personal.counseling" }
        #expect(counseling?.isWithheld == true)
        #expect(counseling?.value == nil)
    }

    @Test("演示学校在任何一天都有班主任待录的工作", arguments: ["2026-11-25", "2027-02-10", "2026-07-20", "2027-03-02"])
    func theDemoHasWorkDueOnAnyDay(today: String) throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Given a demo built on that day
        let day = try #require(LocalDate(today))
        let app = try CardApp.open(path: path, clock: .fixed(day))
        let summary = try app.loadDemo(try SeedLoader.demo(), rules: try Repository.shippedRules(), semesters: 1)
        // Then its calendar holds the day, its records stop before it, and T101 has work listed
        #expect(try app.calendar().semester(containing: day) != nil)
        #expect(summary.records > 0)
        let due = try app.due(for: StaffID(rawValue: "T101"), on: nil)
        #expect(!due.items.isEmpty)
        let latest = try app.account(of: summary.sampleStudent).recent.map(\.date).max()
        #expect(latest.map { $0 < day } == true)
    }

    @Test func theDemoIsDeterministic() throws {
        var first = DemoRecords(roster: TestSchool.roster, calendar: TestSchool.calendar)
        var second = DemoRecords(roster: TestSchool.roster, calendar: TestSchool.calendar)
        let semester = TestSchool.calendar.semesters[0]
        #expect(first.generate(for: semester) == second.generate(for: semester))
    }

    @Test func theDemoRefusesADatabaseThatHoldsARealCollege() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let real = try CardApp.open(path: path).database
        try real.write { try $0.insert(TestSchool.roster) }
        #expect(throws: AppError.notADemoDatabase(path: path)) { try CardApp.prepareDemoDatabase(at: path) }
        #expect(try real.read { try $0.rosterCounts().students } == 6)
    }

    @Test func theDemoRefusesAFileThatIsNotADatabase() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("学生名单 not sqlite".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: AppError.notADemoDatabase(path: path)) { try CardApp.prepareDemoDatabase(at: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "学生名单 not sqlite")
    }
}

/// The files built into the binary are the repository's own, complete and current.
@Suite struct DefaultFilesTests {
    @Test func theEmbeddedRulesAreTheRepositorysRules() throws {
        let shipped = try Repository.shippedRules()
        let embedded = try CardApp.ruleFiles(nil)
        #expect(embedded.map(\.text) == shipped.map(\.text))
        #expect(embedded.map { ($0.path as NSString).lastPathComponent } == shipped.map { ($0.path as NSString).lastPathComponent })
    }

    @Test func theEmbeddedDemoIsTheRepositorysDemo() throws {
        let embedded = try SeedLoader.demo()
        let onDisk = try SeedLoader.load(folder: Repository.demoSeeds)
        #expect(embedded.name == onDisk.name)
        #expect(embedded.sheets.map(\.1.rows.count) == onDisk.sheets.map(\.1.rows.count))
        #expect(embedded.sheets.map(\.0) == RosterKind.allCases)
    }

    @Test func everyRosterKindHasATemplateWithItsHeader() throws {
        for kind in RosterKind.allCases {
            let template = try #require(CardApp.template("\(kind.rawValue).csv"))
            #expect(template.hasPrefix(RosterColumns.templateHeader(kind)), "\(kind)")
        }
    }
}
