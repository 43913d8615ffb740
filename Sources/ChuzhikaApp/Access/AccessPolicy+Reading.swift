import ChuzhikaCore
import ChuzhikaRules

/// What one reader may see of one student's card.
public struct CardView: Hashable, Sendable {
    /// The points this reader may see; nil for every point.
    public let points: Set<PointID>?
    /// Whether sensitive points (心理辅导频次 …) show their content; otherwise only that they exist.
    public let seesSensitive: Bool
    public let isOwnCard: Bool

    public func shows(_ point: PointID) -> Bool { points?.contains(point) ?? true }
}

/// Who may read what: every read of the app layer asks here, and nowhere else.
extension AccessPolicy {
    /// Roles that read a whole card of the classes they reach.
    static let wholeCardRoles: Set<OwnerRole> = [.headTeacher, .counselor, .studentAffairs, .teachingOffice]

    /// What `principal` may see of `student`'s card, or nil when they may not read it at all.
    ///
    /// A student reads their own card only. The admin reads every card. A 班主任 or 辅导员 reads
    /// the cards of their classes, 学工办 and 教研室 those of their 系部 / 专业; a 任课教师 or
    /// 体育老师 reads only the points they own for the classes they teach. Sensitive points show
    /// their content to the student's own 辅导员 only.
    public static func cardView(
        _ principal: Principal, of student: Student, in schoolClass: SchoolClass, department: DepartmentID?,
        book: RuleBook, courseName: (CourseID) -> String? = { _ in nil }
    ) -> CardView? {
        if let me = principal.student {
            return me.id == student.id ? CardView(points: nil, seesSensitive: false, isOwnCard: true) : nil
        }
        let reaching = principal.assignments.filter { $0.covers(schoolClass, department: department) }
        let counselor = reaching.contains { $0.role == .counselor }
        if principal.isAdmin || reaching.contains(where: { wholeCardRoles.contains($0.role) }) {
            return CardView(points: nil, seesSensitive: counselor, isOwnCard: false)
        }
        guard !reaching.isEmpty else { return nil }
        let owned = book.points.filter { point in
            reaching.contains { point.owners.contains($0.role) && teaches(point, $0, courseName) }
        }
        return CardView(points: Set(owned.map(\.id)), seesSensitive: false, isOwnCard: false)
    }

    /// Whether `principal` may read a class card: staff whose assignments reach the class, and the admin.
    public static func mayReadClass(_ principal: Principal, _ schoolClass: SchoolClass, department: DepartmentID?) -> Bool {
        guard principal.student == nil else { return false }
        return principal.isAdmin || principal.assignments.contains { $0.covers(schoolClass, department: department) }
    }

    /// Whether `principal` may see the due list of `staff` (nil: everyone's).
    public static func mayReadDue(_ principal: Principal, of staff: StaffID?) -> Bool {
        guard let me = principal.staff else { return false }
        return me.isAdmin || staff == nil || staff == me.id
    }

    /// One sentence saying what is missing, for each refusal.
    enum Refusal {
        static let otherStudent = "学生只能查看本人的储值卡"
        static let notYourStudent = "您不负责该学生的班级，不能查看其储值卡"
        static let notYourClass = "您不负责该班级，不能查看其班级储值卡"
        static let studentsDoNotRecord = "学生不能录入采分记录"
        static let studentsNoClassCard = "学生只能查看本人的储值卡，不能查看班级储值卡"
        static let dueOfOthers = "只能查看本人的待录入清单（管理员可查看全部）"
        static let studentsNoDue = "学生没有待录入清单"
        static let adminOnly = "只有管理员可以"
    }
}
