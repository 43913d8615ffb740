import ChuzhikaCore
import ChuzhikaSheets
import ChuzhikaRules
import ChuzhikaStore
import Foundation
import Synchronization

extension CardApp {
    /// Backtests the warning rules on a past cohort whose outcomes are known (`czk risks
    /// evaluate`), so that a college can tune its own rules. Admins only; writes nothing.
    ///
    /// The scans are replayed semester by semester: at the end of each semester up to
    /// `semester` (today, for the current one) every student on that day's roster is evaluated
    /// exactly as `czk risks scan` evaluates them (``RiskScanner`` collecting what it would
    /// write, under the rules of that semester), and each (student, rule) warning moves as the
    /// scanner moves it (``RiskBacktest``): raised opens it, clear closes it, no data leaves it
    /// as it was. A student is flagged when any individual warning is open at the end.
    ///
    /// The lead time counts weeks from the first warning to the 结局日期. With the database's
    /// own rules the first warning is the earliest one stored for the student (of that rule, or
    /// of any) opened by the last replayed scan, when there is one; otherwise, and always with
    /// `rules`, the scan day on which the replay first raised it.
    ///
    /// - Parameters:
    ///   - semester: `2014-2015-1`; nil for today's semester (the last begun).
    ///   - rules: another rules folder's files, evaluated instead of the database's (which stay as they are).
    ///   - rulesName: how to name those rules in the report (the folder).
    ///   - sweep: a rule id whose first numeric threshold is varied (``ThresholdSweep``).
    ///   - thresholds: the thresholds to try; nil for ``ThresholdSweep/grid``.
    /// - Throws: ``AppError/adminRequired(staff:action:)``; ``AppError/inputProblems(_:)`` for a
    ///   bad outcome sheet or rules folder (every row named); ``AppError/unknownSemester(_:)``;
    ///   ``AppError/notFound(_:)`` for an unknown `sweep` rule.
    public func evaluateRisks(
        outcomes sheet: Sheet, semester: String? = nil, rules: [RuleSource]? = nil, rulesName: String? = nil, sweep: String? = nil,
        thresholds: [Double]? = nil, by principal: Principal
    ) throws -> RiskEvaluation {
        try requireAdmin(principal, to: "回测预警规则", action: "risks evaluate", subject: sheet.file)
        let calendar = try calendar()
        let target = try evaluatedSemester(semester, calendar: calendar)
        let books: RuleBooks
        let source: String
        if let rules {
            let loaded = RuleBookLoader.load(rules)
            guard let book = loaded.book else { throw AppError.inputProblems(loaded.errors) }
            books = RuleBooks([book])
            source = "\(rulesName ?? "另给的规则")（版本 \(book.version)，未写入数据库）"
        } else {
            books = try ruleBooks()
            source = "数据库中的规则（版本 \(books.book(for: target.id).version)）"
        }
        let swept = try sweep.map { try sweptRule($0, in: books.book(for: target.id)) }
        let today = clock.today()
        let scans = calendar.semesters.filter { $0.start <= target.start }.map { ($0, min($0.end, today)) }
        return try database.read { session in
            let (parsed, problems) = try OutcomeSheet.read(sheet) { try session.student($0) != nil }
            guard let outcomes = parsed else { throw AppError.inputProblems(problems) }
            var replay = Replay()
            for (semester, day) in scans {
                let expectations = RiskScanner.Expectations(keeping: swept?.rule.indicators ?? [])
                _ = try RiskScanner(session: session, books: books, calendar: calendar, clock: .fixed(day), by: "czk risks evaluate",
                                    expectations: expectations).reevaluateEveryone()
                for case (.student(let student), let said) in expectations.outcomes { replay.backtest.apply(said, for: student, on: day) }
                if let swept, books.book(for: semester.id).risks.contains(where: { $0.id == swept.rule.id }) {
                    replay.kept.append((day, expectations.values.filter { outcomes.entries[$0.key] != nil }))
                }
            }
            let last = scans.last?.1 ?? today
            if rules == nil {
                for warning in try session.warnings(ofStudents: nil) where !warning.isNoData && warning.openedOn <= last {
                    guard case .student(let student) = warning.subject else { continue }
                    replay.stored[student, default: [:]][warning.rule] = min(replay.stored[student]?[warning.rule] ?? warning.openedOn, warning.openedOn)
                }
            }
            let ruleList = Self.individualRules(books, upTo: target.id, scans.map(\.0.id))
            return RiskEvaluation(
                semester: target.id.rawValue, semesterName: target.chineseName, scanDays: scans.map(\.1), rules: source, file: sheet.file,
                dropouts: outcomes.count(.dropout), graduates: outcomes.count(.graduate), enrolled: outcomes.count(.enrolled),
                leadTimeSource: rules == nil
                    ? "第一次预警：数据库中该生（该规则）最早一条预警的开启日；没有时为回放扫描中第一次预警的扫描日"
                    : "第一次预警：回放扫描中第一次预警的扫描日（各学期末）",
                lines: replay.lines(ruleList, outcomes: outcomes),
                sweep: swept.map { replay.sweep($0.rule, $0.sweep, thresholds: thresholds ?? $0.sweep.grid, outcomes: outcomes) })
        }
    }

