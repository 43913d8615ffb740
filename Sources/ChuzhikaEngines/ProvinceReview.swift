import ChuzhikaApp
import ChuzhikaPostgres
import ChuzhikaStore

/// A province's reviewers: aggregates over the colleges of one PostgreSQL database (college
/// summaries, class cards, warning counts), never a student. See ``PostgresProvince``.
public enum ProvinceReview {
    /// Connects as a reviewer (a login role in `czk_province`).
    public static func open(_ location: String) throws -> any ProvinceStore {
        guard case .postgres(let url) = StoreLocation(location) else {
            throw AppError.unsupported("省级汇总只用于 PostgreSQL（--db postgres://审阅人@主机/库）；一个 SQLite 文件只有一所学校")
        }
        return try PostgresProvince(url: url)
    }

    /// Rebuilds the province's views over every college, as the database's owner; returns how many colleges.
    public static func refresh(_ location: String) throws -> Int {
        guard case .postgres(let url) = StoreLocation(location) else {
            throw AppError.unsupported("省级汇总只用于 PostgreSQL")
        }
        return try PostgresProvince.refresh(ownerURL: url)
    }
}
