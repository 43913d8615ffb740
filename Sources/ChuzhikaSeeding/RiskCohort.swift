import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// A labelled cohort for measuring the risk rules: each student gets a profile — typical, built
/// to be at risk in one category, or built to come close without being at risk — and the data a
/// college would hold about them is drawn with noise around that profile (normal draws, as real
/// counts and marks scatter). The labels are the profiles, not what the rules say: ``measure(_:)``
/// compares the two, per category.
///
/// Generated for the semester containing `today` (its records up to yesterday, its semester-end
/// points when its teaching is over) and the semester before it (results and semester-end points).
public struct RiskCohort: Sendable {
    public enum Profile: Hashable, Sendable {
        case typical
        case atRisk(WarningCategory)
        case nearMiss(WarningCategory)
    }

    /// A register change: the student joins (or leaves) a special group on a day.
    public struct RegisterEntry: Hashable, Sendable {
        public let student: StudentID
        public let group: String
        public let adding: Bool
        public let reason: String
        public let day: LocalDate
    }

    public private(set) var profiles: [StudentID: Profile] = [:]
    public private(set) var drafts: [RecordDraft] = []
    public private(set) var results: [CourseResult] = []
    public private(set) var register: [RegisterEntry] = []

    private var rng: SplitMix64
    private let owners: RosterOwners
    private let keepsRecords: Bool
    private let keptPoints: Set<String>

    /// The 心理健康普查 points (UPI total, critical item): records no other generator makes.
    public static let screeningPoints: Set<String> = ["personal.psych_screening", "personal.psych_critical_item"]

    /// Students take profiles by their place in the class, in blocks of 20: the first ten are one
    /// at-risk and one near-miss student per category (就业 only in a graduating class, otherwise
    /// typical), the other ten typical.
    ///
    /// - Parameter withRecords: false to keep only the course results and the register (for a
    ///   school whose records come from elsewhere); the draws, and so those, stay the same.
    /// - Parameter keeping: points whose records are kept even without `withRecords`.
    public init(
        roster: Roster, calendar: SchoolCalendar, today: LocalDate, withRecords: Bool = true, keeping: Set<String> = [],
        seed: UInt64 = 2026_0908
    ) {
        keepsRecords = withRecords
        keptPoints = keeping
        rng = SplitMix64(seed: seed)
        owners = RosterOwners(roster)
        guard let now = calendar.semester(containing: today) ?? calendar.semesters.last(where: { $0.start <= today }) else { return }
        let before = calendar.semester(before: now.id)
        let byClass = Dictionary(grouping: roster.students, by: \.schoolClass)
        for schoolClass in roster.classes {
            let graduating = now.academicYear == schoolClass.cohort.graduationAcademicYear
            for (index, student) in (byClass[schoolClass.id] ?? []).enumerated() {
                let order: [WarningCategory] = [.academic, .discipline, .psychological, .employment, .finance]
                var profile = Profile.typical
                if index % 20 < 10 {
                    let category = order[(index % 20) / 2]
                    if category != .employment || graduating {
                        profile = index % 2 == 0 ? .atRisk(category) : .nearMiss(category)
                    }
                }
                profiles[student.id] = profile
                generate(student, schoolClass, profile, now: now, before: before, today: today, graduating: graduating)
            }
        }
    }

    // MARK: - Generation

