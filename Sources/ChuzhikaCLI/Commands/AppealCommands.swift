import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk appeal RECORD-ID --reason T`: a student disputes a record of their card (申诉).
struct AppealCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appeal",
        abstract: "学生对本人储值卡上的一条记录提出申诉。",
        discussion: "记录号见 czk account 的“记录号”一列；录入人处理后，结果显示在储值卡上。")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var login: SessionOptions

    @Argument(help: ArgumentHelp("记录号。", valueName: "记录号"))
    var record: Int64

    @Option(help: ArgumentHelp("申诉的理由。", valueName: "理由"))
    var reason: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.reporting {
            let app = try database.openApp()
            let item = try app.appeal(record: RecordID(rawValue: record), reason: reason, by: try login.principal(app))
            if output.chosen == .json { return Console.out(try JSONRenderer.render(item)) }
            Console.out("已提出申诉 \(item.id)：\(item.pointName) = \(item.value)（记录 \(item.recordID)），由 \(item.recordedBy) 处理。")
        }
    }
}

/// `czk appeals [answer]`: the appeals the caller must answer, or a student's own.
struct AppealsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appeals",
        abstract: "申诉：列出待您处理的（学生：本人的），或处理一条。",
        subcommands: [List.self, Answer.self],
        defaultSubcommand: List.self)
}

extension AppealsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出待您处理的申诉。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let items = try app.appeals(by: try login.principal(app))
                let headers = ["申诉号", "记录号", "学号", "姓名", "采分点", "数值", "日期", "录入人", "理由", "状态", "处理说明"]
                let rows = items.map {
                    [String($0.id), String($0.recordID), $0.student, $0.studentName, $0.pointName, $0.value,
                     $0.date?.description ?? "", $0.recordedBy, $0.reason, $0.status, $0.answer ?? ""]
                }
                try output.printListing(items, headers: headers, rows: rows, empty: "没有待处理的申诉。")
            }
        }
    }

    struct Answer: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "answer", abstract: "处理申诉：--correct 数值 更正，或 --reject 驳回。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("申诉号。", valueName: "申诉号"))
        var id: Int64

        @Option(help: ArgumentHelp("更正后的数值（取代原记录）。", valueName: "数值"))
        var correct: String?

        @Flag(help: "驳回申诉，记录不变。")
        var reject = false

        @Option(help: ArgumentHelp("处理说明，学生会看到。", valueName: "说明"))
        var reason: String

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (correct != nil) != reject else { throw ValidationError("--correct 数值 与 --reject 二选一") }
        }

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let item = try app.answerAppeal(id, correct: correct, reason: reason, by: try login.principal(app))
                if output.chosen == .json { return Console.out(try JSONRenderer.render(item)) }
                let what = item.correctionID.map { "，新记录 \($0)" } ?? ""
                Console.out("申诉 \(item.id) \(item.status)\(what)。")
            }
        }
    }
}
