import ChuzhikaApp
import ChuzhikaCore

/// The system making the current call, as its token says (set by ``APIMiddleware`` for the
/// handler of one request).
struct APICaller: Sendable {
    let token: SystemToken

    @TaskLocal static var current: APICaller?

    /// The caller, if its token carries `scope`; else 401 (no caller) or 403.
    static func requiring(_ scope: SystemToken.Scope) throws -> APICaller {
        guard let caller = current else { throw APIProblem.unauthorized("缺少令牌：请求头写 Authorization: Bearer czk_…") }
        guard caller.token.scopes.contains(scope) else {
            throw APIProblem.forbidden("令牌“\(caller.token.name)”没有 \(scope.rawValue)（\(scope.chineseName)）范围：请管理员用 czk tokens add 发一个带此范围的令牌")
        }
        return caller
    }
}
