import ArgumentParser

/// How a listing is printed: an aligned table (default), CSV or JSON.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    @Option(help: "Output format.")
    var format: Format = .table

    @Flag(help: "Same as --format json.")
    var json = false

    var chosen: Format { json ? .json : format }
}
