import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaDocuments
import Hummingbird

extension Portal {
    /// A student's pages: the card, the report, an appeal on a record, the appeals made.
    func addStudentRoutes(to router: Router<PortalContext>) {
        router.get("/card") { request, _ -> Response in
            try await page(request) { principal, token in
                guard principal.student != nil else { return Self.redirect("/") }
                let card = try app.account(by: principal, recent: 12)
                return Self.html(StudentPages.card(card, nav: PortalPages.nav(principal, csrf: PortalSecurity.csrf(forSession: token))))
            }
        }
        router.get("/report") { request, _ -> Response in
            try await page(request) { principal, token in
                guard principal.student != nil else { return Self.redirect("/") }
                let report = try app.studentReport(by: principal)
                return Self.html(StudentReportDocument.html(report, nav: PortalPages.nav(principal, csrf: PortalSecurity.csrf(forSession: token))))
            }
        }
        // 申诉: the form names the record by its id (an opaque number), and the app layer checks
        // that it is a live record of the student's own card.
        router.get("/records/:id/appeal") { request, context -> Response in
            let id = context.parameters.get("id").flatMap(Int64.init)
            return try await page(request) { principal, token in
                guard principal.student != nil, let id else { return Self.notFound() }
                let card = try app.account(by: principal, recent: 60)
                guard let entry = card.recent.first(where: { $0.recordID == id }) else { return Self.notFound() }
                let csrf = PortalSecurity.csrf(forSession: token)
                return Self.html(StudentPages.appealForm(entry, csrf: csrf, nav: PortalPages.nav(principal, csrf: csrf)))
            }
        }
        router.post("/records/:id/appeal") { request, context -> Response in
            let id = context.parameters.get("id").flatMap(Int64.init)
            return try await action(request, context) { [app] principal, form in
                guard let id else { return Self.notFound() }
                let appeal = try app.appeal(record: RecordID(rawValue: id), reason: form.reason ?? "", by: principal)
                return Self.redirect("/appeals#a\(appeal.id)")
            }
        }
        router.get("/appeals") { request, _ -> Response in
            try await page(request) { principal, token in
                Self.html(StudentPages.appeals(try app.appeals(by: principal), forStudent: principal.student != nil,
                                               nav: PortalPages.nav(principal, csrf: PortalSecurity.csrf(forSession: token))))
            }
        }
    }
}
