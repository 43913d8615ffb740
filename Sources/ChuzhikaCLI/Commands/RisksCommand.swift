import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk risks …`: the warnings (预警) a counselor or teacher must follow up.
struct RisksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risks",
        abstract: "预警：列出您负责跟进的预警，确认、记录跟进、解决。",
        discussion: "最紧急的在前：等级，然后是否逾期，然后开启时间。心理和理财预警只给该生的辅导员。",
        subcommands: [List.self, Show.self, Ack.self, Note.self, Resolve.self, FlagRisk.self, Scan.self, Evaluate.self, Outcomes.self],
        defaultSubcommand: List.self)

    /// Acknowledges, notes or resolves a warning as the logged-in person, and says where it stands.
    static func act(_ id: Int64, _ action: RiskAction, database: DatabaseOptions, login: SessionOptions) throws {
        try runReporting {
            let app = try database.openApp()
            let line = try app.actOnRisk(id, action, by: try login.principal(app))
            if case .note = action { return Console.out("已记录跟进：预警 \(line.id) \(line.status)。") }
            Console.out("预警 \(line.id) \(line.status)。")
        }
    }
}

extension RisksCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出您负责的预警。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Option(name: .customLong("class"), help: ArgumentHelp("只看某个班级。", valueName: "班级"))
        var schoolClass: String?

        @Option(help: ArgumentHelp("只看某类：学业、心理、就业、违纪、理财。", valueName: "类别"))
        var category: String?

        @Option(help: ArgumentHelp("只看某级：黄、橙、红。", valueName: "等级"))
        var level: String?

        @Option(help: ArgumentHelp("只看某状态：待处理、已确认、跟进中、已解决、已消除。", valueName: "状态"))
        var status: String?

        @Flag(help: "只看逾期未确认的。")
        var overdue = false

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let filter = RiskFilter(schoolClass: schoolClass, category: category, level: level, status: status, overdueOnly: overdue)
                try RiskPrinter.print(try app.riskListing(by: try login.principal(app), filter: filter), output: output)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "查看一条预警的证据、经过和跟进记录。")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @Argument(help: ArgumentHelp("预警号。", valueName: "预警号")) var id: Int64
        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let line = try app.risk(id, by: try login.principal(app))
                if output.chosen == .json { return Console.out(try JSONRenderer.render(line)) }
                Console.out(RiskPrinter.detail(line))
            }
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "确认已看到这条预警。")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @Argument(help: ArgumentHelp("预警号。", valueName: "预警号")) var id: Int64

        func run() throws { try RisksCommand.act(id, .acknowledge, database: database, login: login) }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "note", abstract: "记录一次跟进（谈心谈话、学业帮扶等）。")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @Argument(help: ArgumentHelp("预警号。", valueName: "预警号")) var id: Int64
        @Option(help: ArgumentHelp("措施，如谈心谈话、学业帮扶、家校联系。", valueName: "措施"))
        var action: String
        @Option(help: ArgumentHelp("经过和结果。", valueName: "说明")) var text: String

        func run() throws { try RisksCommand.act(id, .note(kind: action, text: text), database: database, login: login) }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resolve", abstract: "结案：写明解决的原因。")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @Argument(help: ArgumentHelp("预警号。", valueName: "预警号")) var id: Int64
        @Option(help: ArgumentHelp("解决的原因。", valueName: "原因")) var reason: String

        func run() throws { try RisksCommand.act(id, .resolve(reason: reason), database: database, login: login) }
    }

    struct FlagRisk: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "flag", abstract: "手动提出预警（班主任、辅导员），如理财。")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @Argument(help: ArgumentHelp("学号。", valueName: "学号")) var student: String
        @Option(help: ArgumentHelp("类别：学业、心理、就业、违纪、理财。", valueName: "类别")) var category: String
        @Option(help: ArgumentHelp("原因，作为证据保存。", valueName: "原因")) var reason: String

        func validate() throws {
            guard WarningCategory(rawValue: category) != nil else {
                throw ValidationError("类别应为 \(WarningCategory.allCases.map(\.rawValue).joined(separator: "、"))，写的是 \(category)")
            }
        }

        func run() throws {
            try runReporting {
                let app = try database.openApp()
                let kind = WarningCategory(rawValue: category) ?? .finance
                let id = try app.flagRisk(student, category: kind, reason: reason, by: try login.principal(app))
                Console.out("已提出预警 \(id)：\(student) \(kind.rawValue)（黄）" + (kind.isSensitive ? "，仅该生辅导员可见。" : "。"))
            }
        }
    }

    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "scan", abstract: "全校重新评估预警规则（管理员；可重复运行）。")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @OptionGroup var verbosity: VerboseOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let report = try app.scanRisksReport(by: try login.principal(app))
                if output.chosen == .json { return Console.out(try JSONRenderer.render(report)) }
                let withheld = report.summary.withheld.reduce(0) { $0 + $1.count }
                Console.out("扫描完成：\(report.changes.count + withheld) 项变化。")
                WarningChangePrinter.print(report.changes, summary: report.summary, verbose: verbosity.verbose)
            }
        }
    }
}

/// Warnings for the terminal.
enum RiskPrinter {
    static let headers = ["预警号", "等级", "类别", "学号", "姓名", "班级", "规则", "证据", "状态", "天数"]

    /// The listing; with JSON an object `{"warnings": […], "withheld": [{category, count, visibleTo}]}`,
    /// otherwise the withheld counts go to stderr, so a CSV stays a CSV.
    static func print(_ listing: RiskListing, output: OutputOptions) throws {
        let lines = listing.warnings
        let rows = lines.map {
            [String($0.id), $0.level, $0.category, $0.student, $0.name, $0.schoolClass, $0.ruleName, $0.evidence,
             $0.status + ($0.isOverdue ? "（逾期）" : ""), String($0.daysOpen)]
        }
        try output.printListing(
            listing, headers: headers, rows: rows, alignments: [.right, .left, .left, .left, .left, .left, .left, .left, .left, .right],
            empty: "没有需要您跟进的预警。", footer: "共 \(lines.count) 条；czk risks show 预警号 查看详情。")
        if output.chosen != .json, let withheld = WithheldWarnings.sentence(listing.withheld) { Console.err(withheld + "。") }
    }

    static func detail(_ l: WarningLine) -> String {
        var out = ["预警 \(l.id)  \(l.level)·\(l.category)  \(l.ruleName)  \(l.name)（\(l.student)，\(l.schoolClass)）",
                   "状态：\(l.status)\(l.isOverdue ? "（逾期）" : "")，\(l.openedOn) 起 \(l.daysOpen) 天，第 \(l.episode) 次",
                   "条件：\(l.condition)", "证据：\(l.evidence)", "建议：\(l.advice)", "", "经过"]
        out += l.history.map { "  \($0.at)  \($0.kindName)  \($0.level.rawValue)  \($0.detail)（\($0.by)）" }
        return out.joined(separator: "\n")
    }

    /// What a write did to warnings, printed after its own message.
    static func changes(_ changes: [WarningChange]) {
        for c in changes {
            Console.out("预警\(c.change)：\(c.student) \(c.ruleName)（\(c.level.rawValue)·\(c.category.rawValue)）\(c.evidence)")
        }
    }
}
