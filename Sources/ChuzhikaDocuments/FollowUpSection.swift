import ChuzhikaApp

/// 预警跟进成效: what came of the semester's follow-ups, as the class and college reports show it
/// (six columns that fit a phone; 心理 and 理财 one line per category, 1–2 shown as <3).
enum FollowUpSection {
    static let title = "预警跟进成效"
    static let none = "本学期没有跟进过、也没有新产生的预警。"

    static func html(_ outcomes: RiskOutcomes) -> String {
        HTMLPage.section(title, outcomes.rows.isEmpty
            ? HTMLPage.paragraph(none, class: "muted")
            : HTMLPage.table(RiskOutcomes.headers, outcomes.forCirculation, numeric: [3, 5], caption: caption(outcomes)))
    }

    static func markdown(_ outcomes: RiskOutcomes) -> String {
        "\n## \(title)\n\n" + (outcomes.rows.isEmpty ? none + "\n"
            : Markdown.table(RiskOutcomes.headers, outcomes.forCirculation, numeric: [3, 5]) + "\n" + caption(outcomes) + "\n")
    }

    /// What the table counts, and as of when.
    static func caption(_ outcomes: RiskOutcomes) -> String {
        "本学期首次跟进的预警（及本学期产生而无人跟进的）截至 \(outcomes.asOf) 的结果；跟进天数为从预警到首次跟进的中位数。心理、理财按类别合计，1–2 条记作 <3。"
    }
}
