import ChuzhikaCore
import Testing

@Suite struct DateInputTests {
    @Test("每种写法都读成同一天", arguments: ["2025-10-22", "2025-10-22 ", "2025/10/22", "2025.10.22", "2025年10月22日", "２０２５－１０－２２", "2025-10-22"])
    func acceptedFormsReadTheSameDay(_ text: String) throws {
        #expect(try DateInput.parse(text).get().description == "2025-10-22")
    }

    @Test func oneDigitMonthsAndDaysAreRead() throws {
        #expect(try DateInput.parse("2025-9-8").get().description == "2025-09-08")
    }

    @Test func aDayThatDoesNotExistIsNamedAsSuch() {
        // Given a date whose day is past the end of February
        let result = DateInput.parse("2026-02-30")
        // Then the message names the month's length, not the format
        #expect(result == .failure(.noSuchDay("2026-02-30", year: 2026, month: 2, days: 28)))
        #expect(DateInputError.noSuchDay("2026-02-30", year: 2026, month: 2, days: 28).localizedDescription
            == "“2026-02-30”：2026 年 2 月只有 28 天")
    }

    @Test func eachKindOfMistakeHasItsOwnError() {
        #expect(DateInput.parse("") == .failure(.empty))
        #expect(DateInput.parse("明天") == .failure(.notADate("明天")))
        #expect(DateInput.parse("10/22/2025") == .failure(.notADate("10/22/2025")))
        #expect(DateInput.parse("2025-13-01") == .failure(.noSuchMonth("2025-13-01", 13)))
        #expect(DateInput.parse("0025-10-01") == .failure(.implausibleYear("0025-10-01", 25)))
        #expect(DateInput.parse("2025-10") == .failure(.notADate("2025-10")))
        #expect(DateInput.parse("2025-10-22-1") == .failure(.notADate("2025-10-22-1")))
    }
}

@Suite struct TypedTextTests {
    @Test func fullWidthDigitsAndPunctuationBecomeASCII() {
        #expect(TypedText.normalized("８８") == "88")
        #expect(TypedText.normalized("９５％") == "95%")
        #expect(TypedText.normalized("－５") == "-5")
        #expect(TypedText.normalized("\u{3000}２０２４０１０１０１\u{3000}") == "2024010101")
        #expect(TypedText.integer("１２") == 12)
    }

    @Test func chineseTextIsLeftAsItIs() {
        #expect(TypedText.normalized("优秀") == "优秀")
        #expect(TypedText.normalized("是") == "是")
    }
}
