import ChuzhikaCore
import ChuzhikaRules

/// What one reader may see of one card (a student's or a class's): the one value every reading
/// path — account, class card, reports, exports, the portal — asks before it shows anything.
public struct CardView: Hashable, Sendable {
    /// Which records of a visible point the reader sees.
    public enum Records: Hashable, Sendable {
        /// Every record of the point (a 体育老师's 体质测试, any whole-card reader).
        case all
        /// Only the records of these courses, and those the reader wrote (a 任课教师's 准时率).
        case courses(Set<CourseID>)
    }

    /// Per point this reader may see, which of its records; nil for every point and record.
    public let points: [PointID: Records]?
    /// Whether sensitive points (心理辅导频次 …) show their content; otherwise only that they exist.
    public let seesSensitive: Bool
    public let isOwnCard: Bool
    /// The staff member reading, whose own records always show on the points they own.
    public let reader: StaffID?

    /// Whether the reader sees the whole card: subtotals, totals, 增值, rank, class comparisons.
    /// A point-limited reader (a 任课教师, a 体育老师) never does, since every such figure is
    /// made of points they do not own.
    public var isWhole: Bool { points == nil }

    public func shows(_ point: PointID) -> Bool { points == nil || points?[point] != nil }

    /// Whether the reader sees this record: a point they may see, and for a course-bound reader
    /// a record of a course they teach (or one they wrote).
    public func shows(_ record: Record) -> Bool {
        guard let points else { return true }
        switch points[record.point] {
        case nil: return false
        case .all?: return true
        case .courses(let courses)?: return (record.course.map(courses.contains) ?? false) || record.recordedBy == reader
        }
    }

    /// Whether the ledger's figure for `point` is made only of records this reader sees, so that
    /// showing it reveals nothing else (a rate over every course's sessions is not).
    public func showsFigure(of point: PointID) -> Bool { points == nil || points?[point] == .all }

    /// What a point-limited reader is told on every page and export that shows them less.
    public static let partialNotice = "只显示您负责的采分点（您所教课程的记录）；不显示科目小计、总分、增值和排名"
}

/// Who may read what: every read of the app layer asks here, and nowhere else.
extension AccessPolicy {
    /// Roles that read a whole card of the classes they reach.
    static let wholeCardRoles: Set<OwnerRole> = [.headTeacher, .counselor, .studentAffairs, .teachingOffice]

    /// What `principal` may see of `student`'s card, or nil when they may not read it at all.
    ///
    /// A student reads their own card only. The admin reads every card. A 班主任 or 辅导员 reads
    /// the cards of their classes, 学工办 and 教研室 those of their 系部 / 专业; a 任课教师 or
    /// 体育老师 reads only the points they own for the classes they teach, and a 任课教师 only
    /// the records of the courses they teach. Sensitive points show their content to the
    /// student's own 辅导员 only.
    public static func cardView(
        _ principal: Principal, of student: Student, in schoolClass: SchoolClass, department: DepartmentID?,
        book: RuleBook, courseName: (CourseID) -> String? = { _ in nil }
    ) -> CardView? {
        if let me = principal.student {
            return me.id == student.id ? CardView(points: nil, seesSensitive: false, isOwnCard: true, reader: nil) : nil
        }
        return staffView(principal, of: schoolClass, department: department, book: book, courseName: courseName)
    }

    /// What `principal` may see of a class's card and of its members' records, or nil when they
    /// may not read it: staff whose assignments reach the class, and the admin; never a student.
    public static func classView(
        _ principal: Principal, of schoolClass: SchoolClass, department: DepartmentID?,
        book: RuleBook, courseName: (CourseID) -> String? = { _ in nil }
    ) -> CardView? {
        guard principal.student == nil else { return nil }
        return staffView(principal, of: schoolClass, department: department, book: book, courseName: courseName)
    }

    private static func staffView(
        _ principal: Principal, of schoolClass: SchoolClass, department: DepartmentID?,
        book: RuleBook, courseName: (CourseID) -> String?
    ) -> CardView? {
        let reaching = principal.assignments.filter { $0.covers(schoolClass, department: department) }
        let counselor = reaching.contains { $0.role == .counselor }
        let reader = principal.staff?.id
        if principal.isAdmin || reaching.contains(where: { wholeCardRoles.contains($0.role) }) {
            return CardView(points: nil, seesSensitive: counselor, isOwnCard: false, reader: reader)
        }
        guard !reaching.isEmpty else { return nil }
        var points: [PointID: CardView.Records] = [:]
        for point in book.points {
            let grants = reaching.filter { point.owners.contains($0.role) && teaches(point, $0, courseName) }
            guard !grants.isEmpty else { continue }
            var courses = Set<CourseID>()
            var wholeClass = false
            for grant in grants {
                if case .course(let course, _) = grant.reach { courses.insert(course) } else { wholeClass = true }
            }
            points[point.id] = wholeClass ? .all : .courses(courses)
        }
        return CardView(points: points, seesSensitive: false, isOwnCard: false, reader: reader)
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
