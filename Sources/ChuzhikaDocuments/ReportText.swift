import ChuzhikaApp
import ChuzhikaCore

/// Words and numbers the reports share.
enum ReportText {
    /// `2025秋`, `2026春` for `2025-2026-1`, `2025-2026-2`: short enough for a chart's axis.
    static func shortSemester(_ id: String) -> String {
        let parts = id.split(separator: "-")
        guard parts.count == 3, let first = Int(parts[0]), let second = Int(parts[1]) else { return id }
        return parts[2] == "1" ? "\(first)秋" : parts[2] == "2" ? "\(second)春" : id
    }

    /// `+3.5`, `-2`, or `—` without a previous semester.
    static func change(_ points: Points?) -> String { points?.signedDescription ?? "—" }

    /// `87%`, or `—` when nothing was due.
    static func share(_ value: Double?) -> String {
        value.map { "\(Int(($0 * 100).rounded()))%" } ?? "—"
    }

    static let domainNames = Domain.allCases.map(\.chineseName)
    static let confidential = "本报告含心理或理财预警，仅供该生（该班）辅导员使用，请勿转发、打印张贴。"
    static func footer(_ school: String, _ date: LocalDate) -> String {
        "\(school.isEmpty ? "" : "\(school) · ")储值卡生成于 \(date)。分数按各学期的计分规则计算；班级平均含本学期无记录的同学（按 0 分计）。"
    }
}

/// Markdown pieces: pipe tables with `|` escaped.
enum Markdown {
    static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        let clean = { (text: String) in text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var lines = ["| " + headers.map(clean).joined(separator: " | ") + " |"]
        lines.append("|" + headers.indices.map { numeric.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|")
        lines += rows.map { "| " + $0.map(clean).joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A bar of block characters, for a chart in plain text: `████▌`.
    static func bar(_ value: Double, max: Double, width: Int = 20) -> String {
        guard max > 0, value > 0 else { return "" }
        let eighths = Int((value / max * Double(width) * 8).rounded())
        let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + blocks[eighths % 8]
    }
}
