import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk record --as STAFF POINT SUBJECT VALUE`: one 采分录入.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "为一名学生或一个班级录入一个采分点的数值。",
        discussion: """
            例：czk record academic.punctuality 2024010101 否 --session 5
            负数直接写：czk record career.literacy_gain 2024010101 -5
            记在当前登录的人名下（czk login）；管理员可用 --as 代他人录入。
            同一学生、采分点和时段只能有一条记录；
            更正用 --correct --reason "原因"，旧记录保留。
            """)

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var login: SessionOptions

    @Argument(help: ArgumentHelp("采分点编号（czk rules list 可查）或中文名。", valueName: "采分点"))
    var point: String

    @Argument(help: ArgumentHelp("学生学号；集体采分点写班级代码。", valueName: "对象"))
    var subject: String

    // Collected unparsed so that a negative value (-5) is a value, not an unknown option.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("是/否（或 1/0、√/×）、数字、百分比或等级。", valueName: "数值"))
    var values: [String] = []

    @Option(help: ArgumentHelp("数值所属日期，默认今天；如 2025-10-22 或 2025/10/22。", valueName: "日期"),
            transform: DayOption.parse)
    var date: LocalDate?

    @Option(parsing: .unconditional, help: ArgumentHelp("当天第几节课（1 到 12），每次课前的采分点要填。", valueName: "节次"))
    var session: Int?

    @Option(help: ArgumentHelp("课程代码，在该班教多门课时要填。", valueName: "课程"))
    var course: String?

    @Option(help: ArgumentHelp("随记录保存的备注。", valueName: "备注"))
    var note: String?

    @OptionGroup var correction: CorrectionOptions

    @OptionGroup var output: OutputOptions

    var value: String { values.first ?? "" }

    func validate() throws {
        if let option = values.first(where: { $0.hasPrefix("--") }) { throw ValidationError("未知选项 \(option)") }
        if values.isEmpty { throw ValidationError("缺少参数 <数值>") }
        if values.count > 1 { throw ValidationError("只能有一个数值，多了：\(values.dropFirst().joined(separator: " "))") }
        if let session, !(1...12).contains(session) { throw ValidationError("--session 应为 1 到 12，写的是 \(session)") }
    }

    func run() throws {
        try output.reporting {
            let app = try database.openApp()
            let principal = try login.principal(app)
            let draft = RecordDraft(
                staff: principal.staff?.id ?? StaffID(rawValue: principal.code), point: point, subject: subject, value: value, date: date, session: session,
                course: course.map { CourseID(rawValue: TypedText.normalized($0)) }, note: note, isCorrection: correction.correct,
                correctionReason: correction.reason)
            let receipt = try app.record(draft, by: principal)
            switch output.chosen {
            case .json: Console.out(try JSONRenderer.render(receipt))
            case .csv:
                output.printCSV(
                    headers: ["记录号", "对象", "姓名", "采分点", "时段", "数值", "储值变化", "替代记录"],
                    rows: [[String(receipt.record.rawValue), receipt.subject, receipt.subjectName, receipt.pointName,
                            receipt.period, receipt.value, receipt.pointsChange.description,
                            receipt.superseded.map { String($0.rawValue) } ?? ""]])
            case .table:
                let verb = receipt.superseded.map { "已更正（替代记录 \($0.rawValue)）" } ?? "已录入"
                Console.out("\(verb)：\(receipt.subjectName)（\(receipt.subject)） \(receipt.pointName) = \(receipt.value)，\(receipt.period)")
                Console.out("记录号 \(receipt.record.rawValue)，本项储值变化 \(receipt.pointsChange.signedDescription) 分")
                RiskPrinter.changes(receipt.warnings)
            }
        }
    }
}
