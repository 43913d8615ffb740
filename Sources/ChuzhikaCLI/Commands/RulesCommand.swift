import ArgumentParser
import ChuzhikaApp
import ChuzhikaRules

/// `czk rules …`: check, list and apply the rule files.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "检查、列出和应用采分规则（ScoringRules/*.yaml）。",
        subcommands: [Check.self, List.self, Apply.self])
}

extension RulesCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "检查规则文件并列出每个采分点；错误指明文件:行:列。")

        @OptionGroup var rules: RulesOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let result = try CardApp.checkRules(folder: rules.rules)
                if output.chosen == .json, result.book == nil {
                    // Machines read the problems as JSON on stdout; people read them on stderr.
                    Console.out(try JSONRenderer.render(result.diagnostics))
                    throw ExitCode.failure
                }
                DiagnosticPrinter.print(result.diagnostics)
                guard let book = result.book else {
                    Console.err("错误：规则文件有 \(result.errors.count) 处错误，没有载入任何规则")
                    throw ExitCode.failure
                }
                try PointListPrinter.print(book, output: output)
                if output.chosen == .table {
                    let enabled = book.points.filter(\.isEnabled).count
                    Console.out("\n规则版本 \(book.version)：共 \(book.points.count) 个采分点（启用 \(enabled) 个），"
                        + "预警规则 \(book.risks.count) 条，检查通过。")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出规则文件中的每个采分点。")

        @OptionGroup var rules: RulesOptions

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let result = try CardApp.checkRules(folder: rules.rules)
                guard let book = result.book else {
                    DiagnosticPrinter.print(result.diagnostics)
                    throw ExitCode.failure
                }
                try PointListPrinter.print(book, output: output)
            }
        }
    }
}

/// The table of points shared by `rules check` and `rules list`.
enum PointListPrinter {
    static func print(_ book: RuleBook, output: OutputOptions) throws {
        let format = output.chosen
        let listings = book.points.map(PointListing.init)
        switch format {
        case .json:
            Console.out(try JSONRenderer.render(listings))
        case .csv, .table:
            let headers = ["编号", "名称", "领域", "个体/集体", "时点", "主体", "数值", "计分", "启用"]
            let rows = listings.map {
                [$0.id, $0.name, $0.domainName, $0.scopeName, $0.timingName, $0.ownerNames.joined(separator: "/"),
                 $0.valueRange, $0.methodName, $0.enabled ? "是" : "否"]
            }
            if format == .csv {
                output.printCSV(headers: headers, rows: rows)
            } else {
                var table = TableRenderer(headers)
                rows.forEach { table.add($0) }
                Console.out(table.render())
            }
        }
    }
}
