import ChuzhikaCore
import ChuzhikaSQL
import ChuzhikaStore
import Foundation
import NIOConcurrencyHelpers

/// A province's view of every college in one PostgreSQL database: ``ProvinceStore``.
///
/// The views live in the schema `province` and are granted to the role `czk_province`, which
/// has no access to any college's schema: a reviewer (a login role in `czk_province`) reads
/// college summaries, class cards and warning counts, and the database refuses them any student's
/// row. The views run with their owner's rights; ``refresh(ownerURL:)`` rebuilds them over the
/// colleges present (run it after adding a college).
public final class PostgresProvince: ProvinceStore, @unchecked Sendable {
    private let database: PGConnection
    private let lock = NIOLock()

    /// Connects as a reviewer (`postgres://reviewer@host/db`).
    public init(url: String) throws {
        database = try PGConnection.connect(try PostgresTarget(url: url))
        try run { try database.execute(sql: "SET search_path TO province") }
    }

    deinit { database.close() }

    /// (Re)creates the role `czk_province`, the schema `province` and its views over every college
    /// schema, as the database's owner. Returns how many colleges the views cover.
    @discardableResult
    public static func refresh(ownerURL: String) throws -> Int {
        let database = try PGConnection.connect(try PostgresTarget(url: ownerURL))
        defer { database.close() }
        do {
            try database.execute(sql: "BEGIN")
            try database.execute(sql: "SELECT pg_advisory_xact_lock(hashtext('czk_province'))")
            let colleges = try rebuildViews(database)
            try database.execute(sql: "COMMIT")
            return colleges
        } catch let failure as SQLFailure {
            try? database.execute(sql: "ROLLBACK")
            throw StoreError.database(failure.message)
        }
    }

    /// The province's views, dropped (their lock only: not the colleges' tables under them).
    static let dropViews = """
        DROP VIEW IF EXISTS province.colleges;
        DROP VIEW IF EXISTS province.class_cards;
        DROP VIEW IF EXISTS province.warning_counts;
        """

    /// The views over every college schema there now, in the open transaction of an owner who
    /// holds the province's lock. Returns how many colleges.
    static func rebuildViews(_ database: PGConnection) throws -> Int {
        let colleges = try String.fetchAll(database, sql: """
            SELECT s.schema_name::text FROM information_schema.schemata s
            WHERE s.schema_name LIKE 'college\\_%' AND EXISTS (
              SELECT 1 FROM information_schema.tables t WHERE t.table_schema = s.schema_name AND t.table_name = 'ledgerentry')
            ORDER BY 1
            """)
        try database.executeScript("""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'czk_province') THEN CREATE ROLE czk_province NOLOGIN; END IF;
            END $$;
            CREATE SCHEMA IF NOT EXISTS province;

            """ + dropViews)
        try database.execute(sql: "CREATE VIEW province.colleges AS " + union(colleges, collegeSQL, empty: emptyColleges))
        try database.execute(sql: "CREATE VIEW province.class_cards AS " + union(colleges, classCardSQL, empty: emptyClassCards))
        try database.execute(sql: "CREATE VIEW province.warning_counts AS " + union(colleges, warningSQL, empty: emptyWarnings))
        try database.executeScript("""
            REVOKE ALL ON SCHEMA province FROM PUBLIC;
            GRANT USAGE ON SCHEMA province TO czk_province;
            GRANT SELECT ON province.colleges, province.class_cards, province.warning_counts TO czk_province;
            """)
        return colleges.count
    }

    public func colleges() throws -> [CollegeSummary] {
        try run {
            try SQLRow.fetchAll(database, sql: "SELECT * FROM colleges ORDER BY college").map { row in
                CollegeSummary(
                    college: try row["college"], school: try row["school"], students: try row["students"], classes: try row["classes"],
                    records: try row["records"], activeWarnings: try row["active_warnings"])
            }
        }
    }

