import ChuzhikaCore
import ChuzhikaSheets
import ChuzhikaRules
import Foundation

/// Why a use case refused. Each case says, in Chinese, what happened and what to do.
public enum AppError: Error, Equatable, Sendable {
    case noRules
    case unknownPoint(String, suggestions: [String])
    case pointDisabled(PointID, name: String)
    case unknownSubject(String)
    case scopeMismatch(point: String, expected: Scope, code: String)
    case unknownStaff(String)
    case wrongOwner(staff: String, point: String, owners: [OwnerRole], subject: String)
    case invalidValue(point: String, ValueError)
    case period(CalendarError)
    case courseRequired(choices: [CourseID])
    case notYourCourse(CourseID)
    case duplicateRecord(existing: RecordID, value: String, by: String, date: LocalDate)
    case correctionWithoutReason
    case nothingToCorrect(point: String, period: String)
    case scoringFailed(point: String, message: String)
    case notADemoDatabase(path: String)
    case unknownSemester(String)
    case unknownClass(String)
    case inputProblems([Diagnostic])
    case notFound(String)
    case versionUnchanged(String)
    case classNotStudent(String)
    case studentEnded(String, name: String, on: LocalDate, reason: String)
    case staffEnded(String, name: String, on: LocalDate)
    case databaseExists(path: String)
    case adminRequired(staff: String, action: String)
    case calendarConflict(SemesterID, reason: String)
    case noCalendar
    case notLoggedIn
    case loginFailed
    case loginLocked(minutes: Int)
    case sessionEnded(expired: Bool)
    case forbidden(String)
    case passwordTooShort
    case passwordMismatch
    case noSuchLogin(String)
    case appealClosed(Int64, status: String)
    case notAppealable(RecordID)
    /// A reason, note or answer left empty where one must be written.
    case missingText(String)
    /// `czk restore` would not replace the database: the reason in words.
    case restoreRefused(String)
    /// What this database engine cannot do (a file backup of a PostgreSQL database …), and why.
    case unsupported(String)
    /// `czk migrate` stopped: what was wrong; the destination was removed.
    case migrationFailed(String)
    /// `czk migrate` would not start: nothing was created, changed or removed.
    case migrationRefused(String)
    /// The rules were applied by someone else while this write was under way: nothing was written.
    case rulesChangedMeanwhile
    /// A setting typed wrong (a channel's address, a digest time): what is wrong, in words.
    case badSetting(String)
    /// A cell of a sheet (or a row of an API batch) that is empty or not what its column holds:
    /// a results sheet's 学分 or 成绩, a repeated row.
    case badCell(String)
    /// Typed text (`field`: an option such as `--reason`, or a form field) holds a character a
    /// terminal would obey (ESC, a C1 control, a bidi override …): refused before it is stored.
    case controlCharacter(field: String, ControlCharacter)
}