    private mutating func generate(
        _ student: Student, _ c: SchoolClass, _ profile: Profile, now: Semester, before: Semester?, today: LocalDate, graduating: Bool
    ) {
        let code = student.id.rawValue
        let head = owners.staff(.headTeacher, for: c)
        let counselor = owners.staff(.counselor, for: c)
        let office = owners.staff(.studentAffairs, for: c)
        let research = owners.staff(.teachingOffice, for: c)
        func add(_ staff: StaffID, _ point: String, _ value: String, _ day: LocalDate) {
            guard keepsRecords || keptPoints.contains(point), day < today else { return }
            var draft = RecordDraft(staff: staff, point: point, subject: code, value: value, date: day, source: .seed("cohort"))
            draft.enteredOn = day
            drafts.append(draft)
        }
        let absentVariant = rng.chance(0.5)
        // 理财: half of those at risk owe fees; the others are 经济困难 without 资助 and failing.
        let feesOwed = rng.chance(0.5)
        let aidedNearMiss = rng.chance(0.5)

        // 学业: weekly 全勤率 this semester (a truant week records 80), course results last semester.
        let truancy: Double = switch profile {
        case .atRisk(.academic): absentVariant ? 0.6 : 0.05
        case .nearMiss(.academic): 0.1
        default: 0.03
        }
        for week in 1...now.teachingWeeks {
            let friday = now.span(ofWeek: week).start.adding(days: 4)
            add(head, "academic.full_attendance", rng.chance(truancy) ? "80" : "100", friday)
        }
        if let before, c.cohort.isEnrolled(in: before) {
            let credits: [Double] = [4, 3, 3, 2, 2]
            let failed: Set<Int> = switch profile {
            case .atRisk(.academic) where !absentVariant: rng.chance(0.5) ? [0, 1] : [0, 1, 2]  // 7 or 10 credits
            case .nearMiss(.academic): [rng.chance(0.5) ? 1 : 3]  // one course: 3 or 2 credits
            case .nearMiss(.finance) where !aidedNearMiss: [1, 3]  // 经济困难, unaided, 5 of 14 credits failed
            // 经济困难 without 资助 is a risk when failures come with it (half the credits or more):
            // such a student is at academic risk too, and 学业 counts them as its false alarms.
            case .atRisk(.finance) where !feesOwed: rng.chance(0.5) ? [0, 1] : [0, 1, 2]  // 7 or 10 of 14 credits
            default: []
            }
            for (n, credit) in credits.enumerated() {
                let mark = failed.contains(n) ? normal(48, 7, in: 0...59) : normal(77, 8, in: 60...100)
                results.append(CourseResult(student: student.id, course: "课程\(n + 1)", credits: credit,
                                            grade: .mark(Double(mark)), sitting: .regular, semester: before.id))
            }
        }

        // 违纪 and 同学互评 / 心理辅导, at the end of each semester.
        for semester in [before, now].compactMap({ $0 }) where c.cohort.isEnrolled(in: semester) {
            let end = semester.teachingEnd.adding(days: -3)
            let violations: Int = switch profile {
            case .atRisk(.discipline): normal(6, 1.2, in: 0...50)
            case .nearMiss(.discipline): normal(2, 0.8, in: 0...50)
            default: rng.chance(0.05) ? 1 : 0
            }
            add(office, "personal.violations", "\(semester == now ? violations : min(violations, 2))", end)
            let isNow = semester == now
            let peer: Int = switch profile {
            case .atRisk(.psychological) where isNow: normal(62, 5, in: 0...100)
            case .nearMiss(.psychological) where isNow: normal(72, 4, in: 0...100)
            default: normal(80, 5, in: 0...100)
            }
            add(head, "personal.peer_evaluation", "\(peer)", end)
            let counseling: Int = switch profile {
            case .atRisk(.psychological): isNow ? normal(4, 1, in: 1...100) : 1
            case .nearMiss(.psychological): 1
            default: 0
            }
            if counseling > 0 { add(counselor, "personal.counseling", "\(counseling)", end) }
        }

        // 心理健康普查 at the start of the year: UPI total and the critical item.
        if now.ordinal == 1 {
            let day = now.teachingStart.adding(days: 2)
            let (total, critical): (Int, Bool) = switch profile {
            case .atRisk(.psychological): rng.chance(0.3) ? (normal(14, 4, in: 0...64), true) : (normal(30, 4, in: 0...64), false)
            case .nearMiss(.psychological): (normal(18, 3, in: 0...64), false)
            default: (normal(8, 4, in: 0...64), false)
            }
            add(counselor, "personal.psych_screening", "\(total)", day)
            add(counselor, "personal.psych_critical_item", critical ? "是" : "否", day)
        }

        // 就业, in the graduating year: certificates and internship results so far.
        if graduating, let before {
            let end = before.teachingEnd.adding(days: -3)
            let (certificate, internship): (String, Int) = switch profile {
            case .atRisk(.employment): ("无", normal(58, 6, in: 0...100))
            case .nearMiss(.employment): ("初级", normal(76, 3, in: 0...100))
            default: (rng.chance(0.5) ? "初级" : "中级", normal(82, 5, in: 0...100))
            }
            add(research, "career.certificate", certificate, end)
            add(research, "career.onjob_internship", "\(internship)", end)
        }

        // 理财: the register.
        let start = min(now.start.adding(days: 10), today)
        switch profile {
        case .atRisk(.finance):
            if feesOwed {
                register.append(RegisterEntry(student: student.id, group: "学费欠缴", adding: true, reason: "本学年学费未缴", day: start))
            } else {
                register.append(RegisterEntry(student: student.id, group: "经济困难", adding: true, reason: "家庭经济困难认定", day: start))
            }
        case .nearMiss(.finance):
            // 经济困难, with 资助 or passing every course: on the register, not at risk.
            register.append(RegisterEntry(student: student.id, group: "经济困难", adding: true, reason: "家庭经济困难认定", day: start))
            if aidedNearMiss {
                register.append(RegisterEntry(student: student.id, group: "已获资助", adding: true, reason: "国家助学金", day: start))
            }
        default:
            break
        }
    }

