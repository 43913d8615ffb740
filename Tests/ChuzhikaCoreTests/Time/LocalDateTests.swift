import ChuzhikaCore
import Testing

@Suite struct LocalDateTests {
    @Test func parsesSchoolDatesAndRejectsImpossibleOnes() {
        #expect(LocalDate("2025-09-08")?.description == "2025-09-08")
        #expect(LocalDate("2025/9/8") == nil, "stored dates are ISO only; typed dates go through DateInput")
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("09-08-2025") == nil)
        #expect(LocalDate("明天") == nil)
        #expect(LocalDate("2025-13-01") == nil)
        #expect(LocalDate("2025-09-0x") == nil)
        #expect(LocalDate("2025-9-8") == nil)
    }

    @Test func dayArithmeticCrossesMonthsAndYears() {
        let start = LocalDate("2025-12-29")!
        #expect(start.adding(days: 5).description == "2026-01-03")
        #expect(start.days(until: LocalDate("2026-03-01")!) == 62)
        #expect(LocalDate(dayNumber: start.dayNumber) == start)
    }

    @Test func weekdaysAreISO() {
        #expect(LocalDate("2025-09-08")!.weekday == 1)  // a Monday
        #expect(LocalDate("2025-09-14")!.weekday == 7)
    }
}
