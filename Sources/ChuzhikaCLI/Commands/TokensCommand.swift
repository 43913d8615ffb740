import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore

/// `czk tokens add|list|revoke`: the keys of the college's other systems to the integration API
/// (issue 26), kept by the admin.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "接口令牌：供教务、学工等系统调用 /api/v1（管理员）。",
        discussion: """
            令牌只在发放时显示一次；数据库只存它的散列。吊销和到期立即生效。
            范围：results:write、roster:write、records:write、accounts:read、
            warnings:read、warnings:sensitive（心理、理财预警，须与 warnings:read 同给）。
            """,
        subcommands: [Add.self, List.self, Revoke.self], defaultSubcommand: List.self)
}

extension TokensCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "发放一个令牌（只显示这一次）。",
            discussion: "例：czk tokens add 教务系统 --scope results:write,warnings:read --department XX --expires 2027-07-31")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("系统的名字，如 教务系统。", valueName: "名称"))
        var name: String

        @Option(help: ArgumentHelp("逗号分隔的范围，如 results:write,warnings:read。", valueName: "范围"))
        var scope: String

        @Option(name: .customLong("class"), help: ArgumentHelp("只限这个班级。", valueName: "班级"))
        var schoolClass: String?

        @Option(help: ArgumentHelp("只限这个系部。", valueName: "系部"))
        var department: String?

        @Option(help: ArgumentHelp("最后一天有效，如 2027-07-31。", valueName: "日期"))
        var expires: String?

        func validate() throws {
            for part in scope.split(separator: ",") where SystemToken.Scope(rawValue: part.trimmingSpaces) == nil {
                throw ValidationError("没有范围“\(part)”：可用 " + SystemToken.Scope.allCases.map(\.rawValue).joined(separator: "、"))
            }
            if let expires, LocalDate(expires) == nil { throw ValidationError("--expires 应为日期 YYYY-MM-DD，写的是 \(expires)") }
            if schoolClass != nil && department != nil { throw ValidationError("--class 和 --department 只能写一个") }
        }

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let scopes = Set(scope.split(separator: ",").compactMap { SystemToken.Scope(rawValue: $0.trimmingSpaces) })
                let issued = try app.addToken(name: name, scopes: scopes, schoolClass: schoolClass, department: department,
                                              expiresOn: expires.flatMap(LocalDate.init), by: try login.principal(app))
                if output.chosen == .json {
                    return Console.out(try JSONRenderer.render(IssuedTokenJSON(token: issued.secret, listed: ListedToken(issued.token))))
                }
                Console.out("已发放令牌 \(issued.token.id)：\(issued.token.name)（\(TokensCommand.describe(issued.token))）。")
                Console.out("令牌（只显示这一次，请交给对方系统的管理员妥善保存）：")
                Console.out(issued.secret)
                Console.out("用法：curl -H \"Authorization: Bearer 令牌\" http://门户地址/api/v1/warnings")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出令牌（不含令牌本身）。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.reporting {
                let app = try database.openApp()
                let tokens = try app.tokens(by: try login.principal(app))
                let today = app.clock.today()
                let rows = tokens.map { token in
                    [String(token.id), token.name, token.scopes.sorted().map(\.rawValue).joined(separator: ","), token.reach.chineseName,
                     token.expiresOn.map { "\($0)" } ?? "不限", token.revokedAt != nil ? "已吊销" : token.isValid(on: today) ? "有效" : "已过期",
                     token.createdBy]
                }
                try output.printListing(tokens.map(ListedToken.init), headers: ["令牌", "名称", "范围", "限于", "到期", "状态", "发放人"],
                                        rows: rows, empty: "还没有接口令牌：czk tokens add 名称 --scope 范围", footer: "共 \(tokens.count) 个令牌。")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "吊销一个令牌（立即生效，记录保留）。")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var login: SessionOptions

        @Argument(help: ArgumentHelp("令牌号（见 czk tokens list）。", valueName: "令牌号"))
        var id: Int64

        func run() throws {
            try runReporting {
                let app = try database.openApp()
                let token = try app.revokeToken(id, by: try login.principal(app))
                Console.out("已吊销令牌 \(token.id)：\(token.name)。它的下一次调用会被拒绝（401）。")
            }
        }
    }

    static func describe(_ token: SystemToken) -> String {
        token.scopes.sorted().map(\.rawValue).joined(separator: ",") + "，" + token.reach.chineseName
            + (token.expiresOn.map { "，至 \($0)" } ?? "")
    }
}

private struct ListedToken: Encodable {
    let id: Int64
    let name: String
    let scopes: [String]
    let reach: String
    let expiresOn: String?
    let revokedAt: String?
    let createdBy: String
    let createdAt: String

    init(_ token: SystemToken) {
        id = token.id
        name = token.name
        scopes = token.scopes.sorted().map(\.rawValue)
        reach = token.reach.chineseName
        expiresOn = token.expiresOn.map { "\($0)" }
        revokedAt = token.revokedAt
        createdBy = token.createdBy
        createdAt = token.createdAt
    }
}

private struct IssuedTokenJSON: Encodable {
    let token: String
    let listed: ListedToken
}
