import Foundation

/// A progress bar on standard error for long imports: share done, rows, rows/s and time left,
/// redrawn at most ten times a second. Nothing at all when standard error is not a terminal
/// (a pipe, a log, a test), so scripts and CI see only the result.
///
/// Written by hand (about 40 lines): console-kit's bar shows no count, rate or time left and
/// writes to standard output (TECH.md §4).
final class ProgressBar {
    private let title: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let enabled: Bool

    init(_ title: String, enabled: Bool = Console.capture == nil && isatty(STDERR_FILENO) == 1) {
        self.title = title
        self.enabled = enabled
    }

    /// `rows` done, `fraction` of the input read (0–1).
    func update(rows: Int, fraction: Double) {
        guard enabled, Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = Date()
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + Self.line(title, rows: rows, fraction: fraction, elapsed: lastDraw.timeIntervalSince(start))).utf8))
    }

    /// Clears the bar, leaving the terminal as it was.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// `导入 a.csv [██████░░░░░░░░░░░░░░]  30%  120,000 行  40,000 行/秒  剩余 0:07`
    static func line(_ title: String, rows: Int, fraction: Double, elapsed: TimeInterval) -> String {
        let done = max(0, min(1, fraction))
        let filled = Int((done * 20).rounded(.down))
        let rate = elapsed > 0 ? Double(rows) / elapsed : 0
        let left = done > 0.001 ? (elapsed * (1 - done) / done).rounded() : nil
        let eta = left.map { "剩余 \(Int($0) / 60):" + String(format: "%02d", Int($0) % 60) } ?? "剩余 —"
        return "\(title) [" + String(repeating: "█", count: filled) + String(repeating: "░", count: 20 - filled) + "] "
            + String(format: "%3d%%", Int(done * 100)) + "  \(rows.formatted()) 行  \(Int(rate).formatted()) 行/秒  \(eta)"
    }
}
