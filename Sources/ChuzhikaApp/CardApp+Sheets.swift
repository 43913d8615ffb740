import ChuzhikaCore
import ChuzhikaSheets
import ChuzhikaRules

/// How `czk import` reads a sheet of records.
public struct SheetImportOptions: Sendable {
    /// The point of every row (a sheet of one point, or a column per date).
    public var point: String?
    /// The date of rows that name none.
    public var date: LocalDate?
    /// Set to import corrections: each row supersedes the live record, with this reason.
    public var correctionReason: String?
    /// Import the good rows and report the bad ones instead of refusing the sheet.
    public var skipInvalid: Bool

    public init(point: String? = nil, date: LocalDate? = nil, correctionReason: String? = nil, skipInvalid: Bool = false) {
        self.point = point
        self.date = date
        self.correctionReason = correctionReason
        self.skipInvalid = skipInvalid
    }
}

extension CardApp {
    /// Imports a sheet of records (any of ``SheetMapping``'s shapes) as `principal`: all or
    /// nothing, every bad row named — or, with `skipInvalid`, the good rows, the bad ones listed
    /// in ``ImportSummary/rejected``. Rows that repeat what is recorded are counted, not written,
    /// so the same sheet imported twice adds nothing the second time.
    public func importSheet(_ sheet: Sheet, _ options: SheetImportOptions, by principal: Principal) throws -> ImportSummary {
        try importSheet(SheetSource(sheet), options, by: principal)
    }

    /// The same, reading the sheet a batch at a time as it streams; `progress` hears the rows
    /// done and the share of the file read after each batch.
    public func importSheet(
        _ source: SheetSource, _ options: SheetImportOptions, by principal: Principal,
        progress: ((_ rows: Int, _ fraction: Double) -> Void)? = nil
    ) throws -> ImportSummary {
        let book = try ruleBook()
        var names: [String: String] = [:]
        for point in book.points {
            names[point.id.rawValue] = point.id.rawValue
            if names[point.name] == nil { names[point.name] = point.id.rawValue }
        }
        // A problem with the header row (a missing column) is never skipped: no row can be read.
        guard source.headerProblems.isEmpty else { throw AppError.inputProblems(source.headerProblems) }
        let plan: SheetMapping.Plan
        switch SheetMapping.plan(
            headers: source.headers, file: source.file, staff: principal.staff?.id ?? StaffID(rawValue: principal.code),
            point: options.point, date: options.date, correctionReason: options.correctionReason, points: names)
        {
        case .failure(let problems): throw AppError.inputProblems(problems.diagnostics)
        case .success(let found): plan = found
        }
        // Rows that did not become drafts are reported (or rejected) with the rows that fail their checks.
        return try importBatches(
            {
                let (rows, unreadable) = source.next(Self.importBatch)
                guard !rows.isEmpty || !unreadable.isEmpty else { return nil }
                let (drafts, problems) = plan.drafts(rows)
                return (drafts, unreadable + problems)
            },
            by: principal, file: source.file, skipInvalid: options.skipInvalid,
            progress: progress.map { report in { rows in report(rows, source.fraction) } })
    }

    /// Rows read, checked and written per batch of a streamed sheet.
    static let importBatch = 2_000
}
