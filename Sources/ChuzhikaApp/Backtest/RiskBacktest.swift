import ChuzhikaCore
import ChuzhikaRules

/// The warnings a run of scans would have left, replayed from what the rules said at each scan:
/// a pure state machine per (student, rule), the same lifecycle ``RiskScanner`` writes.
///
/// - `.raised` opens a warning (or keeps it open, at the highest level seen while open: a
///   warning is never lowered);
/// - `.clear` closes it;
/// - `.undetermined` leaves it as it was: a warning never closes for lack of data.
///
/// ```swift
/// var backtest = RiskBacktest()
/// backtest.apply(["course.nothing_passed": .raised(.red, evidence: "…", condition: "…")], for: s, on: day1)
/// backtest.apply(["course.nothing_passed": .undetermined(missing: ["courses_taken"])], for: s, on: day2)
/// backtest.state(of: s, rule: "course.nothing_passed")?.isOpen  // true
/// ```
public struct RiskBacktest: Sendable {
    /// Where one (student, rule) warning stands after the scans so far.
    public struct State: Hashable, Sendable {
        public var isOpen: Bool
        /// The highest level of the open warning (of the last one, once closed).
        public var level: WarningLevel
        /// The scan day the rule first raised a warning for the student (in any episode).
        public var firstOpenedOn: LocalDate
        /// The scan day the warning open now (or last) was opened.
        public var openedOn: LocalDate
    }

    public private(set) var states: [StudentID: [String: State]] = [:]

    public init() {}

    /// What one scan on `day` said of a student's rules.
    public mutating func apply(_ outcomes: [String: RiskEvaluator.Outcome], for student: StudentID, on day: LocalDate) {
        for (rule, outcome) in outcomes { apply(outcome, for: student, rule: rule, on: day) }
    }

    public mutating func apply(_ outcome: RiskEvaluator.Outcome, for student: StudentID, rule: String, on day: LocalDate) {
        let current = states[student]?[rule]
        switch outcome {
        case .raised(let level, _, _):
            if let current, current.isOpen {
                states[student, default: [:]][rule]?.level = max(level, current.level)
            } else {
                states[student, default: [:]][rule] = State(
                    isOpen: true, level: level, firstOpenedOn: current?.firstOpenedOn ?? day, openedOn: day)
            }
        case .clear:
            if current?.isOpen == true { states[student, default: [:]][rule]?.isOpen = false }
        case .undetermined:
            break
        }
    }

    public func state(of student: StudentID, rule: String) -> State? { states[student]?[rule] }

    /// The rules open for a student now, with their states.
    public func open(_ student: StudentID) -> [String: State] { (states[student] ?? [:]).filter(\.value.isOpen) }
}

/// The scores of one set of flagged students against the known outcomes.
public struct BacktestScore: Hashable, Codable, Sendable {
    public let dropoutsFlagged: Int
    public let graduatesFlagged: Int
    /// 在读 students flagged (left out of the scores, shown for completeness).
    public let enrolledFlagged: Int
    /// Flagged dropouts / dropouts (检出率); nil without dropouts.
    public let recall: Double?
    /// Flagged graduates / graduates (误报率); nil without graduates.
    public let falseAlarms: Double?
    /// Flagged dropouts / flagged dropouts and graduates (精确率); nil when none is flagged.
    public let precision: Double?
    /// The median of the weeks from the first warning to the 结局日期, over the flagged
    /// dropouts whose date is known; nil when none is.
    public let medianLeadWeeks: Double?
    /// How many flagged dropouts the lead time is measured on.
    public let leadTimes: Int

    /// - Parameter flagged: each flagged student with the day of their first warning.
    public init(flagged: [StudentID: LocalDate], outcomes: OutcomeSheet) {
        var dropouts = 0, graduates = 0, enrolled = 0, allDropouts = 0, allGraduates = 0
        var leads: [Double] = []
        for (student, entry) in outcomes.entries {
            let first = flagged[student]
            switch entry.outcome {
            case .dropout:
                allDropouts += 1
                guard let first else { continue }
                dropouts += 1
                if let date = entry.date { leads.append(Double(first.days(until: date)) / 7) }
            case .graduate:
                allGraduates += 1
                if first != nil { graduates += 1 }
            case .enrolled:
                if first != nil { enrolled += 1 }
            }
        }
        dropoutsFlagged = dropouts
        graduatesFlagged = graduates
        enrolledFlagged = enrolled
        recall = allDropouts > 0 ? Double(dropouts) / Double(allDropouts) : nil
        falseAlarms = allGraduates > 0 ? Double(graduates) / Double(allGraduates) : nil
        precision = dropouts + graduates > 0 ? Double(dropouts) / Double(dropouts + graduates) : nil
        leadTimes = leads.count
        medianLeadWeeks = Self.median(leads)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
