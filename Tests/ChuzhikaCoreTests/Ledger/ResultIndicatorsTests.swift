import ChuzhikaCore
import Testing

/// The evidence of 学业 warnings is worked out in one place, to the same last digit on every path.
@Suite struct ResultIndicatorsTests {
    static let semester = SemesterID(rawValue: "2025-2026-1")

    static func results(_ codes: [String]) -> [CourseResult] {
        // 55.4 × 4 + 83.9 × 2 + 80.6 × 1.5 over 7.5 credits: 68.04, or 68.03999… summed in another order.
        zip(codes, [(55.4, 4.0), (83.9, 2.0), (80.6, 1.5)]).map { code, pair in
            CourseResult(student: StudentID(rawValue: "S1"), course: code, credits: pair.1, grade: .mark(pair.0),
                         sitting: .regular, semester: semester)
        }
    }

    @Test func aWeightedAverageIsTheSameWhicheverOrderTheCoursesComeIn() {
        // Every naming of the three courses (so every order a dictionary could iterate them in),
        // and every order of the rows: one value, the decimal one.
        let namings = [["A", "B", "C"], ["A", "C", "B"], ["B", "A", "C"], ["B", "C", "A"], ["C", "A", "B"], ["C", "B", "A"],
                       ["K1", "K2", "K3"], ["数学", "英语", "语文"], ["X9", "M2", "Q7"]]
        for codes in namings {
            for rows in [Self.results(codes), Self.results(codes).reversed()] {
                let average = ResultIndicators.compute(rows, order: [Self.semester]).first?.weightedAverage
                #expect(average == 68.04, "courses \(codes): \(String(describing: average))")
            }
        }
    }
}
