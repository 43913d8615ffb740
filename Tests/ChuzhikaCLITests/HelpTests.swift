import ArgumentParser
import Foundation
import Testing

@testable import ChuzhikaCLI

/// `--help` is for teachers: Chinese, aligned, and never wrapped in the middle of a phrase.
@Suite struct HelpTests {
    /// Every command path: `[]`, `["record"]`, `["rules", "check"]` …
    static var commandPaths: [[String]] {
        func walk(_ command: any ParsableCommand.Type, _ path: [String]) -> [[String]] {
            [path] + command.configuration.subcommands.flatMap { sub in
                walk(sub, path + [sub.configuration.commandName ?? ""])
            }
        }
        return walk(Czk.self, [])
    }

    @Test func everyCommandHasChineseHelp() {
        for path in Self.commandPaths {
            let help = CommandRunner.run(path + ["--help"])
            #expect(help.code == 0, "\(path)")
            for english in ["USAGE:", "OPTIONS:", "OVERVIEW:", "Show help information", "(default:", "ARGUMENTS:"] {
                #expect(!help.out.contains(english), "\(path): \(english)")
            }
            #expect(help.out.contains("用法："), "\(path)")
            // The command's own summary is Chinese.
            let overview = help.out.split(separator: "\n").first.map(String.init) ?? ""
            #expect(overview.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(path): \(overview)")
        }
    }

    @Test("帮助不会在短语中间折行，每行不超过 80 列")
    func helpLinesFitEightyColumnsAndNeverWrap() {
        for path in Self.commandPaths {
            let help = CommandRunner.run(path + ["--help"]).out
            for line in help.split(separator: "\n").map(String.init) {
                #expect(DisplayWidth.of(line) <= 80 || line.hasPrefix("用法："), "\(path): \(line)")
                // ArgumentParser continues a wrapped option help on a line indented to its help column.
                let isContinuation = line.hasPrefix(String(repeating: " ", count: HelpLocalizer.helpColumn))
                    && !line.trimmingCharacters(in: .whitespaces).hasPrefix("-")
                #expect(!isContinuation, "\(path) wraps: \(line)")
            }
        }
    }

    @Test func optionHelpStartsInOneColumnWhateverTheLabel() {
        let help = CommandRunner.run(["record", "--help"]).out
        let columns = help.split(separator: "\n").map(String.init).filter { $0.hasPrefix("  --") || $0.hasPrefix("  <") }.compactMap { line -> Int? in
            guard let range = line.range(of: "  ", options: [], range: line.index(line.startIndex, offsetBy: 2)..<line.endIndex) else { return nil }
            let label = String(line[..<range.lowerBound])
            let rest = line[range.lowerBound...].prefix { $0 == " " }
            return DisplayWidth.of(label) + rest.count
        }
        #expect(Set(columns) == [HelpLocalizer.helpColumn], "\(columns)")
    }

    @Test func usageErrorsAreChinese() {
        let missing = CommandRunner.run(["record", "--as", "H1", "academic.gpa"])
        #expect(missing.code == 64)
        #expect(missing.err.contains("错误："))
        #expect(!missing.err.contains("Error:"))
        let unknown = CommandRunner.run(["account", "S11", "--nope"])
        #expect(unknown.err.contains("未知选项 --nope"), "\(unknown.err)")
    }
}
