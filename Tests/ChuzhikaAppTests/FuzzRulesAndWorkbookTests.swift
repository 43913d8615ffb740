@testable import ChuzhikaApp
@testable import ChuzhikaSheets
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaTestSupport
import Foundation
import PropertyBased
import Testing
import ZIPFoundation

/// More of issue 12's fuzzing: the risk rules over random indicators, rule files cut and glued at
/// random, `.xlsx` workbooks round-tripped and damaged byte by byte, and zip bombs. Each property
/// runs `FuzzTests.runs` inputs (`CZK_FUZZ_RUNS`, 2,000 by default).
@Suite struct FuzzRulesAndWorkbookTests {
    static let shipped: RuleBook = {
        let sources = (try? Repository.shippedRules()) ?? []
        return RuleBookLoader.load(sources).book!
    }()

    /// An indicator's value as it occurs: no data, zero, small counts, percentages, marks, extremes.
    /// NaN stands for no data.
    static let indicatorValues: [Double] = [.nan, 0, 1, 2, 3, 5, 6.5, 7, 10, 16, 20, 25, 40, 59.9, 60, 85, 100, 1e9, -1]
    static let indicatorValue = Gen<Double?>.element(of: indicatorValues)

    static func values(_ drawn: [Double?]) -> [String: Double?] {
        var values: [String: Double?] = [:]
        for (index, entry) in RiskIndicators.catalogue.enumerated() {
            let value = index < drawn.count ? drawn[index] : nil
            values[entry.name] = .some(value.flatMap { $0.isNaN ? nil : $0 })
        }
        return values
    }

    static func level(_ outcome: RiskEvaluator.Outcome) -> WarningLevel? {
        if case .raised(let level, _, _) = outcome { return level }
        return nil
    }

    @Test("预警规则：任意指标值下，要么不预警，要么给出规则里有的级别和带数值的依据")
    func riskRulesRaiseOneOfTheirLevelsWithEvidence() async {
        let rules = Self.shipped.risks.filter { $0.scope == .individual }
        #expect(rules.count >= 10)
        await propertyCheck(count: FuzzTests.runs, input: Self.indicatorValue.array(of: RiskIndicators.catalogue.count)) { drawn in
            let values = Self.values(drawn)
            for rule in rules {
                switch RiskEvaluator.evaluate(rule, values: values) {
                case .clear: break
                case .raised(let level, let evidence, let condition):
                    #expect(rule.levels.map(\.level).contains(level), "\(rule.id): \(level)")
                    #expect(!evidence.isEmpty && !condition.isEmpty, "\(rule.id)")
                case .undetermined(let missing):
                    #expect(!missing.isEmpty, "\(rule.id)")
                    #expect(Set(missing).isSubset(of: rule.indicators), "\(rule.id): \(missing)")
                }
            }
        }
    }

    @Test("预警规则：一个“指标 ≥ 阈值”的规则，指标只升不降时级别也只升不降；没有数据且规则说忽略时不预警")
    func thresholdRulesAreMonotone() async {
        let threshold = #/^[a-z_]+ >= [0-9.]+$/#
        let upward = Self.shipped.risks.filter { rule in
            rule.scope == .individual && rule.levels.allSatisfy { (try? threshold.wholeMatch(in: $0.text)) != nil }
                && Set(rule.levels.flatMap(\.condition.names)).count == 1
        }
        #expect(upward.map(\.id).contains("attendance.chronic") && upward.map(\.id).contains("discipline.repeat"))
        await propertyCheck(
            count: FuzzTests.runs, input: Gen<Int>.value(in: 0...(upward.count - 1)), Gen<Double>.value(in: -5...120),
            Gen<Double>.value(in: 0...60)
        ) { index, low, rise in
            let rule = upward[index]
            let name = rule.levels[0].condition.names.first!
            var values = Self.values([])
            values[name] = low
            let before = Self.level(RiskEvaluator.evaluate(rule, values: values))
            values[name] = low + rise
            let after = Self.level(RiskEvaluator.evaluate(rule, values: values))
            if let before {
                #expect(after.map { $0 >= before } == true, "\(rule.id): \(low) → \(low + rise) lowered \(before) to \(String(describing: after))")
            }
            values[name] = Double?.none
            #expect(RiskEvaluator.evaluate(rule, values: values) == .undetermined(missing: [name]), "\(rule.id) judged without data")
        }
    }