    /// A whole number drawn from a normal distribution (Box–Muller), held in `range`.
    private mutating func normal(_ mean: Double, _ sd: Double, in range: ClosedRange<Int>) -> Int {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
        let z = (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        return min(max(Int((mean + sd * z).rounded()), range.lowerBound), range.upperBound)
    }
}

extension RiskCohort {
    /// How well the rules found the students built to be at risk, for one category.
    public struct Quality: Hashable, Codable, Sendable {
        public let category: String
        public let atRisk: Int
        public let nearMiss: Int
        public let typical: Int
        /// At-risk students flagged in this category.
        public let found: Int
        /// Near-miss students flagged in this category.
        public let nearMissFlagged: Int
        /// Typical students flagged in this category.
        public let typicalFlagged: Int

        public var recall: Double { atRisk == 0 ? 1 : Double(found) / Double(atRisk) }
        /// Flags among students not built to be at risk in this category (near-miss and typical).
        public var falseAlarmRate: Double {
            let others = nearMiss + typical
            return others == 0 ? 0 : Double(nearMissFlagged + typicalFlagged) / Double(others)
        }
        /// Of the students built near the line, the share flagged.
        public var nearMissRate: Double { nearMiss == 0 ? 0 : Double(nearMissFlagged) / Double(nearMiss) }
        public var precision: Double {
            let flagged = found + nearMissFlagged + typicalFlagged
            return flagged == 0 ? 1 : Double(found) / Double(flagged)
        }
    }

    /// Compares the labels with the warnings raised: a student counts as flagged in a category
    /// when a rule of that category holds for them (no-data notices do not count). Students
    /// built to be at risk in another category are left out of that category's count.
    public func measure(_ warnings: [Warning]) -> [Quality] {
        var flagged: [WarningCategory: Set<StudentID>] = [:]
        for warning in warnings where !warning.isNoData && warning.status.isActive {
            if let student = warning.student { flagged[warning.category, default: []].insert(student) }
        }
        return WarningCategory.allCases.map { category in
            let hit = flagged[category] ?? []
            var atRisk = 0, nearMiss = 0, typical = 0, found = 0, nearHit = 0, typicalHit = 0
            for (student, profile) in profiles {
                switch profile {
                case .atRisk(category):
                    atRisk += 1
                    if hit.contains(student) { found += 1 }
                case .nearMiss(category):
                    nearMiss += 1
                    if hit.contains(student) { nearHit += 1 }
                case .typical:
                    typical += 1
                    if hit.contains(student) { typicalHit += 1 }
                default:
                    continue
                }
            }
            return Quality(category: category.rawValue, atRisk: atRisk, nearMiss: nearMiss, typical: typical, found: found,
                           nearMissFlagged: nearHit, typicalFlagged: typicalHit)
        }
    }
}
