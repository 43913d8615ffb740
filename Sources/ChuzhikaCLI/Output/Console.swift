import ChuzhikaCore
import Foundation

/// Where the CLI writes: results to stdout, problems to stderr.
///
/// Everything written here is shown, never obeyed: a control character in text stored before
/// such text was refused (ESC in an old appeal, a name, a note) is printed as its picture (`␛`,
/// ``TypedText/visible(_:singleLine:)``), so no stored text can retitle, clear or rewrite the
/// teacher's terminal. Tables, CSV and JSON on stdout, errors and diagnostics all pass here.
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

    /// Lines standing in for standard input, in tests.
    @TaskLocal public static var input: Lines?

    /// Lines handed out one at a time.
    public final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String]

        public init(_ lines: [String]) { self.lines = lines }

        func next() -> String? { lock.withLock { lines.isEmpty ? nil : lines.removeFirst() } }
    }

    /// One line of standard input (or of the test's lines).
    static func readLine() -> String? {
        if let input { return input.next() }
        return Swift.readLine()
    }

    static func out(_ text: String) {
        let text = TypedText.visible(text)
        if let capture { return capture.write(text + "\n", error: false) }
        write(text + "\n", to: STDOUT_FILENO)
    }

    static func err(_ text: String) {
        let text = TypedText.visible(text)
        if let capture { return capture.write(text + "\n", error: true) }
        write(text + "\n", to: STDERR_FILENO)
    }

    /// Writes all of `text`. A reader that went away (`czk export … | head`) ends the command as
    /// it ends `cat`: by SIGPIPE, quietly, status 141 (NIO ignores the signal once it has opened
    /// a socket, so it is raised again here); any other failure (a full disk) is said and fails
    /// the command. (Foundation's FileHandle.write traps on both.)
    private static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            #if canImport(Glibc)
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            #else
            let written = bytes.withUnsafeBytes { Darwin.write(fd, $0.baseAddress, $0.count) }
            #endif
            if written >= 0 {
                bytes = bytes.dropFirst(written)
                continue
            }
            if errno == EINTR { continue }
            if errno == EPIPE {
                signal(SIGPIPE, SIG_DFL)
                raise(SIGPIPE)
                exit(141)
            }
            if fd != STDERR_FILENO { Console.err("无法写出结果：\(String(cString: strerror(errno)))") }
            exit(1)
        }
    }
}