    /// Conditions glued from the indicator names and the language's pieces.
    static let conditionPieces = RiskIndicators.catalogue.map(\.name) + [
        "and", "or", "not", "(", ")", "+", "-", "*", "/", ">=", "<=", "==", "!=", ">", "<", "0", "1", "7", "0.9", "100", " ",
    ]

    @Test("任意写出的预警条件：解析得了的，对任意指标值求值都不会崩溃")
    func anyParsedConditionEvaluatesWithoutCrashing() async {
        await propertyCheck(
            count: FuzzTests.runs, input: Gen<String?>.element(of: Self.conditionPieces).array(of: 1...12),
            Self.indicatorValue.array(of: RiskIndicators.catalogue.count)
        ) { pieces, drawn in
            let text = pieces.compactMap { $0 }.joined(separator: " ")
            guard let condition = try? ExpressionParser.parse(text) else { return }
            let rule = RiskRule(
                id: "fuzz", name: "模糊", category: .academic, levels: [.init(level: .yellow, condition: condition, text: text)],
                evidence: Array(condition.names.filter(RiskIndicators.names.contains)), notify: [.headTeacher], advice: "", missing: .notice,
                overdueDays: 7, source: "", location: SourceLocation(file: "fuzz.yaml", line: 1))
            _ = RiskEvaluator.evaluate(rule, values: Self.values(drawn))
        }
    }

    @Test("规则文件：把随带的规则文件任意删行、重复、换词，要么加载成功，要么每条诊断都指向其中一个文件")
    func damagedRuleFilesGiveDiagnosticsInTheirFiles() async throws {
        let sources = try Repository.shippedRules()
        let words = ["", "-", ":", "  ", "{", "}", "[", "]", "when:", "level: 紫", "points:", "risks:", "id: x", "\"", "'", "&a", "*a", "!!int", "红", "1e999"]
        await propertyCheck(
            count: max(FuzzTests.runs / 10, 50), input: Gen<Int>.value(in: 0...(sources.count - 1)),
            Gen<Int>.value(in: 0...3).array(of: 1...6), Gen<Int>.value(in: 0...10_000).array(of: 6), Gen<String?>.element(of: words).array(of: 6)
        ) { file, edits, positions, replacements in
            var damaged = sources
            var lines = damaged[file].text.components(separatedBy: "\n")
            for (index, edit) in edits.enumerated() where !lines.isEmpty {
                let at = positions[index] % lines.count
                switch edit {
                case 0: lines.remove(at: at)
                case 1: lines.insert(lines[at], at: at)
                case 2: lines[at] = (replacements[index] ?? "") + lines[at]
                default:
                    var words = lines[at].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                    if !words.isEmpty { words[positions[index] % words.count] = replacements[index] ?? "" }
                    lines[at] = words.joined(separator: " ")
                }
            }
            damaged[file] = RuleSource(path: sources[file].path, text: lines.joined(separator: "\n"))
            let result = RuleBookLoader.load(damaged)
            let paths = Set(sources.map(\.path))
            #expect(result.book != nil || !result.errors.isEmpty)
            for error in result.errors {
                #expect(paths.contains(error.location.file), "\(error.location.file): \(error.message)")
                #expect(!error.message.isEmpty)
            }
        }
    }

    /// Cell text as teachers type it, and as XML would rather not see it.
    static let cellPieces = ["", "2024010101", "0123", "刘婷婷", "85.5", "A&B", "<x>", "\"引号\"", "'", "  ", "\n", "\t", "=1+2", "]]>", "&amp;", "𠀀", "是"]

    @Test(".xlsx：我们写出的任意单元格原样读回")
    func workbooksRoundTrip() async throws {
        await propertyCheck(
            count: max(FuzzTests.runs / 10, 50), input: Gen<String?>.element(of: Self.cellPieces).array(of: 0...3).array(of: 1...4).array(of: 1...6)
        ) { drawn in
            let rows = drawn.map { row in row.map { $0.compactMap { $0 }.joined() } }
            let data = try XLSXWriter.workbook(headers: ["a", "b", "c", "d"], rows: rows, numeric: false)
            let read = try XLSXReader.rows(data, sheet: nil)
            #expect(read.count == rows.count + 1)
            for (written, got) in zip(rows, read.dropFirst()) {
                func trimmed(_ cells: [String]) -> [String] { Array(cells.reversed().drop { $0.isEmpty }.reversed()) }
                #expect(trimmed(got.cells) == trimmed(written), "\(written) read back as \(got.cells)")
            }
        }
    }

