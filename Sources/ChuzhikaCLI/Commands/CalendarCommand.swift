import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// `czk calendar set|show|template`: the school calendar, kept by the admin.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "校历：学期和教学周（管理员维护）。",
        subcommands: [Show.self, Set.self, Template.self],
        defaultSubcommand: Show.self)
}

extension CalendarCommand {
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "按 YAML 文件设置校历；错误指明文件:行:列。",
            discussion: "新学期会加入；已有记录的学期只能推后结束日期。从不删除学期。")

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("校历文件（模板：czk calendar template）。", valueName: "文件"))
        var file: String

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let text = try UserFile.text(file)
                let (calendar, problems) = CalendarReader.read(text, file: file)
                guard let calendar, problems.isEmpty else { throw AppError.inputProblems(problems) }
                let app = try database.openApp()
                let report = try app.setCalendar(calendar, by: try login.principal(app))
                try CalendarPrinter.print(report, output: output)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "显示校历：各学期、教学周和记录数。")

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var login: SessionOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let report = try app.calendarReport(by: try login.principal(app))
                guard !report.semesters.isEmpty else { throw AppError.noCalendar }
                try CalendarPrinter.print(report, output: output)
            }
        }
    }

    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "template", abstract: "打印校历模板（YAML），改好后用 calendar set。")

        func run() throws {
            Console.out(CardApp.template("calendar.yaml") ?? "")
        }
    }
}

/// The calendar as a table, CSV or JSON.
enum CalendarPrinter {
    static func print(_ report: CalendarReport, output: OutputOptions) throws {
        let headers = ["学期", "名称", "开始", "结束", "第一教学周", "教学周数", "记录数", "状态"]
        let rows = report.semesters.map {
            [$0.semester, $0.name, $0.start.description, $0.end.description, $0.teachingStart.description, String($0.teachingWeeks),
             String($0.records), $0.status.isEmpty ? ($0.isCurrent ? "当前" : "") : $0.status]
        }
        try output.printListing(report, headers: headers, rows: rows,
                                alignments: [.left, .left, .left, .left, .left, .right, .right, .left], footer: "今天 \(report.today)。")
    }
}
