import ArgumentParser

/// How a listing is printed: an aligned table (default), CSV (Chinese headers) or JSON.
///
/// Every listing takes this one group, so `--json`, `--format csv` and `--bom` mean the same
/// everywhere. With JSON, an error is printed as a JSON object on stdout too.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @Option(help: "输出格式。")
    var format: Format = .table

    @Flag(help: "同 --format json。")
    var json = false

    @Flag(help: "CSV 前加 BOM，Excel 才能认出 UTF-8。")
    var bom = false

    var chosen: Format { json ? .json : format }

    /// Prints a listing as CSV (with the BOM when asked for).
    func printCSV(headers: [String], rows: [[String]]) {
        Console.out((bom ? "\u{FEFF}" : "") + CSVRenderer.render(headers: headers, rows: rows))
    }

    /// Prints a listing in the chosen format: `value` as JSON, `rows` as CSV or as a table
    /// (with `empty` when there are no rows, and `footer` under the table).
    func printListing<T: Encodable>(
        _ value: T, headers: [String], rows: [[String]], alignments: [TableRenderer.Alignment]? = nil, empty: String? = nil,
        footer: String? = nil
    ) throws {
        switch chosen {
        case .json: Console.out(try JSONRenderer.render(value))
        case .csv: printCSV(headers: headers, rows: rows)
        case .table:
            if rows.isEmpty, let empty { return Console.out(empty) }
            var table = TableRenderer(headers, alignments: alignments)
            rows.forEach { table.add($0) }
            Console.out(table.render() + (footer.map { "\n\n" + $0 } ?? ""))
        }
    }

    /// Runs a command body; an error is printed in Chinese on stderr, and as JSON on stdout too
    /// when JSON was asked for, then the command exits 1.
    func reporting(_ body: () throws -> Void) throws {
        try runReporting(json: chosen == .json, body)
    }
}
