import ChuzhikaCore

/// A plain text table whose columns line up with Chinese text.
///
/// Cells should avoid East Asian "ambiguous width" characters (─, —, …) except in the last
/// column: terminals disagree on their width.
struct TableRenderer {
    enum Alignment { case left, right }

    let headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    /// Adds a row; a line break, tab or control character in a cell is shown as its picture
    /// (`␊`, `␉`, `␛`), so a cell keeps to its line and its width is what the terminal shows.
    mutating func add(_ row: [String]) { rows.append(row.map { TypedText.visible($0, singleLine: true) }) }

    func render() -> String {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(DisplayWidth.of).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            headers.indices.map { column in
                let cell = column < cells.count ? cells[column] : ""
                let isLast = column == headers.count - 1
                if alignments[column] == .left && isLast { return cell }
                return cell.padded(to: widths[column], right: alignments[column] == .right)
            }.joined(separator: "  ")
        }
        // ASCII rules and dashes: box-drawing and em dashes are "ambiguous width" and turn double-wide
        // in many Chinese terminals, which would break the columns.
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }
}
