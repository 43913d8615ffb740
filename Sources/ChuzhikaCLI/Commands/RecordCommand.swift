import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk record --as STAFF POINT SUBJECT VALUE`: one 采分录入.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record one value of a scoring point for a student or a class.",
        discussion: """
            Example: czk record --as K611 academic.punctuality 2024010101 是 --date 2025-09-10 --session 3
            A second record for the same student, point and period is refused unless it is a
            correction: --correct --reason "…" supersedes the old one (the old one is kept).
            """)

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var principal: PrincipalOptions

    @Argument(help: "The scoring point id (czk rules list shows them), or its Chinese name.")
    var point: String

    @Argument(help: "The student's 学号, or the class code for a class point.")
    var subject: String

    @Argument(help: "The value: 是/否, a number, a percentage, or a level such as 中级.")
    var value: String

    @Option(help: "The day the value is about, YYYY-MM-DD (default: today).")
    var date: String?

    @Option(help: "Which session of the day (第几节), for points scored before every session.")
    var session: Int?

    @Option(help: "The course code, when you teach more than one course in that class.")
    var course: String?

    @Option(help: "A note kept with the record.")
    var note: String?

    @Flag(help: "Correct the existing record of that period (needs --reason).")
    var correct = false

    @Option(help: "Why the record is corrected.")
    var reason: String?

    @Flag(help: "Print the receipt as JSON.")
    var json = false

    func validate() throws {
        if let date, LocalDate(date) == nil { throw ValidationError("--date 应当写成 YYYY-MM-DD，例如 2025-09-10") }
        if reason != nil && !correct { throw ValidationError("--reason 只用于 --correct 更正记录") }
    }

    func run() throws {
        try runReporting {
            let app = try database.openApp()
            let draft = RecordDraft(
                staff: principal.id, point: point, subject: subject, value: value,
                date: date.flatMap(LocalDate.init), session: session, course: course.map(CourseID.init(rawValue:)),
                note: note, isCorrection: correct, correctionReason: reason)
            let receipt = try app.record(draft)
            if json {
                Console.out(try JSONRenderer.render(receipt))
                return
            }
            let verb = receipt.superseded.map { "已更正（替代记录 \($0.rawValue)）" } ?? "已录入"
            Console.out("\(verb)：\(receipt.subjectName)（\(receipt.subject)） \(receipt.pointName) = \(receipt.value)，\(receipt.period)")
            Console.out("记录号 \(receipt.record.rawValue)，本项储值变化 \(receipt.pointsChange.signedDescription) 分")
        }
    }
}
