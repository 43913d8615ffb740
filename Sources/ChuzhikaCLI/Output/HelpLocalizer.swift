import Foundation

/// Turns ArgumentParser's own English words (section titles, the help flag, usage errors) into
/// Chinese, so that a teacher reads `--help` and every usage error in one language.
///
/// Our own help strings are Chinese already; only the framework's fixed phrases are replaced.
enum HelpLocalizer {
    private static let phrases: [(String, String)] = [
        ("OVERVIEW: ", "概述："), ("USAGE: ", "用法："), ("ARGUMENTS:", "参数："), ("OPTIONS:", "选项："),
        ("SUBCOMMANDS:", "子命令："), ("Show help information.", "显示帮助。"), ("Show the version.", "显示版本号。"),
        ("Error: ", "错误："), ("Usage: ", "用法："), ("Help:  ", "帮助："),
        ("  See 'czk help <subcommand>' for detailed help.", "  用 czk help <子命令> 查看每个子命令的详细帮助。"),
    ]

    private static let patterns: [(NSRegularExpression, String)] = [
        (#" ?\(values: ([^;)]*); default: ([^)]*)\)"#, "（可选：$1；默认：$2）"),
        (#" ?\(default: ([^)]*)\)"#, "（默认：$1）"),
        (#" ?\(values: ([^)]*)\)"#, "（可选：$1）"),
        (#"See '([^']*)' for more information\."#, "用 $1 查看更多说明。"),
        (#"Missing expected argument '([^']*)'"#, "缺少参数 $1"),
        (#"Missing value for '([^']*)'"#, "选项 $1 缺少值"),
        (#"Unknown option '([^']*)'"#, "未知选项 $1"),
        (#"Unexpected argument '([^']*)'"#, "多余的参数“$1”"),
        (#"Unexpected arguments? ([^\n]*)"#, "多余的参数 $1"),
        (#"The value '([^']*)' is invalid for '([^']*)': "#, "“$1”不是 $2 的有效值："),
        (#"The value '([^']*)' is invalid for '([^']*)'"#, "“$1”不是 $2 的有效值"),
        (#"Please provide one of '([^']*)' or '([^']*)'"#, "请给出 $1 或 $2"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }  // literal patterns, checked by the tests

    static func localize(_ text: String) -> String {
        var result = text
        for (english, chinese) in phrases { result = result.replacingOccurrences(of: english, with: chinese) }
        for (regex, template) in patterns {
            result = regex.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        return result.split(separator: "\n", omittingEmptySubsequences: false).map { realign(String($0)) }
            .joined(separator: "\n")
    }

    /// The column where ArgumentParser starts an option's help.
    static let helpColumn = 26

    /// ArgumentParser pads labels by character count; a label with Chinese (`<工号>`) is wider
    /// than it counts, which pushes its help out of line. Re-pad by display width.
    static func realign(_ line: String) -> String {
        guard line.hasPrefix("  "), line.count > helpColumn else { return line }
        let label = line.prefix(helpColumn)
        let rest = line.dropFirst(helpColumn)
        guard label.hasSuffix(" "), let first = rest.first, first != " " else { return line }
        let trimmed = String(label.reversed().drop(while: { $0 == " " }).reversed())
        let width = DisplayWidth.of(trimmed)
        guard width != trimmed.count else { return line }
        return trimmed + String(repeating: " ", count: max(2, helpColumn - width)) + rest
    }
}
