import ChuzhikaCore
import ChuzhikaStore

/// Warnings changed since a cursor, for a college system that keeps its own copy (the integration
/// API's `GET /warnings`): each warning once, at its latest change, in the order of the changes.
public struct WarningFeed: Sendable, Codable, Equatable {
    public struct Item: Sendable, Codable, Equatable {
        public let id: Int64
        /// The student's 学号, or the class's code for a class warning.
        public let subject: String
        public let name: String
        public let schoolClass: String
        public let rule: String
        public let ruleName: String
        public let category: String
        public let level: String
        public let status: String
        public let openedOn: LocalDate
        public let changedAt: String
        public let evidence: String
    }

    public let items: [Item]
    /// The cursor of the next page: pass it as `since`.
    public let next: Int64
    /// More changes wait after this page.
    public let more: Bool
}

extension CardApp {
    /// The warnings changed after event `cursor` that `principal` may see, at most `limit`
    /// changes read per page (a page may hold fewer items: those out of reach are skipped, and
    /// the cursor still moves past them). 心理 and 理财 warnings only when `sensitive`.
    ///
    /// The read waits for writers still adding warning events (PostgreSQL takes ids at insert,
    /// not at commit), so that a cursor never passes a change it has not seen.
    public func warningFeed(after cursor: Int64, limit: Int, by principal: Principal, sensitive: Bool) throws -> WarningFeed {
        try refusalsAudited(principal, "warnings feed", subject: "\(cursor)") {
            guard principal.staff != nil else { throw AppError.forbidden("学生不能读取预警") }
            let book = try ruleBook()
            let feed = try database.write { session in
                try session.holdWarningEvents()
                let changes = try session.warningChanges(after: cursor, limit: limit + 1)
                let page = changes.prefix(limit)
                var reach = ReachCache(session: session)
                let classes = principal.isAdmin ? nil : Set(try reach.reached(by: principal))
                var items: [WarningFeed.Item] = []
                for change in page {
                    guard let warning = try session.warning(change.warning), !warning.isNoData,
                          sensitive || !warning.category.isSensitive,
                          let (schoolClass, name) = try owner(of: warning, session),
                          classes?.contains(schoolClass) ?? true
                    else { continue }
                    items.append(WarningFeed.Item(
                        id: warning.id, subject: warning.subject.code, name: name, schoolClass: schoolClass.rawValue, rule: warning.rule,
                        ruleName: book.risks.first { $0.id == warning.rule }?.name ?? warning.rule,
                        category: warning.category.rawValue, level: warning.level.rawValue, status: warning.status.chineseName,
                        openedOn: warning.openedOn, changedAt: change.at, evidence: warning.evidence))
                }
                return WarningFeed(items: items, next: page.last?.event ?? cursor, more: changes.count > limit)
            }
            try audit(principal, "warnings feed", subject: "\(cursor)", .ok, "\(feed.items.count) 条，至 \(feed.next)")
            return feed
        }
    }
}