extension AppError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .noRules: "数据库里还没有采分规则"
        case .unknownPoint(let p, _): "没有采分点 \(p)"
        case .pointDisabled(let id, let name): "采分点 \(name)（\(id.rawValue)）未启用"
        case .unknownSubject(let c): "找不到学号或班级 \(c)"
        case .scopeMismatch(let point, let expected, let code):
            expected == .individual
                ? "\(point) 是个体采分点，要记给学生，而 \(code) 是班级"
                : "\(point) 是集体采分点，要记给班级，而 \(code) 是学生"
        case .unknownStaff(let s): "找不到教职工 \(s)"
        case .wrongOwner(let staff, let point, let owners, let subject):
            "\(staff) 不是 \(subject) 的\(owners.map(\.chineseName).joined(separator: "或"))，不能录入“\(point)”"
        case .invalidValue(let point, let error): "“\(point)”的数值不对：\(error.localizedDescription)"
        case .period(let error): error.errorDescription
        case .courseRequired(let choices): "无法确定是哪门课（您在该班任教：\(choices.map(\.rawValue).joined(separator: "、"))）"
        case .notYourCourse(let c): "您没有在该班任教课程 \(c.rawValue)"
        case .duplicateRecord(let id, let value, let by, let date):
            "这一期已有记录：\(value)（\(by) 于 \(date) 录入，记录号 \(id.rawValue)）"
        case .correctionWithoutReason: "更正记录必须写明原因"
        case .nothingToCorrect(let point, let period): "“\(point)”在 \(period) 还没有记录，无从更正"
        case .scoringFailed(let point, let message): "“\(point)”计分失败：\(message)"
        case .notADemoDatabase(let path): "\(path) 里已有学校的真实数据，演示数据不会覆盖它"
        case .unknownSemester(let s): "校历里没有学期 \(s)"
        case .unknownClass(let c): "找不到班级 \(c)"
        case .inputProblems(let list): "输入有 \(list.count) 处错误，没有写入任何数据"
        case .notFound(let what): "找不到 \(what)"
        case .versionUnchanged(let v): "规则文件改了，但 version 仍是 \(v)"
        case .classNotStudent(let c): "\(c) 是班级代码，不是学号"
        case .studentEnded(let code, let name, let day, let reason): "\(name)（\(code)）已于 \(day) \(reason)，此后不能再录入"
        case .staffEnded(let code, let name, let day): "\(name)（\(code)）已于 \(day) 离职，不能再录入"
        case .databaseExists(let path): "\(path) 已经存在，czk init 不会覆盖它"
        case .adminRequired(let staff, let action): "\(staff) 不是管理员，不能\(action)"
        case .calendarConflict(let s, let reason): "学期 \(s.rawValue) 不能修改：\(reason)"
        case .noCalendar: "校历里还没有任何学期"
        case .notLoggedIn: "还没有登录"
        case .loginFailed: "学号/工号或密码不对，或该账号已停用"
        case .loginLocked(let minutes): "登录失败次数过多，该账号已锁定，请 \(minutes) 分钟后再试"
        case .sessionEnded(let expired): expired ? "登录已过期" : "登录已注销"
        case .forbidden(let what): what
        case .passwordTooShort: "密码至少要 8 个字符"
        case .passwordMismatch: "两次输入的密码不一致"
        case .noSuchLogin(let code): "\(code) 还没有登录账号"
        case .appealClosed(let id, let status): "申诉 \(id) 已处理（\(status)）"
        case .notAppealable(let id): "记录 \(id.rawValue) 不在您的储值卡上，或已被更正"
        case .missingText(let what): "须写明\(what)"
        case .restoreRefused(let why): "没有恢复：\(why)"
        case .unsupported(let what): what
        case .migrationFailed(let why): "迁移没有完成：\(why)"
        case .migrationRefused(let why): "没有迁移：\(why)"
        case .rulesChangedMeanwhile: "这次写入进行时，管理员应用了新的采分规则；这次什么也没有写入"
        case .badSetting(let what): what
        case .badCell(let what): what
        case .controlCharacter(let field, let found):
            "\(field)\(field.last?.isASCII == true ? " " : "")的第 \(found.position) 个字符是控制字符 \(found.described)，没有保存"
        }
    }

    public var recoverySuggestion: String? {
        switch self {
        case .noRules: "先运行 czk demo，或用 czk rules apply --rules ScoringRules 载入规则"
        case .unknownPoint(_, let s):
            s.isEmpty ? "用 czk rules list 查看所有采分点的 id" : "您是不是要找：\(s.joined(separator: "、"))？"
        case .pointDisabled: "该采分点默认关闭；如需使用，请管理员在规则文件中把 enabled 改为 true 并重新应用规则"
        case .unknownSubject: "检查学号或班级代码是否写对"
        case .scopeMismatch(_, let expected, _): expected == .individual ? "请填写学生的学号" : "请填写班级代码"
        case .unknownStaff: "检查工号是否写对"
        case .wrongOwner: "请由该班的负责老师录入；若任课安排有误，请联系管理员"
        case .invalidValue: "按该采分点的数值范围重新填写（czk rules list 可查看）"
        case .period(let e): e.recoverySuggestion
        case .courseRequired: "加上 --course 课程代码"
        case .notYourCourse: "检查 --course 是否写对"
        case .duplicateRecord: "如需更正，加上 --correct --reason \"原因\""
        case .correctionWithoutReason: "加上 --reason \"更正原因\""
        case .nothingToCorrect: "去掉 --correct，直接录入"
        case .scoringFailed: "请管理员检查该采分点的计分公式（czk rules check）"
        case .notADemoDatabase: "用 --db 指定另一个文件，例如 czk demo --db demo.sqlite"
        case .unknownSemester: "学期写法如 2025-2026-1"
        case .unknownClass: "检查班级代码是否写对"
        case .inputProblems: "按上面列出的位置改正后重新运行"
        case .notFound: nil
        case .versionUnchanged: "在 card.yaml 里把 version 改成新的版本号（如 2025-2026.2），再运行 czk rules apply"
        case .classNotStudent(let c): "查看班级储值卡请用 czk class \(c)"
        case .studentEnded: "录入离校之前的日期请用 --date；若学生已复学，请管理员在花名册中把状态改回“在读”"
        case .staffEnded: "请由接任的老师录入"
        case .databaseExists: "换一个文件名（--db 新文件.sqlite），或直接使用已有的数据库"
        case .adminRequired: "请由管理员登录（czk login 管理员工号）后操作"
        case .calendarConflict: "已有记录的学期只能延长结束日期或增加新学期；如确需调整，请联系系统维护人员"
        case .noCalendar: "管理员先运行 czk calendar set 校历.yaml（模板见 czk calendar template）"
        case .notLoggedIn, .sessionEnded: "先运行 czk login 学号或工号"
        case .loginFailed: "检查学号/工号和密码；忘记密码请找管理员重置"
        case .loginLocked: "若不是您本人在尝试，请告知管理员"
        case .forbidden: "如需此权限，请联系管理员"
        case .passwordTooShort, .passwordMismatch: "重新设置密码"
        case .noSuchLogin: "管理员用 czk users add 为其开通"
        case .appealClosed: "如仍有异议，可再次提出申诉"
        case .notAppealable: "用 czk account 查看可申诉的记录号"
        case .missingText: "写上几句话说明，再提交一次"
        case .restoreRefused: "先用 czk check --db 备份文件 查看备份；数据库保持原样，未作改动"
        case .unsupported: "见 README 的“PostgreSQL：一个省的多所学校”一节"
        case .migrationFailed: "目标已删除，源数据库未作改动；修复后重新运行 czk migrate"
        case .migrationRefused: "源数据库和目标都未作改动"
        case .rulesChangedMeanwhile: "请再运行一次：这次会按新规则计分"
        case .badSetting: "改正后再运行一次（见 czk notify --help）；什么也没有保存"
        case .badCell: "改正这一行后重新导入整张表（或重发整批）；这次什么也没有写入"
        case .controlCharacter: TypedText.controlCharacterHint
        }
    }
}

extension AppError {
    /// Refuses typed text holding a control character (``TypedText/controlCharacter(in:)``);
    /// `field` names where it was typed, as the person knows it (`申诉的理由（--reason）`).
    ///
    /// - Throws: ``AppError/controlCharacter(field:_:)``.
    public static func refuseControlCharacters(_ text: String?, field: String) throws {
        guard let text, let found = TypedText.controlCharacter(in: text) else { return }
        throw AppError.controlCharacter(field: field, found)
    }
}

extension AppError {
    /// Reads a sheet: what is wrong with it becomes ``inputProblems(_:)``, as any input's problems.
    public static func readingSheet<T>(_ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch let refused as SheetProblems {
            throw AppError.inputProblems(refused.problems)
        }
    }
}
