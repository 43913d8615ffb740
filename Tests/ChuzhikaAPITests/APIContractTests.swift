import ChuzhikaAPI
import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaTestSupport
import ChuzhikaWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The integration API as a 教务 or 学工 system calls it (issue 26), on the engine the suite runs
/// on: every endpoint refuses a missing, unknown, revoked or expired token (401) and a scope or
/// reach it lacks (403); a batch is all or nothing with every bad row named (422); a retried
/// batch is applied once; what a system writes raises the same warnings and the same audit.
@Suite struct APIContractTests {
    /// The test school on a clock the test moves, served with the API mounted.
    struct Served {
        let app: CardApp
        let time: ManualTime

        init(rate: Int = 1_000) throws {
            time = ManualTime()
            let base = try TestSchool.make()
            app = CardApp(database: base.database, clock: .manual(LocalDate("2025-10-15")!, time))
            self.rate = rate
        }

        let rate: Int

        func token(_ scopes: Set<SystemToken.Scope>, class code: String? = nil, expires: String? = nil, name: String = "教务系统") throws -> String {
            try app.addToken(name: name, scopes: scopes, schoolClass: code, expiresOn: expires.flatMap(LocalDate.init), by: app.admin()).secret
        }

        func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            let router = Portal.router(app, mounts: [IntegrationAPI.mount(app, perSecond: rate)])
            try await Application(router: router).test(.router) { client in try await body(client) }
        }
    }

    /// One call: method, path, token, JSON body; the status, the headers and the body as JSON.
    struct Answer: @unchecked Sendable {
        let status: Int
        let headers: HTTPFields
        let json: [String: Any]
        var problem: String { "\(json["title"] ?? "")：\(json["detail"] ?? "")" }
    }

    static func call(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String?, body: String? = nil,
        key: String? = nil
    ) async throws -> Answer {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let data = Data(buffer: response.body)
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            if response.status.code >= 400 {
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(uri)")
                #expect(json["status"] as? Int == Int(response.status.code), "\(uri): \(json)")
            }
            return Answer(status: Int(response.status.code), headers: response.headers, json: json)
        }
    }

    static let resultsBody = #"{"semester":"2025-2026-1","rows":[{"student":"S11","course":"程序设计","credits":"4","grade":"45"}]}"#
    static let recordsBody = #"{"rows":[{"point":"academic.full_attendance","subject":"S11","value":"90","date":"2025-09-12"}]}"#
    static let rosterBody = #"{"rows":[{"学号":"S14","姓名":"周九","班级":"C1","状态":"在读"}]}"#

    /// Every endpoint, with the scope it needs and a body it accepts.
    static let endpoints: [(HTTPRequest.Method, String, SystemToken.Scope, String?)] = [
        (.post, "/api/v1/results", .resultsWrite, resultsBody),
        (.post, "/api/v1/roster/students", .rosterWrite, rosterBody),
        (.post, "/api/v1/records", .recordsWrite, recordsBody),
        (.get, "/api/v1/students/S11/account", .accountsRead, nil),
        (.get, "/api/v1/classes/C1/card", .accountsRead, nil),
        (.get, "/api/v1/warnings", .warningsRead, nil),
    ]

    @Test func everyEndpointRefusesAMissingUnknownRevokedOrExpiredToken() async throws {
        let served = try Served()
        let all = Set(SystemToken.Scope.allCases)
        let revoked = try served.token(all, name: "旧系统")
        _ = try served.app.revokeToken(try served.app.tokens(by: served.app.admin()).first { $0.name == "旧系统" }!.id,
                                       by: served.app.admin())
        let expiring = try served.token(all, expires: "2025-10-15", name: "临时系统")
        let valid = try served.token(all)
        try await served.test { client in
            for (method, uri, _, body) in Self.endpoints {
                let missing = try await Self.call(client, method, uri, token: nil, body: body)
                #expect(missing.status == 401 && missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true, "\(uri)")
                #expect(try await Self.call(client, method, uri, token: "czk_" + String(repeating: "0", count: 64), body: body).status == 401)
                #expect(try await Self.call(client, method, uri, token: "garbage", body: body).status == 401)
                #expect(try await Self.call(client, method, uri, token: revoked, body: body).status == 401, "a revoked token: \(uri)")
            }
            // Valid on its last day, refused the day after, at once.
            #expect(try await Self.call(client, .get, "/api/v1/warnings", token: expiring).status == 200)
            served.time.advance(86_400)
            #expect(try await Self.call(client, .get, "/api/v1/warnings", token: expiring).status == 401)
            #expect(try await Self.call(client, .get, "/api/v1/warnings", token: valid).status == 200)
        }
    }

    @Test func eachScopeReachesItsEndpointsOnly() async throws {
        let served = try Served()
        var tokens: [SystemToken.Scope: String] = [:]
        for scope in SystemToken.Scope.allCases where scope != .warningsSensitive {
            tokens[scope] = try served.token([scope], name: "系统-\(scope.rawValue.replacingOccurrences(of: ":", with: "-"))")
        }
        let everyToken = tokens
        try await served.test { client in
            for (method, uri, needed, body) in Self.endpoints {
                for (scope, token) in everyToken {
                    let answer = try await Self.call(client, method, uri, token: token, body: body)
                    if scope == needed {
                        #expect(answer.status == 200, "\(scope.rawValue) on \(uri): \(answer.problem)")
                    } else {
                        #expect(answer.status == 403, "\(scope.rawValue) on \(uri): \(answer.status)")
                        #expect(answer.problem.contains(needed.rawValue), "\(answer.problem)")
                    }
                }
            }
        }
    }

    @Test func aResultsBatchIsAllOrNothingNamesEveryBadRowAndWarnsTheCounselor() async throws {
        let served = try Served()
        let app = served.app
        let token = try served.token([.resultsWrite, .warningsRead])
        try await served.test { client in
            let bad = #"{"semester":"2025-2026-1","rows":["#
                + #"{"student":"S11","course":"程序设计","credits":"4","grade":"40"},"#
                + #"{"student":"S99","course":"程序设计","credits":"4","grade":"80"},"#
                + #"{"student":"S12","course":"程序设计","credits":"4","grade":"优"}]}"#
            let refused = try await Self.call(client, .post, "/api/v1/results", token: token, body: bad)
            #expect(refused.status == 422, "\(refused.json)")
            let lines = (refused.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["line"] as? Int }
            #expect(lines == [2, 3], "every bad row by its line: \(refused.json)")
            let gradeHint = (refused.json["errors"] as? [[String: Any]])?.last?["hint"] as? String ?? ""
            #expect(gradeHint.contains("改正这一行") && !gradeHint.contains("管理员"), "a bad grade is not a permission: \(gradeHint)")
            #expect(try app.results(of: "S11", by: app.admin()).results.isEmpty, "a refused batch wrote nothing")
            // Empty and malformed batches are the caller's fault, never the server's.
            #expect(try await Self.call(client, .post, "/api/v1/results", token: token, body: #"{"rows":[]}"#).status == 400)
            #expect(try await Self.call(client, .post, "/api/v1/results", token: token, body: #"{"rows":"x"}"#).status == 400)
            #expect(try await Self.call(client, .post, "/api/v1/results", token: token, body: "not json").status == 400)

            // Three students failing three courses each: the class's failures raise warnings.
            let rows = ["S11", "S12", "S13"].flatMap { student in
                ["程序设计", "高等数学", "大学英语"].map { #"{"student":"\#(student)","course":"\#($0)","credits":"4","grade":"40"}"# }
            }
            let good = #"{"semester":"2025-2026-1","rows":["# + rows.joined(separator: ",") + "]}"
            let accepted = try await Self.call(client, .post, "/api/v1/results", token: token, body: good)
            #expect(accepted.status == 200 && accepted.json["written"] as? Int == 9, "\(accepted.json)")
            #expect((accepted.json["warnings"] as? [Any])?.isEmpty == false, "the receipt names the warnings raised")
        }
        // What the pushed results raised reaches the counselor, and the audit names the token.
        let listing = try app.riskListing(by: app.principal("F1"))
        #expect(!listing.warnings.isEmpty, "the class's failures raised no warning")
        let audit = try app.database.read { try $0.audit(subject: nil, by: "接口:教务系统", since: nil, limit: 100) }
        #expect(audit.contains { $0.action == "results import" && $0.outcome == .ok })
    }

    @Test func aRetriedBatchIsAppliedOnceAndAKeyReusedForOtherDataIsRefused() async throws {
        let served = try Served()
        let app = served.app
        let token = try served.token([.recordsWrite], class: "C1", name: "考勤系统")
        try await served.test { client in
            let first = try await Self.call(client, .post, "/api/v1/records", token: token, body: Self.recordsBody, key: "考勤-0912")
            #expect(first.status == 200 && first.json["written"] as? Int == 1, "\(first.json)")
            #expect(first.headers[HTTPField.Name("Idempotency-Replayed")!] == nil)
            let retry = try await Self.call(client, .post, "/api/v1/records", token: token, body: Self.recordsBody, key: "考勤-0912")
            #expect(retry.status == 200 && retry.json["written"] as? Int == 1)
            #expect(retry.headers[HTTPField.Name("Idempotency-Replayed")!] == "true")
            let other = #"{"rows":[{"point":"academic.full_attendance","subject":"S12","value":"80","date":"2025-09-12"}]}"#
            let reused = try await Self.call(client, .post, "/api/v1/records", token: token, body: other, key: "考勤-0912")
            #expect(reused.status == 422 && reused.problem.contains("考勤-0912"))
            // Without a key, the same row again is "unchanged", not a second record.
            let again = try await Self.call(client, .post, "/api/v1/records", token: token, body: Self.recordsBody)
            #expect(again.status == 200 && again.json["written"] as? Int == 0 && again.json["unchanged"] as? Int == 1)
        }
        let account = try app.account(of: "S11", by: app.admin())
        #expect(account.recent.filter { $0.pointID == "academic.full_attendance" }.count == 1)
        #expect(account.recent.first { $0.pointID == "academic.full_attendance" }?.recordedBy == "接口：考勤系统")
        #expect(try app.check().problems == [])
    }

    @Test func aClassTokenReachesItsClassOnlyAndSensitiveDetailNeedsItsScope() async throws {
        let served = try Served()
        let app = served.app
        let classOnly = try served.token([.accountsRead, .warningsRead, .recordsWrite, .resultsWrite], class: "C1", name: "班级系统")
        let sensitive = try served.token([.warningsRead, .warningsSensitive], name: "心理中心")
        let plain = try served.token([.warningsRead], name: "学工系统")
        let psych = try app.flagRisk("S12", category: .psychological, reason: "保密内容", by: app.principal("F1"))
        let academic = try app.flagRisk("S21", category: .academic, reason: "缺交作业", by: app.principal("H2"))
        let sensitivePoint = try app.ruleBook().points.first { $0.isSensitive && $0.scope == .individual }
        try await served.test { client in
            #expect(try await Self.call(client, .get, "/api/v1/students/S11/account", token: classOnly).status == 200)
            #expect(try await Self.call(client, .get, "/api/v1/students/S21/account", token: classOnly).status == 403)
            #expect(try await Self.call(client, .get, "/api/v1/classes/C2/card", token: classOnly).status == 403)
            let otherClass = #"{"semester":"2025-2026-1","rows":[{"student":"S21","course":"电工电子","credits":"2","grade":"90"}]}"#
            let outside = try await Self.call(client, .post, "/api/v1/results", token: classOnly, body: otherClass)
            let reason = (outside.json["errors"] as? [[String: Any]])?.first?["message"] as? String ?? ""
            #expect(outside.status == 422 && reason.contains("只限于"), "\(outside.json)")
            func ids(_ token: String) async throws -> Set<Int> {
                let page = try await Self.call(client, .get, "/api/v1/warnings?limit=500", token: token)
                return Set((page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
            }
            let c1 = try app.flagRisk("S11", category: .academic, reason: "缺交作业", by: app.principal("H1"))
            #expect(try await ids(classOnly) == [Int(c1)], "a C1 token sees C1's warnings, and only those")
            #expect(try await !ids(plain).contains(Int(psych)), "a 心理 warning without warnings:sensitive")
            #expect(try await ids(plain).contains(Int(academic)))
            #expect(try await ids(sensitive).contains(Int(psych)))
            // A 心理 point is never written through the API, named by its id or by its name.
            let point = try #require(sensitivePoint)
            for name in [point.id.rawValue, point.name] {
                let body = #"{"rows":[{"point":"\#(name)","subject":"S11","value":"1","date":"2025-10-10"}]}"#
                let refused = try await Self.call(client, .post, "/api/v1/records", token: classOnly, body: body)
                #expect([403, 422].contains(refused.status) && "\(refused.json)".contains("心理类采分点"), "\(name): \(refused.json)")
            }
            // A card read never shows 心理 content, whatever the token's warning scopes.
            let both = try served.token([.accountsRead, .warningsRead, .warningsSensitive], class: "C1", name: "辅导系统")
            let card = try await Self.call(client, .get, "/api/v1/students/S11/account", token: both)
            let points = card.json["points"] as? [[String: Any]] ?? []
            let shown = points.filter { $0["id"] as? String == point.id.rawValue }
            #expect(shown.allSatisfy { $0["withheld"] as? Bool == true || $0["value"] == nil }, "\(shown)")
        }
        // A class or 系部 token never keeps the roster.
        #expect(throws: AppError.self) { _ = try served.token([.rosterWrite], class: "C1", name: "x") }
        #expect(throws: AppError.self) { _ = try app.addToken(name: "y", scopes: [.warningsRead], by: app.principal("H1")) }
    }

    /// A 系部 token (D1 holds C1 only) reads D1's cards and warnings, and imports D1's results;
    /// never D2's.
    @Test func aDepartmentTokenReachesItsDepartmentOnly() async throws {
        let served = try Served()
        let app = served.app
        let token = try app.addToken(name: "信息系系统", scopes: [.accountsRead, .warningsRead, .resultsWrite], department: "D1",
                                     by: app.admin()).secret
        let inside = try app.flagRisk("S11", category: .academic, reason: "r", by: app.principal("H1"))
        _ = try app.flagRisk("S21", category: .academic, reason: "r", by: app.principal("H2"))
        try await served.test { client in
            #expect(try await Self.call(client, .get, "/api/v1/classes/C1/card", token: token).status == 200)
            #expect(try await Self.call(client, .get, "/api/v1/students/S22/account", token: token).status == 403)
            let feed = try await Self.call(client, .get, "/api/v1/warnings", token: token)
            #expect((feed.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int } == [Int(inside)])
            let results = #"{"semester":"2025-2026-1","rows":[{"student":"S12","course":"程序设计","credits":"4","grade":"88"}]}"#
            #expect(try await Self.call(client, .post, "/api/v1/results", token: token, body: results).status == 200)
            let outside = #"{"semester":"2025-2026-1","rows":[{"student":"S22","course":"电工电子","credits":"2","grade":"88"}]}"#
            #expect(try await Self.call(client, .post, "/api/v1/results", token: token, body: outside).status == 422)
        }
        #expect(try app.results(of: "S22", by: app.admin()).results.isEmpty)
    }

    @Test func theWarningFeedPagesThroughEveryChangeOnce() async throws {
        let served = try Served()
        let app = served.app
        let token = try served.token([.warningsRead])
        for code in ["S11", "S12", "S13"] { _ = try app.flagRisk(code, category: .academic, reason: "r", by: app.principal("H1")) }
        let first = try app.riskListing(by: app.admin()).warnings.map(\.id).min()!
        _ = try app.actOnRisk(first, .acknowledge, by: app.principal("H1"))
        try await served.test { client in
            var since = 0
            var seen: [Int] = []
            var pages = 0
            while true {
                let page = try await Self.call(client, .get, "/api/v1/warnings?since=\(since)&limit=1", token: token)
                #expect(page.status == 200)
                seen += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                since = page.json["next"] as? Int ?? since
                pages += 1
                if page.json["more"] as? Bool != true || pages > 20 { break }
            }
            // The acknowledged warning appears once, at its latest change (after the others).
            #expect(seen.count == 3 && Set(seen).count == 3 && seen.last == Int(first), "\(seen)")
            let after = try await Self.call(client, .get, "/api/v1/warnings?since=\(since)", token: token)
            #expect((after.json["items"] as? [Any])?.isEmpty == true && after.json["more"] as? Bool == false)
            #expect(try await Self.call(client, .get, "/api/v1/warnings?limit=501", token: token).status == 400)
            #expect(try await Self.call(client, .get, "/api/v1/warnings?since=-1", token: token).status == 400)
        }
    }

    /// What schemathesis found on PostgreSQL: a NUL in a batch reached the store (500). Control
    /// characters are refused as on the command line, each named by its row and field.
    @Test func controlCharactersAreRefusedNamedNeverStored() async throws {
        let served = try Served()
        let token = try served.token(Set(SystemToken.Scope.allCases))
        try await served.test { client in
            let nul = #"{"semester":"2025-2026-1","rows":[{"student":"S11","course":"程序设计","credits":"4","grade":"40"},"#
                + #"{"student":"S1\u0000","course":"程序设计","credits":"4","grade":"40"}]}"#
            let refused = try await Self.call(client, .post, "/api/v1/results", token: token, body: nul)
            let first = (refused.json["errors"] as? [[String: Any]])?.first
            #expect(refused.status == 422 && first?["line"] as? Int == 2 && first?["field"] as? String == "student", "\(refused.json)")
            let escape = #"{"rows":[{"学号":"S16","姓名":"\u001b[31m","班级":"C1","状态":"在读"}]}"#
            #expect(try await Self.call(client, .post, "/api/v1/roster/students", token: token, body: escape).status == 422)
            #expect(try await Self.call(client, .get, "/api/v1/students/S1%00/account", token: token).status == 400)
            let longKey = String(repeating: "k", count: 201)
            #expect(try await Self.call(client, .post, "/api/v1/records", token: token, body: Self.recordsBody, key: longKey).status == 400)
        }
        #expect(try served.app.results(of: "S11", by: served.app.admin()).results.isEmpty)
    }

    /// Two calls with the same key at once (a client that timed out and retried): one applies the
    /// batch, the other waits (409) or gets its answer — never a second application, never a 500.
    @Test func twoCallsWithOneKeyAtOnceApplyTheBatchOnce() async throws {
        let served = try Served()
        let app = served.app
        let token = try served.token([.resultsWrite])
        let rows = (1...40).map { #"{"student":"S1\#($0 % 3 + 1)","course":"课程\#($0)","credits":"2","grade":"80"}"# }
        let body = #"{"semester":"2025-2026-1","rows":["# + rows.joined(separator: ",") + "]}"
        try await served.test { client in
            let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                for _ in 0..<4 { group.addTask { try await Self.call(client, .post, "/api/v1/results", token: token, body: body, key: "同一批") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { [200, 409].contains($0.status) }, "\(answers.map(\.status))")
            #expect(answers.filter { $0.status == 200 && $0.headers[HTTPField.Name("Idempotency-Replayed")!] == nil }.count == 1)
            let after = try await Self.call(client, .post, "/api/v1/results", token: token, body: body, key: "同一批")
            #expect(after.status == 200 && after.json["written"] as? Int == 40 && after.headers[HTTPField.Name("Idempotency-Replayed")!] == "true")
        }
        let written = try ["S11", "S12", "S13"].map { try app.results(of: $0, by: app.admin()).results.count }.reduce(0, +)
        #expect(written == 40)
    }

    /// A system keeps the roster's rows, never who is admin; a body too large is refused before it
    /// is read in full; an unknown address under /api/v1 is answered as the API answers.
    @Test func aSystemNeverMakesAnAdminAndOversizedOrUnknownCallsAreRefused() async throws {
        let served = try Served()
        let app = served.app
        let token = try served.token([.rosterWrite, .warningsRead], name: "学工系统")
        try await served.test { client in
            let promote = #"{"rows":[{"工号":"H1","姓名":"老师H1","管理员":"是"}]}"#
            let refused = try await Self.call(client, .post, "/api/v1/roster/staff", token: token, body: promote)
            #expect(refused.status == 403 && refused.problem.contains("管理员"), "\(refused.json)")
            let demote = #"{"rows":[{"工号":"A1","姓名":"管理员"}]}"#
            #expect(try await Self.call(client, .post, "/api/v1/roster/staff", token: token, body: demote).status == 403)
            let huge = #"{"rows":[{"学号":""# + String(repeating: "x", count: 17 << 20) + #"","姓名":"a","班级":"C1"}]}"#
            #expect(try await Self.call(client, .post, "/api/v1/roster/students", token: token, body: huge).status == 400)
            let unknown = try await Self.call(client, .get, "/api/v1/teachers", token: token)
            #expect(unknown.status == 404)
        }
        #expect(try app.database.read { try $0.staff(StaffID(rawValue: "H1")) }?.isAdmin == false)
        #expect(try app.database.read { try $0.staff(StaffID(rawValue: "A1")) }?.isAdmin == true)
    }

    @Test func aTokenCallingTooFastIsToldToWait() async throws {
        let served = try Served(rate: 1)
        let token = try served.token([.warningsRead])
        try await served.test { client in
            // A burst of two, then one a second: calls back to back meet a 429 within a few
            // calls however slowly a loaded machine answers (four calls once took over a second).
            var statuses: [Int] = []
            var retryAfter: String?
            while statuses.count < 20, retryAfter == nil {
                let answer = try await Self.call(client, .get, "/api/v1/warnings", token: token)
                statuses.append(answer.status)
                if answer.status == 429 { retryAfter = answer.headers[.retryAfter] }
            }
            #expect(statuses.prefix(2) == [200, 200] && statuses.last == 429, "\(statuses)")
            #expect(retryAfter == "1")
        }
    }

    @Test func theDocumentIsServedAndTheRosterTakesASystemsChanges() async throws {
        let served = try Served()
        let app = served.app
        let token = try served.token([.rosterWrite], name: "学工系统")
        // What is served is the document in the repository (Tools/openapi/generate was run).
        let document = try String(contentsOf: Repository.root.appendingPathComponent("API/openapi.yaml"), encoding: .utf8)
        try await served.test { client in
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == document, "API/openapi.yaml changed: run Tools/openapi/generate")
            }
            let added = try await Self.call(client, .post, "/api/v1/roster/students", token: token, body: Self.rosterBody)
            #expect(added.status == 200 && added.json["written"] as? Int == 1, "\(added.problem)")
            let bad = #"{"rows":[{"学号":"S15","姓名":"吴十","班级":"C9","状态":"在读"}]}"#
            let refused = try await Self.call(client, .post, "/api/v1/roster/students", token: token, body: bad)
            #expect(refused.status == 422 && (refused.json["errors"] as? [Any])?.count == 1, "\(refused.json)")
            #expect(try await Self.call(client, .post, "/api/v1/roster/teachers", token: token, body: Self.rosterBody).status == 400)
        }
        #expect(try app.database.read { try $0.student(StudentID(rawValue: "S14")) }?.name == "周九")
        #expect(try app.database.read { try $0.student(StudentID(rawValue: "S15")) } == nil)
    }
}
