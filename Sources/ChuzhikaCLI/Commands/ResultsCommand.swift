import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk results [import]`: course results from the 教务 system, and what they add up to.
struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "课程成绩：导入教务成绩表，查看学生的挂科学分等指标。",
        subcommands: [Show.self, Import.self, Template.self],
        defaultSubcommand: Show.self)

    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "template", abstract: "打印成绩表的表头（CSV），即导入所认的列。")

        @Flag(help: "加 BOM，Excel 才能认出 UTF-8。")
        var bom = false

        func run() throws { Console.out((bom ? "\u{FEFF}" : "") + CardApp.resultHeader.joined(separator: ",")) }
    }
}

extension ResultsCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "导入教务成绩表：有一行错就全部不写。",
            discussion: """
                列：\(CardApp.resultHeader.joined(separator: ","))（模板：czk results template）。
                没有学期列时用 --semester。
                成绩写 0–100 的分数，或 优秀/良好/中等/及格/合格/通过、不及格/不合格/缺考 等。
                考试性质：正考（默认）、补考、重修；补考或重修通过即消除该课的挂科。
                任课教师导入所教课程的成绩，教研室导入本专业的，管理员不限。
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("成绩表 CSV（UTF-8）。", valueName: "文件"))
        var file: String

        @Option(help: ArgumentHelp("表中没有学期列时整表的学期。", valueName: "学期"))
        var semester: String?

        @OptionGroup var sheetOptions: SheetOptions

        @OptionGroup var verbosity: VerboseOption

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let report = try app.importCourseResults(
                    try sheetOptions.read(file), semester: semester.map(SemesterID.init(rawValue:)), by: try login.principal(app))
                if output.chosen == .json { return Console.out(try JSONRenderer.render(report)) }
                if report.results == 0 && report.unchanged > 0 {
                    Console.out("\(file) 的 \(report.unchanged) 条成绩都已导入过，这次没有写入任何内容。")
                } else {
                    Console.out("已导入 \(file)：\(report.results) 条成绩，涉及 \(report.students) 名学生，其中不及格 \(report.failed) 条。"
                        + (report.unchanged > 0 ? "另有 \(report.unchanged) 条已导入过，未重复写入。" : ""))
                }
                WarningChangePrinter.print(report.warnings, summary: report.warningSummary, verbose: verbosity.verbose)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "查看学生的课程成绩和各学期指标。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("学号（学生本人可不写）。", valueName: "学号"))
        var student: String?

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let report = try app.results(of: student, by: try login.principal(app))
                let headers = ["学期", "课程", "学分", "成绩", "考试性质", "通过"]
                let rows = report.results.map {
                    [$0.semester, $0.course, RecordValue.format($0.credits), $0.grade, $0.sitting, $0.isPass ? "是" : "否"]
                }
                switch output.chosen {
                case .json: Console.out(try JSONRenderer.render(report))
                case .csv: output.printCSV(headers: headers, rows: rows)
                case .table:
                    var table = TableRenderer(headers)
                    rows.forEach { table.add($0) }
                    var indicators = TableRenderer(["学期", "修读学分", "挂科学分", "挂科比例", "通过门数", "加权平均", "累计挂科学分"],
                                                   alignments: [.left, .right, .right, .right, .right, .right, .right])
                    for i in report.indicators {
                        indicators.add([i.semester.rawValue, RecordValue.format(i.creditsEnrolled), RecordValue.format(i.creditsFailed),
                                        "\(Int(i.shareFailed.rounded()))%", String(i.coursesPassed),
                                        i.weightedAverage.map { String(format: "%.1f", $0) } ?? "-",
                                        RecordValue.format(i.cumulativeFailedCredits)])
                    }
                    Console.out("\(report.name)（\(report.studentID)）的课程成绩\n" + (rows.isEmpty ? "（暂无成绩）" : table.render()
                        + "\n\n" + indicators.render()))
                }
            }
        }
    }
}

/// `czk groups add|end|list`: the special-group register (特殊群体名册), sensitive.
struct GroupsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "特殊群体名册（经济困难、已获资助、心理关注等）。",
        subcommands: [List.self, Add.self, End.self, Import.self, Template.self],
        defaultSubcommand: List.self)

    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "template", abstract: "打印名册表的表头（CSV），即导入所认的列。")

        @Flag(help: "加 BOM，Excel 才能认出 UTF-8。")
        var bom = false

        func run() throws { Console.out((bom ? "\u{FEFF}" : "") + CardApp.registerHeader.joined(separator: ",")) }
    }

    struct Change: ParsableArguments {
        @Argument(help: ArgumentHelp("学号。", valueName: "学号"))
        var student: String

        @Option(help: ArgumentHelp("经济困难、已获资助、心理关注、就业困难、学费欠缴。", valueName: "群体"))
        var group: String

        @Option(help: ArgumentHelp("原因。", valueName: "原因"))
        var reason: String

        @Option(help: ArgumentHelp("生效日期（默认今天）。", valueName: "日期"), transform: DayOption.parse)
        var since: LocalDate?

        /// Adds or ends, then says so (with any warning it raised that the person may see).
        func run(adding: Bool, database: DatabaseOptions, login: SessionOptions) throws {
            try runReporting {
                let app = try database.openApp()
                let warnings = try app.changeGroup(student, group: group, adding: adding, reason: reason, on: since, by: try login.principal(app))
                Console.out(adding ? "已将 \(student) 列入“\(group)”。" : "已结束 \(student) 的“\(group)”记录。")
                RiskPrinter.changes(warnings)
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "把学生列入某个群体（辅导员、学工办）。")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @OptionGroup var change: Change

        func run() throws { try change.run(adding: true, database: database, login: login) }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "end", abstract: "结束学生在某个群体中的记录（记录保留）。")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @OptionGroup var change: Change

        func run() throws { try change.run(adding: false, database: database, login: login) }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "导入名册表（\(CardApp.registerHeader.joined(separator: ","))），全部或全不。",
            discussion: "状态：列入（默认）或 结束；日期默认今天。")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @Argument(help: ArgumentHelp("CSV（UTF-8 或 GB18030）或 .xlsx 文件。", valueName: "文件")) var file: String
        @OptionGroup var sheetOptions: SheetOptions
        @OptionGroup var verbosity: VerboseOption

        func run() throws {
            try runReporting {
                let app = try database.openApp()
                let sheet = try sheetOptions.read(file, required: CardApp.registerColumns)
                let report = try app.importGroupsReport(sheet, by: try login.principal(app))
                Console.out("已导入 \(file)：\(report.rows) 行。")
                WarningChangePrinter.print(report.warnings.changes, summary: report.warnings.summary, verbose: verbosity.verbose)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出名册（内容仅该生辅导员可见）。")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Option(name: .customLong("class"), help: ArgumentHelp("只看某个班级。", valueName: "班级"))
        var schoolClass: String?

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let lines = try app.groupRegister(class: schoolClass.map(ClassID.init(rawValue:)), by: try login.principal(app))
                let headers = ["学号", "姓名", "班级", "群体", "原因", "起始日期"]
                let rows = lines.map {
                    [$0.student, $0.name, $0.schoolClass, $0.group ?? "（仅辅导员可见）", $0.reason ?? "", $0.since?.description ?? ""]
                }
                try output.printListing(lines, headers: headers, rows: rows, empty: "名册中没有您负责的学生。")
            }
        }
    }
}
