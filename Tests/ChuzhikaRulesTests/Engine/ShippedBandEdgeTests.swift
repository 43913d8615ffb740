import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaTestSupport
import Testing

/// The edges of every band of the shipped rules: a value at a band's minimum earns that band,
/// a value just below earns the next one down.
@Suite struct ShippedBandEdgeTests {
    static let points: [ScoringPoint] = {
        guard let book = try? RuleBookLoader.load(Repository.shippedRules()).book else { return [] }
        return book.points
    }()

    static func bands(of point: ScoringPoint) -> [Band]? {
        switch point.scoring {
        case .bands(let bands), .rate(let bands), .average(let bands): bands
        default: nil
        }
    }

    @Test func theShippedRulesHaveBandedPoints() {
        #expect(Self.points.filter { Self.bands(of: $0) != nil }.count >= 40)
    }

    @Test(arguments: ShippedBandEdgeTests.points.filter { ShippedBandEdgeTests.bands(of: $0) != nil })
    func everyBandEdge(point: ScoringPoint) throws {
        let bands = try #require(Self.bands(of: point))
        let step = point.value.kind == .count ? 1.0 : 0.01
        // 是/否 points reach their bands as a share of 是 (%), not as one value.
        func score(_ x: Double) throws -> Points {
            point.value.kind == .boolean ? Points(bands.points(for: x)) : try Scorer.total(for: point, values: [RecordValue(number: x)])
        }
        for (index, band) in bands.enumerated() {
            guard let minimum = band.minimum else { continue }
            // At the edge: this band (scored through the point's own method).
            let at = try score(minimum)
            #expect(at == Points(band.points), "\(point.id.rawValue) at \(minimum)")
            // Just below: the next band, or 0 when there is none.
            let below = try score(minimum - step)
            let next = index + 1 < bands.count ? bands[index + 1].points : 0
            #expect(below == Points(next), "\(point.id.rawValue) below \(minimum)")
        }
    }

    @Test(arguments: ShippedBandEdgeTests.points.filter {
        if case .levels = $0.scoring { return true } else { return false }
    })
    func everyLevelScoresItsTableEntry(point: ScoringPoint) throws {
        guard case .levels(let table) = point.scoring else { return }
        for label in point.value.levels {
            let value = try point.value.parse(label).get()
            #expect(try Scorer.points(for: value, by: point) == table[label], "\(point.id.rawValue) \(label)")
        }
    }
}

extension ScoringPoint: CustomTestStringConvertible {
    public var testDescription: String { "\(id.rawValue) \(name)" }
}
