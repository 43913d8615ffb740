import ChuzhikaCore

/// Data a risk rule needs that nobody has recorded for a class this semester — told once per
/// class and point to whoever must record it (`czk due`, the class card, the teacher's portal
/// page), never as a warning on a student (kind `missing-data`, where warnings are `warning`).
public struct MissingData: Hashable, Codable, Sendable {
    public var kind = "missing-data"
    public let schoolClass: String
    public let className: String
    public let pointID: String
    public let pointName: String
    public let semester: String
    /// The roles that record the point (its owners), and who holds them for the class.
    public let roles: [String]
    public let staff: [String]
    public let staffNames: [String]
    /// The rules that cannot say anything until it is recorded.
    public let rules: [String]
    public let ruleNames: [String]
    /// Current members with no record of the point this semester, of `members`.
    public let students: Int
    public let members: Int

    /// `3A班 本学期全勤率：42 名学生中 40 名没有记录，长期缺勤预警无法判断`.
    public var sentence: String {
        "\(className) \(semester) \(pointName)：\(members) 名学生中 \(students) 名没有记录，\(ruleNames.joined(separator: "、"))无法判断"
    }
}