    /// The semester asked for, else today's, else the last begun; one not begun is refused.
    private func evaluatedSemester(_ text: String?, calendar: SchoolCalendar) throws -> Semester {
        let today = clock.today()
        guard let found = try text.map({ text in
            guard let semester = calendar.semester(SemesterID(rawValue: text)) else { throw AppError.unknownSemester(text) }
            return semester
        }) ?? calendar.semester(containing: today) ?? calendar.semesters.last(where: { $0.start <= today }) else {
            throw calendar.semesters.isEmpty ? AppError.noCalendar : AppError.forbidden("校历中的学期都还没有开始，无从回测")
        }
        guard found.start <= today else { throw AppError.forbidden("\(found.chineseName)还没有开始，无从回测；回测已经过去的学期") }
        return found
    }

    private func sweptRule(_ id: String, in book: RuleBook) throws -> (rule: RiskRule, sweep: ThresholdSweep) {
        let individual = book.risks.filter { $0.scope == .individual }
        guard let rule = individual.first(where: { $0.id == id }) else {
            throw AppError.notFound("学生预警规则 \(id)（可选：\(individual.map(\.id).joined(separator: "、"))）")
        }
        guard let sweep = ThresholdSweep(rule) else {
            throw AppError.forbidden("规则 \(id) 的条件里没有“指标 比较 数字”（如 share_failed >= 50），没有阈值可扫描")
        }
        return (rule, sweep)
    }

    /// The student rules of the semesters replayed, those of `semester` first, in file order.
    static func individualRules(_ books: RuleBooks, upTo semester: SemesterID, _ semesters: [SemesterID]) -> [RiskRule] {
        var seen = Set<String>()
        return ([semester] + semesters.reversed()).flatMap { books.book(for: $0).risks }
            .filter { $0.scope == .individual && seen.insert($0.id).inserted }
    }
}

/// The replayed warnings of one evaluation, with what a sweep re-evaluates.
private struct Replay: Sendable {
    var backtest = RiskBacktest()
    /// Per replayed scan of a semester whose rules hold the swept rule: its day and the swept
    /// rule's indicators of every student of the outcome sheet that was evaluated.
    var kept: [(day: LocalDate, values: [StudentID: [String: Double?]])] = []
    /// The earliest stored warning of each (student, rule), opened by the last scan replayed.
    var stored: [StudentID: [String: LocalDate]] = [:]

    /// The day of the first warning of the rules `counted` (open now or since closed) for a
    /// student flagged now.
    func first(_ student: StudentID, of counted: (String) -> Bool, in states: [String: RiskBacktest.State]) -> LocalDate? {
        let days = states.filter { counted($0.key) }.map { state in
            min(state.value.firstOpenedOn, stored[student]?[state.key] ?? state.value.firstOpenedOn)
        }
        return days.min()
    }

