import ChuzhikaCore
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
        let book = try ruleBook()
        var names: [String: String] = [:]
        for point in book.points {
            names[point.id.rawValue] = point.id.rawValue
            if names[point.name] == nil { names[point.name] = point.id.rawValue }
        }
        let (drafts, problems) = SheetMapping.drafts(
            from: sheet, staff: principal.staff?.id ?? StaffID(rawValue: principal.code), point: options.point, date: options.date,
            correctionReason: options.correctionReason, points: names)
        // A problem with the header row (a missing column) is never skipped: no row can be read.
        let unreadable = problems.filter { $0.location.line == 1 }
        guard unreadable.isEmpty else { throw AppError.inputProblems(problems) }
        // Rows that did not become drafts are reported (or rejected) with the rows that fail their checks.
        return try importRecords(drafts, by: principal, file: sheet.file, skipInvalid: options.skipInvalid, known: problems)
    }
}
