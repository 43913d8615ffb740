import Foundation

/// Where the CLI writes: results to stdout, problems to stderr.
///
/// Tests bind ``capture`` to collect what a command printed instead.
public enum Console {
    /// Collects output in tests.
    public final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var outText = ""
        private var errText = ""

        public init() {}

        public var out: String { lock.withLock { outText } }
        public var err: String { lock.withLock { errText } }

        func write(_ text: String, error: Bool) {
            lock.withLock { if error { errText += text } else { outText += text } }
        }
    }

    @TaskLocal public static var capture: Capture?

    static func out(_ text: String) {
        if let capture { return capture.write(text + "\n", error: false) }
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func err(_ text: String) {
        if let capture { return capture.write(text + "\n", error: true) }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
