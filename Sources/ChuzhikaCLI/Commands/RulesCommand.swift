import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
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
                    let warnings = result.diagnostics.filter { $0.severity == .warning }.count
                    Console.out("\n规则版本 \(book.version)：共 \(book.points.count) 个采分点（启用 \(enabled) 个），"
                        + "预警规则 \(book.risks.count) 条，检查通过" + (warnings > 0 ? "（\(warnings) 处警告，见上）。" : "。"))
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "列出每个采分点；--indicators 列出预警规则可用的指标。")

        @OptionGroup var rules: RulesOptions

        @Flag(help: "列出预警规则 when 中可用的指标（学生和班级）：中文名、单位、取值范围。")
        var indicators = false

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                if indicators { return try IndicatorListPrinter.print(CardApp.riskIndicators(), output: output) }
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

/// The indicators of `czk rules list --indicators`.
enum IndicatorListPrinter {
    static let headers = ["指标", "中文名", "对象", "单位", "取值范围"]

    static func print(_ indicators: [IndicatorListing], output: OutputOptions) throws {
        let rows = indicators.map { [$0.name, $0.chinese, $0.scopeName, $0.unit, $0.rangeText] }
        try output.printListing(
            indicators, headers: headers, rows: rows,
            footer: "共 \(indicators.count) 个指标。比率都以百分数计（0–100）：一半写 50，不写 0.5；是否指标取 0 或 1。")
    }
}
