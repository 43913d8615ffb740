import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaSheets
import ChuzhikaStore
import ChuzhikaWeb
import Crypto
package import Foundation
package import OpenAPIRuntime

/// The integration API's operations (issue 26), as `API/openapi.yaml` names them: each parses
/// its input, calls the same use case as the CLI as the token's principal, and answers. Errors
/// are thrown as ``APIProblem`` (or the app's own) and written by ``APIMiddleware``.
struct APIHandler: APIProtocol {
    let app: CardApp
    /// The most rows one batch may carry (the document says so too).
    static let maxRows = 10_000
    static let batchFile = "接口批次"

    // MARK: - Batches

    func pushResults(_ input: Operations.PushResults.Input) async throws -> Operations.PushResults.Output {
        let caller = try APICaller.requiring(.resultsWrite)
        guard case .json(let batch) = input.body else { throw APIProblem.badRequest("请求体应为 JSON") }
        try Self.check(rows: batch.rows.count)
        try Self.refuseControlCharacters(batch.rows.map {
            [("student", $0.student), ("course", $0.course), ("credits", $0.credits), ("grade", $0.grade), ("sitting", $0.sitting),
             ("semester", $0.semester)]
        }, batch: [("semester", batch.semester)])
        let app = self.app
        let (receipt, replayed) = try await idempotent(caller, key: input.headers.idempotencyKey, operation: "results", request: batch) {
            let principal = try app.principal(for: caller.token, scope: .resultsWrite)
            var headers = ["学号", "课程", "学分", "成绩"]
            if batch.rows.contains(where: { $0.sitting != nil }) { headers.append("考试性质") }
            if batch.rows.contains(where: { $0.semester != nil }) { headers.append("学期") }
            let rows = batch.rows.enumerated().map { index, row in
                Sheet.Row(line: index + 1, fields: [
                    "学号": row.student, "课程": row.course, "学分": row.credits, "成绩": row.grade, "考试性质": row.sitting ?? "",
                    "学期": row.semester ?? batch.semester ?? "",
                ])
            }
            let report = try app.importCourseResults(
                Sheet(file: Self.batchFile, headers: headers, rows: rows), semester: batch.semester.map(SemesterID.init(rawValue:)),
                by: principal)
            return Components.Schemas.BatchReceipt(
                written: report.results, unchanged: report.unchanged, corrections: 0, warnings: Self.visible(report.warnings, to: caller))
        }
        return .ok(.init(headers: .init(idempotencyReplayed: replayed ? true : nil), body: .json(receipt)))
    }

    func pushRoster(_ input: Operations.PushRoster.Input) async throws -> Operations.PushRoster.Output {
        let caller = try APICaller.requiring(.rosterWrite)
        guard case .json(let batch) = input.body else { throw APIProblem.badRequest("请求体应为 JSON") }
        try Self.check(rows: batch.rows.count)
        guard let kind = RosterKind(rawValue: input.path.kind.rawValue) else { throw APIProblem.badRequest("没有这种花名册") }
        try Self.refuseControlCharacters(batch.rows.map { row in
            row.additionalProperties.sorted { $0.key < $1.key }.flatMap { [("列名", Optional($0.key)), ($0.key, Optional($0.value))] }
        })
        let app = self.app
        let (receipt, replayed) = try await idempotent(
            caller, key: input.headers.idempotencyKey, operation: "roster/\(kind.rawValue)", request: batch
        ) {
            let principal = try app.principal(for: caller.token, scope: .rosterWrite)
            var headers: [String] = []
            for row in batch.rows { for key in row.additionalProperties.keys.sorted() where !headers.contains(key) { headers.append(key) } }
            let rows = batch.rows.enumerated().map { Sheet.Row(line: $0.offset + 1, fields: $0.element.additionalProperties) }
            let report = try app.importRoster(kind, sheet: Sheet(file: Self.batchFile, headers: headers, rows: rows), by: principal)
            return Components.Schemas.BatchReceipt(written: report.changes.count, unchanged: report.unchanged, corrections: 0, warnings: [])
        }
        return .ok(.init(headers: .init(idempotencyReplayed: replayed ? true : nil), body: .json(receipt)))
    }

