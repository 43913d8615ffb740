import ArgumentParser

/// `czk`: the 学生发展储值卡 (student development stored-value card) on the command line.
public struct Czk: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "czk",
        abstract: "学生发展储值卡 — record scoring points, read cards, check rules.",
        discussion: """
            The database is --db PATH, else $CZK_DB, else czk.sqlite in the current folder.
            Start with `czk demo` to build a demo college.
            """,
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, RecordCommand.self, ImportCommand.self, AccountCommand.self, ClassCommand.self, DueCommand.self,
            RulesCommand.self,
        ])

    public init() {}
}

/// Runs a command body, printing any error in Chinese and exiting 1.
func runReporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        ErrorPresenter.present(error)
        throw ExitCode.failure
    }
}
