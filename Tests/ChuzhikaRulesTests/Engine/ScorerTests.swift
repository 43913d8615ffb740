import ChuzhikaCore
import ChuzhikaRules
import Testing

/// Each scoring method, including the edges of every band.
@Suite struct ScorerTests {
    static let semester = SemesterID(rawValue: "2025-2026-1")
    static let bands = [Band(minimum: 95, points: 5), Band(minimum: 90, points: 3), Band(minimum: 80, points: 0), Band(minimum: nil, points: -3)]

    func point(_ value: ValueSpec, _ scoring: ScoringMethod) -> ScoringPoint {
        ScoringPoint(id: PointID(rawValue: "academic.t"), name: "测试", domain: .academic, scope: .individual,
                     timing: .semesterEnd, owners: [.headTeacher], value: value, scoring: scoring,
                     location: SourceLocation(file: "t.yaml", line: 1))
    }

    func records(_ values: [RecordValue]) -> [Record] {
        values.enumerated().map { i, v in
            Record(id: RecordID(rawValue: Int64(i + 1)), subject: .student(StudentID(rawValue: "S")), point: PointID(rawValue: "academic.t"),
                   periodKey: "k\(i)", semester: Self.semester, value: v, date: LocalDate("2025-10-01")!,
                   recordedBy: StaffID(rawValue: "T"), recordedAt: "", source: .commandLine)
        }
    }

    func total(_ p: ScoringPoint, _ values: [RecordValue]) -> Points {
        Scorer.credits(for: p, records: records(values), semester: Self.semester).credits.reduce(.zero) { $0 + $1.points }
    }

    @Test(arguments: [(100.0, 5.0), (95, 5), (94.99, 3), (90, 3), (89.9, 0), (80, 0), (79.99, -3), (0, -3)])
    func bandEdges(value: Double, points: Double) {
        #expect(Self.bands.points(for: value) == points)
    }

    @Test func bandsWithoutCatchAllGiveZeroBelowTheLast() {
        #expect([Band(minimum: 60, points: 2)].points(for: 59) == 0)
    }

    @Test func perEventMultipliesTheCount() {
        let p = point(ValueSpec(kind: .count, maximum: 10), .perEvent(points: -1.5))
        #expect(total(p, [RecordValue(number: 3)]) == Points(-4.5))
    }

    @Test("rate: 是/否 records of the semester become one rate, then bands")
    func rateOverThePeriod() {
        let p = point(ValueSpec(kind: .boolean), .rate(bands: Self.bands))
        let nineteenOfTwenty = Array(repeating: RecordValue.boolean(true), count: 19) + [.boolean(false)]
        #expect(total(p, nineteenOfTwenty) == Points(5))  // exactly 95%
        let eighteenOfTwenty = Array(repeating: RecordValue.boolean(true), count: 18) + Array(repeating: .boolean(false), count: 2)
        #expect(total(p, eighteenOfTwenty) == Points(3))  // 90%
        let credits = Scorer.credits(for: p, records: records(eighteenOfTwenty), semester: Self.semester).credits
        #expect(credits.count == 1)
        #expect(credits[0].key == "p:2025-2026-1")
    }

    @Test func rateOfPercentagesIsTheirMean() {
        let p = point(ValueSpec(kind: .rate), .rate(bands: Self.bands))
        #expect(total(p, [RecordValue(number: 100), RecordValue(number: 80)]) == Points(3))
    }

    @Test func averageTakesTheMeanThroughBands() {
        let p = point(ValueSpec(kind: .score, maximum: 100), .average(bands: Self.bands))
        #expect(total(p, [RecordValue(number: 70), RecordValue(number: 90)]) == Points(0))
    }

    @Test func bandsScoreEachRecord() {
        let p = point(ValueSpec(kind: .score, maximum: 100), .bands(Self.bands))
        #expect(total(p, [RecordValue(number: 95), RecordValue(number: 85)]) == Points(5))
    }

    @Test func levelsLookUpTheLabel() {
        let spec = ValueSpec(kind: .level, levels: ["初级", "中级", "高级"])
        let p = point(spec, .levels(["初级": 2, "中级": 4, "高级": 6]))
        let value = try? spec.parse("中级").get()
        #expect(total(p, [value!]) == Points(4))
    }

