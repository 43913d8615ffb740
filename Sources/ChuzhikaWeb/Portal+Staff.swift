import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaDocuments
import Foundation
import Hummingbird

extension Portal {
    /// Staff pages: warnings and their follow-up, a student's or a class's report within scope,
    /// what is due, and a sheet upload.
    func addStaffRoutes(to router: Router<PortalContext>) {
        router.get("/risks") { request, _ -> Response in
            try await page(request) { visitor in
                Self.html(StaffPages.risks(try app.risks(by: visitor.principal), link: link, nav: visitor.nav, csrf: visitor.csrf))
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
        // The same import as `czk import`: all or nothing, every bad row named.
        router.post("/upload") { request, _ -> Response in
            try await submit(
                request, read: { try await SheetUpload.read(request, limit: SheetUpload.maximumBytes) }, csrf: \.csrf,
                expired: "表单已过期或文件过大（上限 \(SheetUpload.maximumBytes / 1_048_576) MB），请返回上一页刷新后重试"
            ) { [app] visitor, upload in
                do {
                    let sheet = try SheetFile.read(upload.data, file: upload.filename)
                    let summary = try app.importSheet(
                        sheet, SheetImportOptions(point: upload.point, date: upload.date.flatMap(LocalDate.init)), by: visitor.principal)
                    return Self.html(StaffPages.imported(summary, file: upload.filename, csrf: visitor.csrf, nav: visitor.nav))
                } catch let error as AppError {
                    return Self.html(StaffPages.refused(error, file: upload.filename, csrf: visitor.csrf, nav: visitor.nav),
                                     status: error.isRefusal ? .forbidden : .unprocessableContent)
                }
            }
        }
    }

    /// The link to a warning's student or class page, by sealed reference.
    var link: @Sendable (WarningLine) -> String {
        { [references] line in
            line.scope == "班级" ? "/classes/" + references.seal(.schoolClass, line.student) : "/students/" + references.seal(.student, line.student)
        }
    }
}
