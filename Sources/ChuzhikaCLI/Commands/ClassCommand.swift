import ArgumentParser
import ChuzhikaApp

/// `czk class CLASS`: a class card.
struct ClassCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "class",
        abstract: "Show a class card: class points per domain, subtotals, total and rank in its cohort.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The class code.")
    var schoolClass: String

    @Option(help: "The semester, e.g. 2025-2026-1 (default: the latest that has begun).")
    var semester: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReporting {
            let report = try database.openApp().classCard(schoolClass, semester: semester)
            switch output.chosen {
            case .json: Console.out(try JSONRenderer.render(report))
            case .csv: Console.out(ClassPrinter.csv(report))
            case .table: Console.out(ClassPrinter.render(report))
            }
        }
    }
}