    func pushRecords(_ input: Operations.PushRecords.Input) async throws -> Operations.PushRecords.Output {
        let caller = try APICaller.requiring(.recordsWrite)
        guard case .json(let batch) = input.body else { throw APIProblem.badRequest("请求体应为 JSON") }
        try Self.check(rows: batch.rows.count)
        try Self.refuseControlCharacters(batch.rows.map {
            [("point", $0.point), ("subject", $0.subject), ("value", $0.value), ("date", $0.date), ("course", $0.course), ("note", $0.note)]
        })
        let app = self.app
        let (receipt, replayed) = try await idempotent(caller, key: input.headers.idempotencyKey, operation: "records", request: batch) {
            let principal = try app.principal(for: caller.token, scope: .recordsWrite)
            let book = try app.ruleBook()
            var problems: [Components.Schemas.RowProblem] = []
            var drafts: [RecordDraft] = []
            for (index, row) in batch.rows.enumerated() {
                // No 心理 detail crosses the API: those points are recorded by the 辅导员 themselves.
                if let point = book.points.first(where: { $0.id.rawValue == row.point }), point.isSensitive {
                    problems.append(.init(line: index + 1, field: "point", message: "“\(point.name)”是心理类采分点，不能经接口写入",
                                          hint: "由辅导员用 czk record 录入"))
                    continue
                }
                var date: LocalDate?
                if let text = row.date {
                    guard let parsed = LocalDate(text) else {
                        problems.append(.init(line: index + 1, field: "date", message: "日期“\(text)”不对", hint: "写成 YYYY-MM-DD，如 2025-09-12"))
                        continue
                    }
                    date = parsed
                }
                drafts.append(RecordDraft(
                    staff: StaffID(rawValue: caller.token.actorCode), point: row.point, subject: row.subject, value: row.value, date: date,
                    session: row.session, course: row.course.map(CourseID.init(rawValue:)), note: row.note,
                    source: .sheet(file: Self.batchFile, row: index + 1)))
            }
            guard problems.isEmpty else {
                throw APIProblem(status: problems.contains { $0.field == "point" } ? 403 : 422, title: "数据有误，整批未写入",
                                 detail: "\(problems.count) 处错误：改正后重发整批", errors: problems)
            }
            let summary = try app.importRecords(drafts, by: principal, file: Self.batchFile)
            return Components.Schemas.BatchReceipt(
                written: summary.records, unchanged: summary.unchanged, corrections: summary.corrections,
                warnings: Self.visible(summary.warnings, to: caller))
        }
        return .ok(.init(headers: .init(idempotencyReplayed: replayed ? true : nil), body: .json(receipt)))
    }

    // MARK: - Reads

    func getAccount(_ input: Operations.GetAccount.Input) async throws -> Operations.GetAccount.Output {
        let caller = try APICaller.requiring(.accountsRead)
        try Self.refuseControlCharacters([[("code", input.path.code), ("semester", input.query.semester)]], status: 400)
        let app = self.app
        let report = try await StoreThreads.run(app) {
            try app.account(of: input.path.code, by: try app.principal(for: caller.token, scope: .accountsRead), semester: input.query.semester)
        }
        return .ok(.init(body: .json(Components.Schemas.Account(
            student: report.studentID, name: report.name, _class: report.classID, semester: report.semester,
            total: report.semesterTotal.value, valueAdded: report.totalValueAdded?.value,
            domains: report.domains.map { .init(name: $0.name, semester: $0.semester.value, valueAdded: $0.valueAdded?.value) },
            points: report.points.map {
                .init(id: $0.id, name: $0.name, points: $0.points.value, value: $0.isWithheld ? nil : $0.value, withheld: $0.isWithheld)
            }))))
    }

    func getClassCard(_ input: Operations.GetClassCard.Input) async throws -> Operations.GetClassCard.Output {
        let caller = try APICaller.requiring(.accountsRead)
        try Self.refuseControlCharacters([[("code", input.path.code), ("semester", input.query.semester)]], status: 400)
        let app = self.app
        let card = try await StoreThreads.run(app) {
            try app.classCard(input.path.code, by: try app.principal(for: caller.token, scope: .accountsRead), semester: input.query.semester)
        }
        return .ok(.init(body: .json(Components.Schemas.ClassCard(
            _class: card.classID, name: card.className, semester: card.semester, students: card.students, total: card.total.value,
            valueAdded: card.totalValueAdded?.value, rank: card.rank, classesInCohort: card.classesInCohort,
            domains: card.domains.map { .init(name: $0.name, semester: $0.semester.value, valueAdded: $0.valueAdded?.value) }))))
    }

    func listWarnings(_ input: Operations.ListWarnings.Input) async throws -> Operations.ListWarnings.Output {
        let caller = try APICaller.requiring(.warningsRead)
        let since = input.query.since ?? 0
        let limit = input.query.limit ?? 100
        guard since >= 0 else { throw APIProblem.badRequest("since 应为 0 或上一页的 next，写的是 \(since)") }
        guard (1...500).contains(limit) else { throw APIProblem.badRequest("limit 应在 1–500 之间，写的是 \(limit)") }
        let app = self.app
        let sensitive = caller.token.scopes.contains(.warningsSensitive)
        let feed = try await StoreThreads.run(app) {
            try app.warningFeed(after: since, limit: limit, by: try app.principal(for: caller.token, scope: .warningsRead), sensitive: sensitive)
        }
        return .ok(.init(body: .json(Components.Schemas.WarningPage(
            items: feed.items.map {
                .init(id: $0.id, subject: $0.subject, name: $0.name, _class: $0.schoolClass, rule: $0.rule, ruleName: $0.ruleName,
                      category: $0.category, level: $0.level, status: $0.status, openedOn: "\($0.openedOn)", changedAt: $0.changedAt,
                      evidence: $0.evidence)
            },
            next: feed.next, more: feed.more))))
    }