    func lines(_ rules: [RiskRule], outcomes: OutcomeSheet) -> [RiskEvaluation.Line] {
        typealias Line = RiskEvaluation.Line
        /// The students with an open warning of the rules `counted` (at `level`, when given).
        func score(_ counted: (String) -> Bool, level: WarningLevel? = nil) -> BacktestScore {
            var found: [StudentID: LocalDate] = [:]
            for student in outcomes.entries.keys {
                let states = backtest.states[student] ?? [:]
                guard states.contains(where: { $0.value.isOpen && counted($0.key) && (level == nil || $0.value.level == level) })
                else { continue }
                found[student] = first(student, of: counted, in: states)
            }
            return BacktestScore(flagged: found, outcomes: outcomes)
        }
        var lines = [Line(kind: "全部", rule: "", name: "任一预警", level: nil, score: score { _ in true })]
        for category in WarningCategory.allCases {
            let ids = Set(rules.filter { $0.category == category }.map(\.id))
            guard !ids.isEmpty else { continue }
            lines.append(Line(kind: "类别", rule: "", name: category.rawValue, level: nil, score: score { ids.contains($0) }))
        }
        for rule in rules {
            lines.append(Line(kind: "规则", rule: rule.id, name: rule.name, level: nil, score: score { $0 == rule.id }))
            let levels = Set(rule.levels.map(\.level))
            guard levels.count > 1 else { continue }
            for level in WarningLevel.allCases.reversed() where levels.contains(level) {
                lines.append(Line(kind: "等级", rule: rule.id, name: rule.name, level: level.rawValue, score: score({ $0 == rule.id }, level: level)))
            }
        }
        return lines
    }

    /// The swept rule replayed at each threshold over the kept indicators, nothing read again.
    func sweep(_ rule: RiskRule, _ sweep: ThresholdSweep, thresholds: [Double], outcomes: OutcomeSheet) -> RiskEvaluation.Sweep {
        // The stored warnings were raised at the rule's own threshold, not at the others tried.
        var stripped = self
        for student in stripped.stored.keys { stripped.stored[student]?[rule.id] = nil }
        let other = stripped
        // Each threshold apart, on every core: pure work over values already read.
        let results = Mutex([RiskEvaluation.SweepLine?](repeating: nil, count: thresholds.count))
        DispatchQueue.concurrentPerform(iterations: thresholds.count) { index in
            let line = sweepLine(at: thresholds[index], rule, sweep, replay: thresholds[index] == sweep.current ? self : other, outcomes: outcomes)
            results.withLock { $0[index] = line }
        }
        return RiskEvaluation.Sweep(
            rule: rule.id, ruleName: rule.name, indicator: sweep.indicator, indicatorName: RiskIndicators.chinese(sweep.indicator),
            comparison: "\(sweep.indicator) \(sweep.comparison) …", current: sweep.current, lines: results.withLock { $0.compactMap { $0 } })
    }

    private func sweepLine(
        at threshold: Double, _ rule: RiskRule, _ sweep: ThresholdSweep, replay: Replay, outcomes: OutcomeSheet
    ) -> RiskEvaluation.SweepLine {
        let variant = sweep.rule(rule, at: threshold)
        var alone = RiskBacktest()
        for (day, values) in kept {
            for (student, values) in values {
                alone.apply(RiskEvaluator.evaluate(variant, values: values, explained: false), for: student, rule: rule.id, on: day)
            }
        }
        var ruleFlagged: [StudentID: LocalDate] = [:], anyFlagged: [StudentID: LocalDate] = [:]
        for student in outcomes.entries.keys {
            var states = backtest.states[student] ?? [:]
            states[rule.id] = alone.state(of: student, rule: rule.id)
            if states[rule.id]?.isOpen == true { ruleFlagged[student] = replay.first(student, of: { $0 == rule.id }, in: states) }
            if states.values.contains(where: \.isOpen) { anyFlagged[student] = replay.first(student, of: { _ in true }, in: states) }
        }
        return RiskEvaluation.SweepLine(
            threshold: threshold, isCurrent: threshold == sweep.current, rule: BacktestScore(flagged: ruleFlagged, outcomes: outcomes),
            overall: BacktestScore(flagged: anyFlagged, outcomes: outcomes))
    }
}
