import ArgumentParser
import Foundation

/// `czk`: the 学生发展储值卡 (student development stored-value card) on the command line.
public struct Czk: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "czk",
        abstract: "学生发展储值卡：录入采分点、查看储值卡、检查规则。",
        discussion: """
            数据库：--db 路径，否则 $CZK_DB，否则当前文件夹的 czk.sqlite。
            先试 czk demo 建立演示学校；新学校用 czk init 开始。
            除 demo、init、login 和 rules check/list 外，命令都要先 czk login。
            """,
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, InitCommand.self, LoginCommand.self, LogoutCommand.self, WhoAmICommand.self, PasswdCommand.self,
            CalendarCommand.self, RosterCommand.self, UsersCommand.self, RecordCommand.self, ImportCommand.self,
            AccountCommand.self, ClassCommand.self, DueCommand.self, AppealCommand.self, AppealsCommand.self,
            ResultsCommand.self, GroupsCommand.self, RisksCommand.self, NotifyCommand.self, TokensCommand.self,
            ExportCommand.self, ReportCommand.self, ServeCommand.self, RulesCommand.self, AuditCommand.self,
            CheckCommand.self, BackupCommand.self, RestoreCommand.self, MigrateCommand.self, ProvinceCommand.self,
        ])

    public init() {}

    /// Runs `czk` with the process's arguments and exits with its code.
    public static func main() {
        Foundation.exit(CzkRunner.run(Array(CommandLine.arguments.dropFirst())))
    }
}

/// Parses and runs one command line, printing help and usage errors in Chinese.
public enum CzkRunner {
    /// Runs `arguments` and returns the exit code: 0, 1 for a refusal or failure, 64 for a
    /// command line that is wrong. Never traps: every input ends in a message and a code.
    public static func run(_ arguments: [String]) -> Int32 {
        // Text with ESC and the like is refused before anything is parsed, stored or printed.
        if let refusal = ArgumentText.refusal(arguments) {
            ErrorPresenter.present(refusal)
            if wantsJSON(arguments) { Console.out(ErrorPresenter.json(refusal)) }
            return 1
        }
        do {
            var command = try Czk.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            let code = Czk.exitCode(for: error)
            if error is ExitCode { return code.rawValue }  // the command printed its own diagnostics
            let message = HelpLocalizer.localize(Czk.fullMessage(for: error))
            if code == .success {
                Console.out(message)
            } else {
                Console.err(message)
                if wantsJSON(arguments) {
                    let short = HelpLocalizer.localize(Czk.message(for: error))
                    Console.out(ErrorPresenter.json(UsageError(code: "usage", message: short)))
                }
            }
            return code.rawValue
        }
    }

    static func wantsJSON(_ arguments: [String]) -> Bool {
        arguments.contains("--json") || arguments.contains("--format=json")
            || zip(arguments, arguments.dropFirst()).contains { $0 == "--format" && $1 == "json" }
    }
}

/// Runs a command body, printing any error in Chinese and exiting 1; with `json`, the error is
/// also printed on stdout as a JSON object that scripts can read.
func runReporting(json: Bool = false, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        ErrorPresenter.present(error)
        if json { Console.out(ErrorPresenter.json(error)) }
        throw ExitCode.failure
    }
}
