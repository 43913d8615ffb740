import ChuzhikaCore

/// The line under a card's subtotals that says what its 增值 compared.
enum ValueAddedNote {
    static func text(semester: String?, asOf: LocalDate?) -> String {
        guard let semester, let asOf else { return "同期增值：上学期还没有数据，暂无增值。" }
        return "同期增值：与 \(semester) 学期截至 \(asOf) 的同一教学进度相比。"
    }
}
