import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaDocuments
import Hummingbird

extension Portal {
    /// A student's pages: the card, the report, an appeal on a record, the appeals made.
    func addStudentRoutes(to router: Router<PortalContext>) {
        router.get("/card") { request, _ -> Response in
            try await page(request) { visitor in
                guard visitor.principal.student != nil else { return Self.redirect("/") }
                return Self.html(StudentPages.card(try app.account(by: visitor.principal, recent: 12), nav: visitor.nav))
            }
        }
        router.get("/report") { request, _ -> Response in
            try await page(request) { visitor in
                guard visitor.principal.student != nil else { return Self.redirect("/") }
                return Self.html(StudentReportDocument.html(try app.studentReport(by: visitor.principal), nav: visitor.nav))
            }
        }
        // 申诉: the form names the record by its id (an opaque number), and the app layer checks
        // that it is a live record of the student's own card.
        router.get("/records/:id/appeal") { request, context -> Response in
            let id = context.parameters.get("id").flatMap(Int64.init)
            return try await page(request) { visitor in
                guard visitor.principal.student != nil, let id else { return Self.notFound() }
                let card = try app.account(by: visitor.principal, recent: 60)
                guard let entry = card.recent.first(where: { $0.recordID == id }) else { return Self.notFound() }
                return Self.html(StudentPages.appealForm(entry, csrf: visitor.csrf, nav: visitor.nav))
            }
        }
        router.post("/records/:id/appeal") { request, context -> Response in
            let id = context.parameters.get("id").flatMap(Int64.init)
            return try await action(request, context) { [app] visitor, form in
                guard let id else { return Self.notFound() }
                let appeal = try app.appeal(record: RecordID(rawValue: id), reason: form.reason ?? "", by: visitor.principal)
                return Self.redirect("/appeals#a\(appeal.id)")
            }
        }
        router.get("/appeals") { request, _ -> Response in
            try await page(request) { visitor in
                Self.html(StudentPages.appeals(try app.appeals(by: visitor.principal), forStudent: visitor.principal.student != nil,
                                               nav: visitor.nav))
            }
        }
    }
}