    @Test(".xlsx：任意改坏几个字节，要么读成表，要么给出指向文件的诊断")
    func damagedWorkbooksAreReadOrRefused() async throws {
        let whole = try XLSXWriter.workbook(headers: ["学号", "采分点", "数值"], rows: [["2024010101", "academic.gpa", "85"], ["2024010102", "academic.gpa", "70"]])
        await propertyCheck(
            count: FuzzTests.runs, input: Gen<Int>.value(in: 4...(whole.count - 1)).array(of: 1...8), Gen<UInt8>.value(in: 0...255).array(of: 8),
            Gen<Int>.value(in: 0...2)
        ) { positions, bytes, cut in
            var data = whole
            for (index, position) in positions.enumerated() { data[position] = bytes[index] }
            if cut == 1 { data = data.prefix(positions[0]) }
            do {
                _ = try SheetFile.read(data, file: "坏.xlsx")
            } catch let refused as SheetProblems {
                let problems = refused.problems
                #expect(!problems.isEmpty && problems.allSatisfy { $0.location.file == "坏.xlsx" && $0.location.line >= 1 })
            } catch {
                Issue.record("\(error) is not a diagnostic")
            }
        }
    }
}

/// Zip bombs: a part that inflates past the cap is refused, whether it says so or lies.
@Suite struct ZipBombTests {
    /// A workbook whose sheet is `size` bytes of one repeated row: it compresses about 1,000 to 1.
    static func bomb(sheetSize: Int) throws -> Data {
        let row = "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"
        let body = String(repeating: row, count: sheetSize / row.utf8.count)
        let ordinary = try XLSXWriter.workbook(headers: ["x"], rows: [])
        let source = try Archive(data: ordinary, accessMode: .read)
        let archive = try Archive(data: Data(), accessMode: .create)
        for entry in source {
            var part = Data()
            _ = try source.extract(entry) { part.append($0) }
            if entry.path == "xl/worksheets/sheet1.xml" {
                part = Data("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(body)</sheetData></worksheet>".utf8)
            }
            let bytes = part
            try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    @Test("解压后超过上限的部件被拒绝，不会被整个展开")
    func aPartBeyondTheCapIsRefused() throws {
        let data = try Self.bomb(sheetSize: 8_000_000)
        #expect(data.count < 100_000, "the bomb is small: \(data.count) bytes")
        #expect(throws: XLSXReader.Failure.self) { try XLSXReader.rows(data, sheet: nil, maximumPartSize: 1_000_000) }
        #expect(try XLSXReader.rows(data, sheet: nil, maximumPartSize: 10_000_000).count > 100_000, "under the cap it reads")
    }

    @Test("谎报解压大小的部件：边解压边计数，照样拒绝")
    func aPartThatLiesAboutItsSizeIsRefused() throws {
        var data = try Self.bomb(sheetSize: 8_000_000)
        // Rewrite the sheet's declared uncompressed size (local header and central directory) to 1,000 bytes.
        let name = Data("xl/worksheets/sheet1.xml".utf8)
        var patched = 0
        var search = data.startIndex
        while let found = data.range(of: name, in: search..<data.endIndex) {
            let header = found.lowerBound
            if header >= 30, data[(header - 30)..<(header - 26)] == Data([0x50, 0x4B, 0x03, 0x04]) {
                data.replaceSubrange((header - 8)..<(header - 4), with: [0xE8, 0x03, 0, 0])
                patched += 1
            } else if header >= 46, data[(header - 46)..<(header - 42)] == Data([0x50, 0x4B, 0x01, 0x02]) {
                data.replaceSubrange((header - 22)..<(header - 18), with: [0xE8, 0x03, 0, 0])
                patched += 1
            }
            search = found.upperBound
        }
        #expect(patched == 2)
        do {
            let rows = try XLSXReader.rows(data, sheet: nil, maximumPartSize: 1_000_000)
            Issue.record("a lying part was read whole: \(rows.count) rows")
        } catch {
            // Refused: by our count (tooLarge) or by ZIPFoundation's own size check.
        }
    }
}
