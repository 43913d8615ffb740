import ChuzhikaCore

/// What is due (采分时点 × 采分主体): per owner, point, period and subject, records not yet made.
public struct DueList: Hashable, Codable, Sendable {
    public struct Item: Hashable, Codable, Sendable {
        public let staff: String
        public let staffName: String
        public let pointID: String
        public let pointName: String
        public let periodKey: String
        public let period: String
        public let dueOn: LocalDate
        /// Positive: overdue by that many days; 0: due today; negative: due in that many days.
        public let daysOverdue: Int
        public let subject: String
        public let subjectName: String

        /// 逾期 3 天, 今天到期, 2 天后到期.
        public var status: String {
            daysOverdue > 0 ? "逾期 \(daysOverdue) 天" : daysOverdue == 0 ? "今天到期" : "\(-daysOverdue) 天后到期"
        }
    }

    public let date: LocalDate
    /// Days ahead that were looked at.
    public let ahead: Int
    public let items: [Item]
    /// The data the risk rules wait for in the classes looked at (one item per class and point).
    public let missingData: [MissingData]

    public init(date: LocalDate, ahead: Int, items: [Item], missingData: [MissingData] = []) {
        self.date = date
        self.ahead = ahead
        self.items = items
        self.missingData = missingData
    }
}
