import Foundation
import Testing

@testable import ChuzhikaCLI

/// The import's progress bar: share, rows, rows/s and time left (`.ci/run` checks that a piped
/// import prints none of it).
@Suite struct ProgressBarTests {
    @Test func theBarShowsShareRowsRateAndTimeLeft() {
        let line = ProgressBar.line("导入 a.csv", rows: 120_000, fraction: 0.3, elapsed: 3)
        #expect(line.hasPrefix("导入 a.csv [██████░░░░░░░░░░░░░░]  30%"), "\(line)")
        #expect(line.contains("120,000 行") && line.contains("40,000 行/秒") && line.contains("剩余 0:07"), "\(line)")
        #expect(ProgressBar.line("x", rows: 0, fraction: 0, elapsed: 0).hasSuffix("剩余 —"))
    }
}
