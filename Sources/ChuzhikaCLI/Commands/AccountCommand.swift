import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk account STUDENT`: a student's card.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Show a student's card: subtotals per domain, totals, latest records.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The student's 学号.")
    var student: String

    @Option(help: "The semester, e.g. 2025-2026-1 (default: the latest with points).")
    var semester: String?

    @Option(help: "How many latest records to show.")
    var recent = 12

    @Flag(help: "Print the card as JSON.")
    var json = false

    func run() throws {
        try runReporting {
            let report = try database.openApp().account(of: student, semester: semester, recent: recent)
            Console.out(json ? try JSONRenderer.render(report) : AccountPrinter.render(report))
        }
    }
}
