import ArgumentParser
import ChuzhikaApp
import ChuzhikaEngines
import ChuzhikaCore

/// `czk init`: a new, empty college database with the default rules and its first admin.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "新建一所学校的空数据库（自带默认规则和首位管理员）。",
        discussion: """
            数据库文件只有本人可读（权限 0600）；已有的文件不会被覆盖。
            接下来：czk calendar set 校历.yaml，再用 czk roster import 导入
            班级、课程、教职工、任职和学生（模板：czk roster template）。
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("学校名称。", valueName: "名称"))
    var name = "我的学校"

    @Option(help: ArgumentHelp("首位管理员的工号。", valueName: "工号"))
    var admin = "admin"

    @Option(help: ArgumentHelp("首位管理员的姓名。", valueName: "姓名"))
    var adminName = "管理员"

    @Option(parsing: .unconditional, help: ArgumentHelp("登录有效时长（1 到 168 小时）。", valueName: "小时"))
    var sessionHours = 12

    @Flag(help: "从标准输入读一行作为管理员密码（脚本用）。")
    var passwordStdin = false

    @OptionGroup var rules: RulesOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.reporting {
            let person = Staff(id: StaffID(rawValue: TypedText.normalized(admin)), name: adminName, isAdmin: true)
            let password = PasswordInput.read(prompt: "管理员 \(person.id.rawValue) 的密码：", fromStdin: passwordStdin)
            if !passwordStdin {
                let again = PasswordInput.read(prompt: "再输入一次：", fromStdin: false)
                guard again == password else { throw AppError.passwordMismatch }
            }
            let (_, summary) = try CardApp.initCollege(
                at: database.path, school: name, admin: person, password: password, rules: try CardApp.ruleFiles(rules.rules),
                clock: try database.clock, sessionHours: sessionHours)
            if output.chosen == .json { return Console.out(try JSONRenderer.render(summary)) }
            let db = database.db.map { " --db \($0)" } ?? ""
            Console.out("""
                已创建学校「\(summary.school)」：\(summary.path)（仅本人可读）
                  采分规则 \(summary.points) 个采分点（版本 \(summary.ruleVersion)），管理员 \(summary.adminName)（\(summary.admin)）

                接下来：
                  czk login\(db) \(summary.admin)
                  czk calendar template > 校历.yaml        # 按本校校历修改
                  czk calendar set\(db) 校历.yaml
                  czk roster template classes > 班级.csv   # 还有 courses、staff、assignments、students
                  czk roster import\(db) classes 班级.csv
                """)
        }
    }
}
