import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaDocuments
import ChuzhikaSheets
import Foundation
import HTTPTypes
import Hummingbird

extension Portal {
    /// Staff pages: warnings and their follow-up, a student's or a class's report within scope,
    /// what is due, and a sheet upload.
    func addStaffRoutes(to router: Router<PortalContext>) {
        router.get("/risks") { request, _ -> Response in
            try await page(request) { visitor in
                Self.html(StaffPages.risks(try app.riskListing(by: visitor.principal), link: link, nav: visitor.nav, csrf: visitor.csrf))
            }
        }
        router.get("/risks/:id") { request, context -> Response in
            let id = context.parameters.get("id").flatMap(Int64.init)
            return try await page(request) { visitor in
                guard let id else { return Self.notFound() }
                return Self.html(StaffPages.risk(try app.risk(id, by: visitor.principal), link: link, nav: visitor.nav, csrf: visitor.csrf))
            }
        }
        router.post("/risks/:id/:verb") { request, context -> Response in
            let id = context.parameters.get("id").flatMap(Int64.init)
            let verb = context.parameters.get("verb")
            return try await action(request, context) { [app] visitor, form in
                guard let id else { return Self.notFound() }
                let action: RiskAction
                switch verb {
                case "ack": action = .acknowledge
                case "note": action = .note(kind: form.kind ?? "", text: form.text ?? "")
                case "resolve": action = .resolve(reason: form.reason ?? "")
                default: return Self.notFound()
                }
                let line = try app.actOnRisk(id, action, by: visitor.principal)
                return Self.redirect(line.status == WarningStatus.resolved.chineseName ? "/risks" : "/risks/\(id)")
            }
        }
        // A student's report (the card within it) for staff within scope, by sealed reference:
        // no 学号 in the address. Anyone else — a student above all — gets 404, and the app
        // layer audits the refusal.
        router.get("/students/:ref") { request, context -> Response in
            let code = context.parameters.get("ref").flatMap { references.open(.student, $0) }
            return try await page(request) { visitor in
                guard let code else { return Self.notFound() }
                return Self.html(StudentReportDocument.html(try app.studentReport(of: code, by: visitor.principal), nav: visitor.nav))
            }
        }
        router.get("/classes/:ref") { request, context -> Response in
            let code = context.parameters.get("ref").flatMap { references.open(.schoolClass, $0) }
            return try await page(request) { visitor in
                guard let code else { return Self.notFound() }
                let report = try app.classDevelopmentReport(code, by: visitor.principal)
                let members = StaffPages.members(report.members.map { ($0, references.seal(.student, $0.id)) })
                return Self.html(ClassReportDocument.html(report, nav: visitor.nav + members))
            }
        }
        router.get("/due") { request, _ -> Response in
            try await page(request) { visitor in
                Self.html(StaffPages.due(try app.due(for: nil, by: visitor.principal), nav: visitor.nav))
            }
        }
        router.get("/upload") { request, _ -> Response in
            try await page(request) { visitor in
                guard visitor.principal.staff != nil else { return Self.notFound() }
                return Self.html(StaffPages.upload(csrf: visitor.csrf, nav: visitor.nav))
            }
        }
        // The same import as `czk import`: all or nothing, every bad row named. Who is asking,
        // and the form's CSRF token (in the form's address), are checked before a byte of the body
        // is read; then at most `concurrentUploads` bodies are read at once.
        router.post("/upload") { request, _ -> Response in
            let token = request.cookies[PortalSecurity.sessionCookie]?.value
            let csrf = request.uri.queryParameters.get("csrf") ?? request.headers[Self.csrfHeader]
            let visitor: Visitor
            switch try await blocking({ [self] in admitUpload(token: token, csrf: csrf) }) {
            case .refused(let response): return response
            case .admitted(let admitted): visitor = admitted
            }
            // The form's other fields are small; a body announced as far larger is refused unread.
            if let length = request.headers[.contentLength].flatMap(Int.init), length > SheetUpload.maximumBytes + 64 * 1024 {
                return Self.html(StaffPages.upload(csrf: visitor.csrf, nav: visitor.nav, note: Self.tooLarge), status: .contentTooLarge)
            }
            guard let response = try await uploads.run({ try await importUpload(request, by: visitor) }) else {
                var busy = Self.html(PortalPages.message(
                    "上传的人较多", "同时在导入的表格已有 \(uploads.limit) 份。请 30 秒后回到上一页重新上传；表格没有写入。", nav: visitor.nav),
                    status: .serviceUnavailable)
                busy.headers[.retryAfter] = "30"
                return busy
            }
            return response
        }
    }

    /// Whether an upload is let in, decided from its head alone.
    enum Admission: Sendable {
        case admitted(Visitor)
        case refused(Response)
    }

    /// Anyone not signed in goes to the login page, a student gets 404, a wrong or missing CSRF
    /// token 403 — each before the body is read, so that none of them costs the portal memory.
    func admitUpload(token: String?, csrf: String?) -> Admission {
        guard let visitor = visitor(token) else { return .refused(Self.redirect("/login")) }
        guard visitor.principal.staff != nil else { return .refused(Self.notFound(visitor.nav)) }
        guard PortalSecurity.same(csrf ?? "", visitor.csrf) else {
            return .refused(Self.forbidden("表单已过期，请返回上一页刷新后重试", nav: visitor.nav))
        }
        return .admitted(visitor)
    }

    /// Reads the sheet and imports it.
    func importUpload(_ request: Request, by visitor: Visitor) async throws -> Response {
        guard let upload = try await SheetUpload.read(request, limit: SheetUpload.maximumBytes) else {
            return Self.html(StaffPages.upload(csrf: visitor.csrf, nav: visitor.nav, note: Self.tooLarge), status: .badRequest)
        }
        return try await blocking { [app] in
            do {
                let sheet = try AppError.readingSheet { try SheetFile.read(upload.data, file: upload.filename) }
                let summary = try app.importSheet(
                    sheet, SheetImportOptions(point: upload.point, date: upload.date.flatMap(LocalDate.init)), by: visitor.principal)
                return Self.html(StaffPages.imported(summary, file: upload.filename, csrf: visitor.csrf, nav: visitor.nav))
            } catch let error as AppError {
                return Self.html(StaffPages.refused(error, file: upload.filename, csrf: visitor.csrf, nav: visitor.nav),
                                 status: error.isRefusal ? .forbidden : .unprocessableContent)
            }
        }
    }

    static let tooLarge = "<div class=\"warning red\" role=\"alert\">没有收到表格文件，或文件超过 \(SheetUpload.maximumBytes / 1_048_576) MB。"
        + "请重新选择文件；更大的表格请用 czk import 导入。</div>"

    /// Where a client that cannot put the CSRF token in the address may send it instead.
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!  // a literal, valid header name

    /// The link to a warning's student or class page, by sealed reference.
    var link: @Sendable (WarningLine) -> String {
        { [references] line in
            line.scope == "班级" ? "/classes/" + references.seal(.schoolClass, line.student) : "/students/" + references.seal(.student, line.student)
        }
    }
}