    // MARK: - Pieces

    static func check(rows: Int) throws {
        guard rows >= 1 else { throw APIProblem.badRequest("rows 为空：一批至少一行") }
        guard rows <= maxRows else { throw APIProblem.badRequest("一批至多 \(maxRows) 行，这一批有 \(rows) 行：请分批发送") }
    }

    /// Text with a control character (NUL, ESC …) is refused before anything is read or stored,
    /// as on the command line: each such field named by its row (422), or the request (400).
    static func refuseControlCharacters(
        _ rows: [[(String, String?)]], batch: [(String, String?)] = [], status: Int = 422
    ) throws {
        var problems: [Components.Schemas.RowProblem] = []
        for (field, value) in batch {
            do { try AppError.refuseControlCharacters(value, field: field) } catch {
                throw APIProblem(status: status == 422 ? 422 : 400, title: "数据有误，未写入", detail: error.localizedDescription)
            }
        }
        for (index, fields) in rows.enumerated() {
            for (field, value) in fields {
                do { try AppError.refuseControlCharacters(value, field: field) } catch {
                    problems.append(.init(line: index + 1, field: field, message: error.localizedDescription, hint: "去掉控制字符后重发"))
                }
            }
        }
        guard !problems.isEmpty else { return }
        if status == 400 { throw APIProblem.badRequest(problems.map(\.message).joined(separator: "；")) }
        throw APIProblem(status: 422, title: "数据有误，整批未写入", detail: "\(problems.count) 处错误：改正后重发整批", errors: problems)
    }

    /// The warnings a batch changed, as far as the token may read warnings at all.
    static func visible(_ changes: [WarningChange], to caller: APICaller) -> [Components.Schemas.WarningChange] {
        guard caller.token.scopes.contains(.warningsRead) else { return [] }
        let sensitive = caller.token.scopes.contains(.warningsSensitive)
        return changes.filter { sensitive || !$0.category.isSensitive }.map {
            .init(kind: $0.change, subject: $0.student, rule: $0.rule, category: $0.category.rawValue, level: $0.level.rawValue)
        }
    }

    /// Applies a batch once per Idempotency-Key: a retry with the same key and the same body gets
    /// the first answer (and `Idempotency-Replayed: true`); the same key with another body is
    /// refused (422); a retry sent while the first still runs is told to wait (409). The key is
    /// claimed before the batch is applied, so two calls at once never both apply it. Without a
    /// key the batch is applied as it comes (a repeated row is "unchanged").
    func idempotent(
        _ caller: APICaller, key: String?, operation: String, request: some Encodable & Sendable,
        apply: @escaping @Sendable () throws -> Components.Schemas.BatchReceipt
    ) async throws -> (Components.Schemas.BatchReceipt, replayed: Bool) {
        let app = self.app
        guard let key else { return (try await StoreThreads.run(app, apply), false) }
        guard (1...200).contains(key.count), TypedText.controlCharacter(in: key) == nil else {
            throw APIProblem.badRequest("Idempotency-Key 应为 1–200 个字符")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let hash = PasswordHasher.hex(SHA256.hash(data: Data(operation.utf8) + Data([0]) + (try encoder.encode(request))))
        let token = caller.token
        switch try await StoreThreads.run(app, { try app.claimCall(token: token, key: key, hash: hash) }) {
        case .answered(let stored):
            guard stored.requestHash == hash else {
                throw APIProblem(status: 422, title: "幂等键已用过", detail: "Idempotency-Key“\(key)”已用于另一批数据：新的一批请换一个键，重试请发送同样的数据")
            }
            return (try JSONDecoder().decode(Components.Schemas.BatchReceipt.self, from: Data(stored.body.utf8)), true)
        case .inProgress:
            throw APIProblem(status: 409, title: "同一批正在处理", detail: "Idempotency-Key“\(key)”的批次正在处理：请稍后用同一个键重试")
        case .claimed:
            do {
                let receipt = try await StoreThreads.run(app, apply)
                let body = String(decoding: try encoder.encode(receipt), as: UTF8.self)
                try await StoreThreads.run(app) { try app.finishCall(token: token, key: key, status: 200, body: body) }
                return (receipt, false)
            } catch {
                // Nothing of the batch was written: the key may carry it again.
                _ = try? await StoreThreads.run(app) { try app.finishCall(token: token, key: key, status: StoredAnswer.failed, body: "") }
                throw error
            }
        }
    }
}
