import ChuzhikaCore
import Foundation

/// The bench's rule change: the shipped rules as version `version`, with the 学分绩 band at 80
/// worth `points` (9 as shipped) — every student with such a GPA moves.
func bandChange(_ rules: [RuleSource], version: String, points: Int) -> [RuleSource] {
    rules.map { file in
        if file.path.hasSuffix("card.yaml") {
            RuleSource(path: file.path, text: file.text.replacingOccurrences(
                of: #"(?m)^version: .*$"#, with: "version: \(version)", options: .regularExpression))
        } else if file.path.hasSuffix("academic.yaml") {
            RuleSource(path: file.path, text: file.text.replacingOccurrences(
                of: "{min: 80, points: 9}", with: "{min: 80, points: \(points)}"))
        } else {
            file
        }
    }
}
