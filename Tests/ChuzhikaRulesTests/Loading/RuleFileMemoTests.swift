import ChuzhikaCore
import ChuzhikaRules
import Testing

/// A process reads each rule file once (a province's colleges, a test run on the same rules):
/// what it remembers must never hide a problem or an edit.
@Suite struct RuleFileMemoTests {
    let header = RuleSource(path: "card.yaml", text: "version: memo.1\n")

    func file(_ owners: String, path: String = "memo.yaml") -> RuleSource {
        RuleSource(path: path, text: """
            domain: academic
            points:
              - id: academic.memo_sample
                name: 记忆样例
                scope: individual
                timing: 学期末
                owners: [\(owners)]
                value: {kind: boolean}
                scoring: {method: per_event, points: 1}
            """)
    }

    @Test func aBrokenFileReadAgainReportsTheSameErrorsAtTheSamePlaces() {
        let broken = [header, file("校长")]
        let first = RuleBookLoader.load(broken)
        let again = RuleBookLoader.load(broken)
        #expect(first.book == nil && again.book == nil)
        #expect(!first.errors.isEmpty)
        #expect(again.diagnostics.map(\.description) == first.diagnostics.map(\.description))
        #expect(again.errors.allSatisfy { $0.location.file == "memo.yaml" && $0.location.line == 7 })
    }

    @Test func anEditedFileIsReadAnew() {
        let broken = RuleBookLoader.load([header, file("校长")])
        #expect(broken.book == nil)
        let fixed = RuleBookLoader.load([header, file("班主任")])
        #expect(fixed.errors.isEmpty, "\(fixed.diagnostics)")
        #expect(fixed.book?.points.first?.owners == [.headTeacher])
        // And back: the broken text is refused again, not served from the fixed one.
        #expect(RuleBookLoader.load([header, file("校长")]).book == nil)
    }

    @Test func aSecondVersionIsRefusedEvenWhenBothFilesWereReadBefore() {
        let other = RuleSource(path: "other.yaml", text: "version: memo.2\n")
        _ = RuleBookLoader.load([header])
        _ = RuleBookLoader.load([other])
        let both = RuleBookLoader.load([header, other, file("班主任")])
        #expect(both.book == nil)
        let twice = both.errors.first { $0.message.contains("规则版本重复声明") }
        #expect(twice?.location.file == "other.yaml")
        #expect(twice?.message.contains("memo.1") == true)
    }
}
