import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// `--reuse --repeat`: the everyday writes and reads again and again on the last run's database,
/// so that two builds can be compared on the same data, interleaved (one run's 20 values are too
/// few to tell 10 % apart on this machine):
/// - 40 new values of a semester-end point by the first class's 教研室, dated `day` (each day of
///   another semester gives 40 more; the bench's own run used 2026-01-08);
/// - 40 cards read by the admin (each read audited);
/// - 30 corrections of a weekly rate point, re-scoring its semester;
/// - `applies` rule changes, the band moved back and forth.
@MainActor
func repeatedOperations(
    app: CardApp, roster: Roster, rules: [RuleSource], day: LocalDate, applies: Int, principal: (String) throws -> Principal
) throws -> [(String, String)] {
    func summary(_ times: [Double]) -> String {
        "p50 \(ms(percentile(times, 0.5))), total \(ms(times.reduce(0, +)))"
    }
    let firstClass = roster.students.prefix(40)
    let research = try principal("Y-M1")
    var records: [Double] = []
    for student in firstClass {
        records.append(try seconds {
            _ = try app.record(RecordDraft(staff: StaffID(rawValue: "Y-M1"), point: "career.internship_praise",
                                           subject: student.id.rawValue, value: "2", date: day), by: research)
        })
    }
    let admin = try principal("A001")
    var cards: [Double] = []
    for student in firstClass {
        cards.append(try seconds { _ = try app.account(of: student.id.rawValue, by: admin) })
    }
    let headTeacher = try principal("H0")
    var corrections: [Double] = []
    for run in 0..<30 {
        var draft = RecordDraft(staff: StaffID(rawValue: "H0"), point: "academic.full_attendance",
                                subject: roster.students[0].id.rawValue, value: run % 2 == 0 ? "80" : "90",
                                date: LocalDate("2025-10-17"))
        draft.isCorrection = true
        draft.correctionReason = "bench"
        corrections.append(try seconds { _ = try app.record(draft, by: headTeacher) })
    }
    var report = [
        ("czk record × 40 (new values dated \(day))", summary(records)),
        ("czk account × 40", summary(cards)),
        ("czk record --correct × 30", summary(corrections)),
    ]
    for run in 0..<applies {
        let files = bandChange(rules, version: "repeat.\(UUID().uuidString.prefix(8))", points: run % 2 == 0 ? 10 : 9)
        report.append(("czk rules apply (\(run + 1))", String(format: "%.2f s", try seconds { _ = try app.applyRules(files, by: admin) })))
    }
    return report
}