    @Test func countIsHeldWithinItsCap() {
        let p = point(ValueSpec(kind: .count, maximum: 50), .count(each: 0.5, cap: 3))
        #expect(total(p, [RecordValue(number: 2), RecordValue(number: 3)]) == Points(2.5))
        #expect(total(p, [RecordValue(number: 5), RecordValue(number: 4)]) == Points(3))
        let negative = point(ValueSpec(kind: .count, maximum: 50), .count(each: -3, cap: 10))
        #expect(total(negative, [RecordValue(number: 5)]) == Points(-10))
    }

    @Test func formulaSeesValueAndOtherIndicators() throws {
        let expression = try ExpressionParser.parse("clamp(value / 2, -5, 5) + default(academic.gpa, 0) / 100")
        let p = point(ValueSpec(kind: .score, minimum: -100, maximum: 100), .formula(expression, source: ""))
        let credits = Scorer.credits(for: p, records: records([RecordValue(number: 4)]), semester: Self.semester) {
            $0.rawValue == "academic.gpa" ? 50 : nil
        }
        #expect(credits.credits.first?.points == Points(2.5))
        #expect(total(p, [RecordValue(number: 30)]) == Points(5))
    }

    @Test func formulaFailureIsReportedNotCredited() throws {
        let expression = try ExpressionParser.parse("10 / value")
        let p = point(ValueSpec(kind: .score, maximum: 100), .formula(expression, source: ""))
        let result = Scorer.credits(for: p, records: records([RecordValue(number: 0)]), semester: Self.semester)
        #expect(result.credits.isEmpty)
        #expect(result.problems.first?.error == .divisionByZero)
    }

    @Test func noneCreditsNothing() {
        let p = point(ValueSpec(kind: .count, maximum: 10), .none(reason: "只记录"))
        #expect(Scorer.credits(for: p, records: records([RecordValue(number: 3)]), semester: Self.semester).credits.isEmpty)
    }

    @Test(arguments: [("是", true), ("否", false), ("1", true), ("0", false), ("１", true), ("√", true), ("×", false)])
    func booleansAcceptWhatTeachersType(text: String, value: Bool) throws {
        #expect(try ValueSpec(kind: .boolean).parse(text).get() == .boolean(value))
    }

    @Test("Y、yes、x 不会被悄悄当成是/否", arguments: ["Y", "y", "yes", "no", "x", "true"])
    func englishLettersAreNotSilentlyBooleans(text: String) {
        #expect(throws: ValueError.notBoolean(text)) { try ValueSpec(kind: .boolean).parse(text).get() }
    }

    @Test func fullWidthNumbersReadAsTheirASCIIForms() throws {
        #expect(try ValueSpec(kind: .score, maximum: 100).parse("８８").get() == RecordValue(number: 88))
        #expect(try ValueSpec(kind: .rate).parse("９５％").get() == RecordValue(number: 95))
        #expect(try ValueSpec(kind: .score, minimum: -100, maximum: 100).parse("－５").get() == RecordValue(number: -5))
    }

    @Test func valuesOutsideTheRangeOrOfTheWrongKindAreRefused() throws {
        #expect(throws: ValueError.outOfRange("101", "0–100")) { try ValueSpec(kind: .score, maximum: 100).parse("101").get() }
        #expect(throws: ValueError.notWhole("2.5")) { try ValueSpec(kind: .count, maximum: 10).parse("2.5").get() }
        #expect(throws: ValueError.notANumber("八十")) { try ValueSpec(kind: .score, maximum: 100).parse("八十").get() }
        #expect(throws: ValueError.notBoolean("也许")) { try ValueSpec(kind: .boolean).parse("也许").get() }
        #expect(throws: ValueError.self) { try ValueSpec(kind: .level, levels: ["初级"]).parse("特级").get() }
        #expect(try ValueSpec(kind: .rate).parse("95%").get() == RecordValue(number: 95))
    }

    @Test(arguments: ["0x10", "0X1A", "1e2", "1E1", "0b1", "inf", "nan", "1.2.3", "+", ".", "--5"])
    func onlyDecimalNumbersAreValues(_ text: String) {
        #expect(throws: ValueError.notANumber(text)) { try ValueSpec(kind: .score, maximum: 100).parse(text).get() }
    }

    @Test func decimalNumbersInEveryUsualSpellingAreValues() throws {
        for (text, number) in [("16", 16.0), ("-5", -5), ("+5", 5), ("92.5", 92.5), (".5", 0.5), ("7.", 7), ("007", 7)] {
            #expect(try ValueSpec(kind: .score, minimum: -100, maximum: 100).parse(text).get() == RecordValue(number: number))
        }
    }
}
