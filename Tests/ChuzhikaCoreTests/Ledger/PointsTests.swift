import ChuzhikaCore
import Testing

@Suite struct PointsTests {
    @Test(arguments: [(1.005, 101), (2.5, 250), (-0.125, -13), (0, 0), (7, 700)])
    func roundsToHundredthsHalfAwayFromZero(value: Double, hundredths: Int) {
        #expect(Points(value).hundredths == hundredths)
    }

    @Test func printsWithoutTrailingZeros() {
        #expect(Points(12.5).description == "12.5")
        #expect(Points(-3).description == "-3")
        #expect(Points(0.05).description == "0.05")
        #expect(Points(2).signedDescription == "+2")
        #expect(Points(-2).signedDescription == "-2")
    }

    @Test func sumsExactly() {
        let tenths = (0..<10).map { _ in Points(0.1) }.reduce(.zero, +)
        #expect(tenths == Points(1))
    }
}
