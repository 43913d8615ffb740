import ChuzhikaApp
import ChuzhikaCore
package import Foundation
import HTTPTypes
package import OpenAPIRuntime

/// An error as the integration API answers it: RFC 9457 `application/problem+json`, in Chinese,
/// with every bad row of a batch named by its line.
struct APIProblem: Error, Sendable {
    let status: Int
    let title: String
    let detail: String
    var errors: [Components.Schemas.RowProblem] = []
    /// Seconds to wait, for 429.
    var retryAfter: Int?

    init(status: Int, title: String, detail: String, errors: [Components.Schemas.RowProblem] = [], retryAfter: Int? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
        self.retryAfter = retryAfter
    }

    static func unauthorized(_ detail: String) -> APIProblem { APIProblem(status: 401, title: "未认证", detail: detail) }
    static func forbidden(_ detail: String) -> APIProblem { APIProblem(status: 403, title: "无权操作", detail: detail) }
    static func badRequest(_ detail: String) -> APIProblem { APIProblem(status: 400, title: "请求不对", detail: detail) }

    /// What an error of the app (or of anything below it) means to a caller.
    /// - Parameter reading: a GET: an unknown student or class is 404; in a batch it is 422.
    init(_ error: any Error, reading: Bool = false) {
        if let problem = error as? APIProblem {
            self = problem
            return
        }
        guard let error = error as? AppError else {
            self.init(status: 500, title: "服务器内部错误", detail: "处理请求时出错，已记入服务器日志；请稍后重试或联系管理员")
            return
        }
        let detail = error.errorDescription ?? "\(error)"
        let hint = error.recoverySuggestion
        switch error {
        case .inputProblems(let problems):
            let rows = problems.map { problem in
                Components.Schemas.RowProblem(line: problem.location.line, field: Self.field(of: problem.message),
                                              message: problem.message, hint: problem.hint)
            }
            self.init(status: 422, title: "数据有误，整批未写入", detail: "\(problems.count) 处错误：改正后重发整批", errors: rows)
        case .forbidden, .adminRequired, .wrongOwner, .notYourCourse:
            self.init(status: 403, title: "无权操作", detail: detail + (hint.map { "。\($0)" } ?? ""))
        case .notLoggedIn, .sessionEnded:
            self.init(status: 401, title: "未认证", detail: detail)
        case .unknownSubject, .unknownClass, .notFound, .unknownStaff, .classNotStudent:
            self.init(status: reading ? 404 : 422, title: reading ? "找不到" : "数据有误，未写入", detail: detail)
        case .duplicateRecord, .rulesChangedMeanwhile, .versionUnchanged:
            self.init(status: 409, title: "与已有数据冲突", detail: detail + (hint.map { "。\($0)" } ?? ""))
        default:
            self.init(status: 422, title: "数据有误，未写入", detail: detail + (hint.map { "。\($0)" } ?? ""))
        }
    }

    /// `列“学号”：…` names the field a sheet's problem is in.
    static func field(of message: String) -> String? {
        guard message.hasPrefix("列“"), let end = message.firstIndex(of: "”") else { return nil }
        return String(message[message.index(message.startIndex, offsetBy: 2)..<end])
    }

    var body: Components.Schemas.Problem {
        Components.Schemas.Problem(
            _type: "urn:czk:problem:\(status)", title: title, status: status, detail: detail, errors: errors.isEmpty ? nil : errors)
    }

    /// The response, with its headers: `WWW-Authenticate` for 401, `Retry-After` for 429.
    func response() -> (HTTPResponse, HTTPBody) {
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json; charset=utf-8"
        if status == 401 { fields[.wwwAuthenticate] = "Bearer realm=\"czk\"" }
        if let retryAfter { fields[.retryAfter] = "\(retryAfter)" }
        return (HTTPResponse(status: .init(code: status), headerFields: fields), HTTPBody(bodyBytes))
    }

    var bodyBytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(body)) ?? Data("{}".utf8))
    }
}
