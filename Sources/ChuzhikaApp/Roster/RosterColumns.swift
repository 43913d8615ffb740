import ChuzhikaCore
import ChuzhikaSheets

/// The columns of each roster sheet: Chinese headers first (what the templates use), English
/// ones accepted too. `czk roster import --help` and `Seeds/templates/` document them.
public enum RosterColumns {
    public struct Column: Sendable {
        public let key: String
        public let names: [String]
        public let isRequired: Bool
        public let help: String
    }

    public static func columns(of kind: RosterKind) -> [Column] {
        switch kind {
        case .classes:
            [col("code", ["班级代码", "班级", "code"], true, "如 WL2401"),
             col("name", ["班级名称", "name"], true, "如 计算机网络技术2401班"),
             col("major", ["专业代码", "专业", "major"], true, "如 M0101"),
             col("majorName", ["专业名称", "major_name"], false, "新专业必填"),
             col("department", ["系部代码", "系部", "department"], false, "新专业必填"),
             col("departmentName", ["系部名称", "department_name"], false, "新系部必填"),
             col("cohort", ["入学年份", "年级", "cohort"], true, "如 2024"),
             col("programYears", ["学制", "program_years"], false, "年数，默认 3")]
        case .courses:
            [col("code", ["课程代码", "课程", "code"], true, "如 C101"),
             col("name", ["课程名称", "name"], true, "如 网络基础")]
        case .staff:
            [col("code", ["工号", "code"], true, "如 T101"),
             col("name", ["姓名", "name"], true, ""),
             col("admin", ["管理员", "admin"], false, "是/否，默认 否"),
             col("status", ["状态", "status"], false, "在职（默认）/离职/调离/退休"),
             col("date", ["日期", "生效日期", "date"], false, "离职日期，默认今天")]
        case .assignments:
            [col("staff", ["工号", "staff"], true, ""),
             col("role", ["角色", "role"], true, OwnerRole.allCases.map(\.chineseName).joined(separator: "/")),
             col("class", ["班级", "class"], false, "班主任、辅导员、体育老师、任课教师填"),
             col("course", ["课程", "course"], false, "任课教师填"),
             col("department", ["系部", "department"], false, "学工办填"),
             col("major", ["专业", "major"], false, "教研室填"),
             col("status", ["状态", "status"], false, "在任（默认）/结束"),
             col("date", ["日期", "生效日期", "date"], false, "开始或结束的日期，默认今天")]
        case .students:
            [col("code", ["学号", "code"], true, ""),
             col("name", ["姓名", "name"], true, ""),
             col("class", ["班级", "class"], true, "班级代码"),
             col("status", ["状态", "status"], false, "在读（默认）/" + endingStatuses.joined(separator: "/")),
             col("date", ["日期", "生效日期", "date"], false, "调班或离校的日期，默认今天")]
        }
    }

    /// Statuses that end a student's enrolment; the card stays.
    public static let endingStatuses = ["离校", "毕业", "退学", "休学", "转学", "入伍"]
    static let activeStudent = ["在读", "在校", "复学"]
    static let endingStaff = ["离职", "调离", "退休"]
    static let activeStaff = ["在职"]
    static let endingAssignment = ["结束", "卸任", "离任"]
    static let activeAssignment = ["在任", "任职"]

    private static func col(_ key: String, _ names: [String], _ required: Bool, _ help: String) -> Column {
        Column(key: key, names: names, isRequired: required, help: help)
    }

    /// The header row of a template for `kind`.
    public static func templateHeader(_ kind: RosterKind) -> String {
        columns(of: kind).map { $0.names[0] }.joined(separator: ",")
    }
}

/// A sheet row read through a kind's columns, whatever header spelling the sheet used.
struct RosterRow {
    let row: Sheet.Row
    let headers: [String: String]

    subscript(_ key: String) -> String? { headers[key].flatMap { row[$0] }.map(TypedText.normalized).flatMap { $0.isEmpty ? nil : $0 } }
    var line: Int { row.line }
}