    public func classCards(semester: String?) throws -> [ProvinceClassCard] {
        try run {
            try SQLRow.fetchAll(database, sql: """
                SELECT * FROM class_cards WHERE CAST(? AS text) IS NULL OR semester = ?
                ORDER BY college, semester, class_code, domain
                """, arguments: [semester, semester]).map { row in
                let members: Int = try row["members"]
                let total = Double(try row["total_hundredths"] as Int64) / 100
                return ProvinceClassCard(
                    college: try row["college"], schoolClass: try row["class_code"], className: try row["class_name"], cohort: try row["cohort"],
                    semester: try row["semester"], domain: try row["domain"], members: members, total: total,
                    average: members > 0 ? (total / Double(members) * 100).rounded() / 100 : 0)
            }
        }
    }

    public func warningCounts() throws -> [WarningCount] {
        try run {
            try SQLRow.fetchAll(database, sql: "SELECT * FROM warning_counts ORDER BY college, category, level, status").map { row in
                WarningCount(college: try row["college"], category: try row["category"], level: try row["level"], status: try row["status"], count: row["count"])
            }
        }
    }

    /// Runs SQL as the reviewer: for tests that show what the database refuses them.
    public func executeForTesting(_ sql: String) throws {
        try run { try database.execute(sql: sql) }
    }

    private func run<T>(_ body: () throws -> T) throws -> T {
        try lock.withLock {
            do {
                return try body()
            } catch let failure as SQLFailure {
                throw StoreError.database(failure.message)
            }
        }
    }

    // MARK: - The views

    static func union(_ schemas: [String], _ select: (String, String) -> String, empty: String) -> String {
        schemas.isEmpty ? empty : schemas.map { select($0, String($0.dropFirst("college_".count))) }.joined(separator: "\nUNION ALL\n")
    }

    static func collegeSQL(_ schema: String, _ college: String) -> String {
        """
        SELECT '\(college)'::text AS college, COALESCE((SELECT value FROM \(schema).meta WHERE key = 'school'), '') AS school,
          (SELECT count(*) FROM \(schema).student WHERE endedOn IS NULL) AS students,
          (SELECT count(*) FROM \(schema).schoolClass) AS classes,
          (SELECT count(*) FROM \(schema).record) AS records,
          (SELECT count(*) FROM \(schema).warning WHERE status IN ('open', 'acknowledged', 'followUp')) AS active_warnings
        """
    }

    static func classCardSQL(_ schema: String, _ college: String) -> String {
        """
        SELECT '\(college)'::text AS college, sc.code AS class_code, sc.name AS class_name, sc.cohort, l.semesterId::text AS semester,
          l.domain, count(DISTINCT st.id) AS members, SUM(l.points)::bigint AS total_hundredths
        FROM \(schema).ledgerEntry l JOIN \(schema).student st ON l.subjectKind = 0 AND st.id = l.subjectId
        JOIN \(schema).schoolClass sc ON sc.id = st.schoolClassId
        GROUP BY sc.code, sc.name, sc.cohort, l.semesterId, l.domain
        """
    }

    static func warningSQL(_ schema: String, _ college: String) -> String {
        """
        SELECT '\(college)'::text AS college, category, level, status,
          CASE WHEN category IN ('心理', '理财') AND count(*) < \(WarningCount.minimumSensitiveCount) THEN NULL ELSE count(*) END AS count
        FROM \(schema).warning GROUP BY category, level, status
        """
    }

    static let emptyColleges = """
        SELECT NULL::text AS college, NULL::text AS school, 0::bigint AS students, 0::bigint AS classes, 0::bigint AS records,
          0::bigint AS active_warnings WHERE false
        """
    static let emptyClassCards = """
        SELECT NULL::text AS college, NULL::text AS class_code, NULL::text AS class_name, 0::bigint AS cohort, NULL::text AS semester,
          NULL::text AS domain, 0::bigint AS members, 0::bigint AS total_hundredths WHERE false
        """
    static let emptyWarnings = """
        SELECT NULL::text AS college, NULL::text AS category, NULL::text AS level, NULL::text AS status, 0::bigint AS count WHERE false
        """
}
