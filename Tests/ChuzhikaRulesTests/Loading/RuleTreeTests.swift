import ChuzhikaCore
import ChuzhikaTestSupport
import Testing

@testable import ChuzhikaRules

/// The stored tree of a rule set loads into exactly the rules its text does, and a damaged
/// tree falls back to the text.
@Suite struct RuleTreeTests {
    @Test("存储的规则树与 YAML 文本载入同一套规则")
    func theTreeLoadsTheSameRulesAsTheText() throws {
        let files = try Repository.shippedRules()
        let compiled = RuleTree.compiled(files)
        #expect(compiled.allSatisfy { $0.tree != nil }, "every shipped file has a tree")
        #expect(compiled == files, "the tree is not part of a file's identity")
        let fromText = try #require(RuleBookLoader.load(files).book)
        let fromTree = try #require(RuleBookLoader.load(compiled).book)
        #expect(fromTree.version == fromText.version)
        #expect(fromTree.points == fromText.points)
        #expect(fromTree.risks == fromText.risks)
        #expect(Set(fromTree.points.map(\.domain)) == Set(Domain.allCases))
    }

    @Test("损坏的规则树不会被采用，改从文本读取")
    func aDamagedTreeIsIgnored() throws {
        let files = try Repository.shippedRules()
        let damaged = RuleTree.compiled(files).map { RuleSource(path: $0.path, text: $0.text, tree: $0.tree.map { String($0.dropLast(3)) }) }
        #expect(RuleTree.decode(damaged[0].tree ?? "") == nil)
        let book = try #require(RuleBookLoader.load(damaged).book)
        #expect(book.points == RuleBookLoader.load(files).book?.points)
        #expect(RuleTree.decode("s3:str1:1:5:hello") != nil && RuleTree.decode("x") == nil && RuleTree.decode("q3:seq1:1:2:") == nil)
    }
}
