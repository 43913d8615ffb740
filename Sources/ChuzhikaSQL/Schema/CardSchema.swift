/// The college's tables, columns, indexes and append-only rules, described once for both engines.
///
/// PostgreSQL makes a new college from this description (``ChuzhikaPostgres``'s first
/// migration renders it); SQLite's files grew by the migrations in `ChuzhikaSQLite`, which must
/// arrive at the same place. `czk check` compares what each engine holds with this description
/// (``differences(from:types:)``), and so do the tests, on a fresh database of each engine.
/// What differs between the engines is one table of types (``ColumnTypes``), and what only one
/// engine has: PostgreSQL's partitions of `record` and `ledgerEntry` and the indexes they need.
///
/// A change to the schema is made here and in a migration step of each engine.
public enum CardSchema {
    /// What a column holds, in the card's words; each engine names it in ``ColumnTypes``.
    public enum ColumnType: Sendable {
        /// The table's own id: an integer the engine assigns, never reused.
        case key
        case integer
        case real
        case text
        /// 0 or 1 (booleans are integers on both engines, so that every query reads the same).
        case flag
        /// JSON kept as text.
        case json
    }

    public struct Column: Sendable {
        public let name: String
        public let type: ColumnType
        public let isRequired: Bool
        public let isUnique: Bool
        public let defaultValue: String?
        /// The table whose id this column holds.
        public let references: String?
    }

    public enum AppendOnly: Sendable {
        /// Rows are inserted, never changed or deleted.
        case frozen
        /// Rows change (their status), never go.
        case undeletable
        /// A record may only be marked superseded, once; nothing else of it changes.
        case supersedeOnly
    }

    public struct Table: Sendable {
        public let name: String
        public let columns: [Column]
        /// The column that is the primary key, when it is not a ``ColumnType/key`` column.
        public let primaryKey: String?
        public let uniques: [[String]]
        public let checks: [String]
        public let appendOnly: AppendOnly?
        /// Split by `semesterId` where the engine partitions (PostgreSQL, by academic year).
        public let isPartitionedBySemester: Bool

        public func column(_ name: String) -> Column? { columns.first { $0.name == name } }
    }

    public struct Index: Sendable, Equatable {
        public let name: String
        public let table: String
        public let columns: [String]
        public let isUnique: Bool
        /// A partial index's condition, in SQL both engines read.
        public let condition: String?

        /// `CREATE [UNIQUE] INDEX …`; `extraColumns` are appended (a partitioned table's unique
        /// index must hold its partition key).
        public func sql(ifNotExists: Bool = false, extraColumns: [String] = []) -> String {
            let keyword = isUnique ? "CREATE UNIQUE INDEX" : "CREATE INDEX"
            let guardClause = ifNotExists ? " IF NOT EXISTS" : ""
            let on = (columns + extraColumns.filter { !columns.contains($0) }).joined(separator: ", ")
            return "\(keyword)\(guardClause) \(name) ON \(table)(\(on))" + (condition.map { " WHERE \($0)" } ?? "")
        }
    }

    /// How each engine names the ``ColumnType``s: in DDL, and as it reports them back.
    public struct ColumnTypes: Sendable {
        public let names: [ColumnType: String]

        public func name(_ type: ColumnType) -> String { names[type] ?? "?" }

        /// GRDB's names, as `PRAGMA table_info` reports them.
        public static let sqlite = ColumnTypes(names: [
            .key: "INTEGER", .integer: "INTEGER", .real: "DOUBLE", .text: "TEXT", .flag: "BOOLEAN", .json: "TEXT",
        ])
        /// As `information_schema.columns.data_type` reports them (`key` is `bigserial` in DDL).
        public static let postgres = ColumnTypes(names: [
            .key: "bigint", .integer: "bigint", .real: "double precision", .text: "text", .flag: "bigint", .json: "text",
        ])
    }

    // MARK: - The tables

    public static let tables: [Table] = [
        table("meta", [text("key"), text("value")], primaryKey: "key"),
        table("department", [key(), text("code", unique: true), text("name")]),
        table("major", [key(), text("code", unique: true), text("name"), id("departmentId", "department")]),
        table("schoolClass", [
            key(), text("code", unique: true), text("name"), id("majorId", "major"), integer("cohort"), integer("programYears"),
        ]),
        table("student", [
            key(), text("code", unique: true), text("name"), id("schoolClassId", "schoolClass"),
            text("endedOn", optional), text("endReason", optional),
        ]),
        table("course", [key(), text("code", unique: true), text("name")]),
        table("staff", [key(), text("code", unique: true), text("name"), flag("isAdmin", default: "0"), text("endedOn", optional)]),
        table("assignment", [
            key(), id("staffId", "staff"), text("role"), id("schoolClassId", "schoolClass", optional),
            id("courseId", "course", optional), id("departmentId", "department", optional), id("majorId", "major", optional),
            text("startedOn", optional), text("endedOn", optional),
        ]),
        table("semester", [
            text("id"), text("academicYear"), integer("ordinal"), text("startDate"), text("endDate"), text("teachingStart"),
            integer("teachingWeeks"),
        ], primaryKey: "id"),
        table("ruleSet", [
            key(), text("version"), text("appliesFrom", optional), Column(name: "files", type: .json, isRequired: true, isUnique: false, defaultValue: nil, references: nil),
            text("appliedAt"), text("appliedBy"),
        ]),
        table("scoringPoint", [key(), text("code", unique: true)]),
        table("record", [
            key(), integer("subjectKind"), integer("subjectId"), id("scoringPointId", "scoringPoint"), text("periodKey"),
            text("semesterId"), text("valueText"), real("valueNumber"), text("date"), integer("session", optional),
            id("courseId", "course", optional), id("recordedBy", "staff"), text("recordedAt"), text("source"),
            text("note", optional), id("supersedesId", "record", optional), text("reason", optional),
            flag("isSuperseded", default: "0"),
        ], checks: ["supersedesId IS NULL OR reason IS NOT NULL"], appendOnly: .supersedeOnly, partitioned: true),
        table("ledgerEntry", [
            key(), integer("subjectKind"), integer("subjectId"), id("scoringPointId", "scoringPoint"), text("semesterId"),
            text("domain"), text("creditKey"), integer("points"), text("kind"), id("recordId", "record", optional),
            text("ruleVersion"), text("reason"), text("createdAt"), text("createdBy", optional),
        ], appendOnly: .frozen, partitioned: true),
        table("rosterChange", [
            key(), text("kind"), text("action"), text("code"), text("detail"), text("source"), text("changedBy"), text("changedAt"),
        ], appendOnly: .frozen),
        table("login", [
            text("personCode"), text("personKind"), text("passwordHash"), flag("isDisabled", default: "0"),
            integer("lockedUntil", optional), integer("lastSuccessAt", optional),
        ], primaryKey: "personCode"),
        table("loginFailure", [key(), text("personCode"), integer("at")]),
        table("session", [
            text("tokenHash"), text("personCode"), text("personKind"), integer("createdAt"), integer("expiresAt"),
            integer("revokedAt", optional), text("actingAdmin", optional),
        ], primaryKey: "tokenHash"),
        table("audit", [
            key(), text("at"), text("actor"), text("actingAs", optional), text("action"), text("subject"), text("outcome"),
            text("detail"),
        ], appendOnly: .frozen),
        table("appeal", [key(), id("recordId", "record"), text("studentCode"), text("reason"), text("openedAt")], appendOnly: .frozen),
        table("appealAnswer", [
            id("appealId", "appeal"), text("outcome"), text("reason"), text("answeredBy"), text("answeredAt"),
            id("correctionId", "record", optional),
        ], primaryKey: "appealId", appendOnly: .frozen),
        table("courseResult", [
            key(), id("studentId", "student"), text("course"), real("credits"), text("gradeText"), real("gradeMark", optional),
            text("sitting"), text("semesterId"), text("importedBy"), text("importedAt"), text("source"),
        ], uniques: [["studentId", "course", "semesterId", "sitting"]], appendOnly: .frozen),
        table("groupEvent", [
            key(), id("studentId", "student"), text("groupName"), text("action"), text("reason"), text("effectiveOn"),
            text("changedBy"), text("changedAt"),
        ], appendOnly: .frozen),
        table("warning", [
            key(), id("studentId", "student", optional), id("schoolClassId", "schoolClass", optional), text("ruleId"),
            text("category"), text("level"), text("status"), integer("episode"), id("previousId", "warning", optional),
            text("openedOn"), text("evidence"), text("condition"), flag("isNoData"),
        ], checks: ["(studentId IS NULL) <> (schoolClassId IS NULL)"], appendOnly: .undeletable),
        table("warningEvent", [
            key(), id("warningId", "warning"), text("kind"), text("level"), text("detail"), text("byPerson"), text("at"),
        ], appendOnly: .frozen),
        // The outbox (issue 25): one row per event, written with the change that caused it. A
        // warning's event names the warning, its category and level; what a teacher owes names the
        // recipient and says what is owed (`detail`).
        table("notification", [
            key(), text("eventKey", unique: true), text("kind"), id("warningId", "warning", optional), text("ruleId"),
            text("category", optional), text("level", optional), text("subject"), text("createdAt"), text("recipient", optional),
            text("detail", optional),
        ], checks: ["(warningId IS NULL) <> (recipient IS NULL)"], appendOnly: .frozen),
        table("notifyChannel", [
            key(), text("staffCode"), text("format"), text("target"), text("secret", optional), flag("isGroup", default: "0"),
            text("addedBy"), text("addedAt"), text("removedBy", optional), text("removedAt", optional),
        ], appendOnly: .undeletable),
        table("notifyPreference", [
            text("staffCode"), text("immediate"), text("digestAt"), text("setBy"), text("setAt"),
        ], primaryKey: "staffCode"),
        table("delivery", [
            key(), id("notificationId", "notification"), id("channelId", "notifyChannel"), text("status"), integer("attempts"),
            integer("dueAt"), flag("isDigest", default: "0"), text("lastError", optional), text("sentAt", optional),
        ], uniques: [["notificationId", "channelId"]], appendOnly: .undeletable),
        // The integration API (issue 26): each system's token (its hash only), and each batch sent
        // with an Idempotency-Key — claimed (status 0) before it is applied, then answered (200) or
        // failed (-1) — so that a retry, even one sent while the first still runs, is applied once.
        table("systemToken", [
            key(), text("name"), text("tokenHash", unique: true), text("scopes"), text("reachKind"), text("reachCode", optional),
            text("expiresOn", optional), text("createdBy"), text("createdAt"), text("revokedBy", optional),
            text("revokedAt", optional),
        ], appendOnly: .undeletable),
        table("apiRequest", [
            key(), id("tokenId", "systemToken"), text("idempotencyKey"), text("requestHash"), integer("status"), text("response"),
            text("at"),
        ], uniques: [["tokenId", "idempotencyKey"]], appendOnly: .undeletable),
    ]

    /// Every index beyond primary keys and `UNIQUE` columns. The `T_on_C` names are those
    /// GRDB gave the first SQLite files; PostgreSQL uses the same names.
    public static let indexes: [Index] = [
        index("major_on_departmentId", "major", ["departmentId"]),
        index("schoolClass_on_majorId", "schoolClass", ["majorId"]),
        index("student_on_schoolClassId", "student", ["schoolClassId"]),
        index("assignment_on_staffId", "assignment", ["staffId"]),
        index("assignment_on_schoolClassId", "assignment", ["schoolClassId"]),
        index("assignment_on_courseId", "assignment", ["courseId"]),
        index("assignment_on_departmentId", "assignment", ["departmentId"]),
        index("assignment_on_majorId", "assignment", ["majorId"]),
        // One live record per subject, point and period: the database enforces it, not the app.
        index("record_live", "record", ["subjectKind", "subjectId", "scoringPointId", "periodKey"], unique: true,
              where: "isSuperseded = 0"),
        // Every read of records names its subjects and reaches them through these two. (A third,
        // record_due on (scoringPointId, periodKey), served no query since due lists go class →
        // members, and PostgreSQL chose it from stale statistics for a point new to the table:
        // a sheet's read of 500 students took seconds. Dropped by the migration `dropRecordDue`.)
        index("record_account", "record", ["subjectKind", "subjectId", "semesterId", "scoringPointId"]),
        index("ledger_account", "ledgerEntry", ["subjectKind", "subjectId", "semesterId", "scoringPointId", "creditKey"]),
        index("ledger_record", "ledgerEntry", ["recordId"], where: "recordId IS NOT NULL"),
        index("loginFailure_on_personCode", "loginFailure", ["personCode"]),
        index("audit_subject", "audit", ["subject"]),
        index("audit_actor", "audit", ["actor"]),
        index("groupEvent_on_studentId", "groupEvent", ["studentId"]),
        index("warning_on_student", "warning", ["studentId"]),
        index("warning_on_class", "warning", ["schoolClassId"]),
        // One active warning per student (or class) and rule.
        index("warning_active", "warning", ["studentId", "ruleId"], unique: true,
              where: "studentId IS NOT NULL AND status IN ('open', 'acknowledged', 'followUp')"),
        index("warning_active_class", "warning", ["schoolClassId", "ruleId"], unique: true,
              where: "schoolClassId IS NOT NULL AND status IN ('open', 'acknowledged', 'followUp')"),
        index("warning_status", "warning", ["status", "category"]),
        index("warningEvent_on_warningId", "warningEvent", ["warningId"]),
        index("notifyChannel_on_staffCode", "notifyChannel", ["staffCode"]),
        index("delivery_due", "delivery", ["status", "dueAt"]),
    ]

    public static func table(named name: String) -> Table? { tables.first { $0.name.lowercased() == name.lowercased() } }

    // MARK: - Building the description

    private static let optional = false

    private static func table(
        _ name: String, _ columns: [Column], primaryKey: String? = nil, uniques: [[String]] = [], checks: [String] = [],
        appendOnly: AppendOnly? = nil, partitioned: Bool = false
    ) -> Table {
        Table(name: name, columns: columns, primaryKey: primaryKey, uniques: uniques, checks: checks, appendOnly: appendOnly,
              isPartitionedBySemester: partitioned)
    }

    private static func key() -> Column {
        Column(name: "id", type: .key, isRequired: true, isUnique: false, defaultValue: nil, references: nil)
    }
    private static func text(_ name: String, _ required: Bool = true, unique: Bool = false) -> Column {
        Column(name: name, type: .text, isRequired: required, isUnique: unique, defaultValue: nil, references: nil)
    }
    private static func integer(_ name: String, _ required: Bool = true) -> Column {
        Column(name: name, type: .integer, isRequired: required, isUnique: false, defaultValue: nil, references: nil)
    }
    private static func real(_ name: String, _ required: Bool = true) -> Column {
        Column(name: name, type: .real, isRequired: required, isUnique: false, defaultValue: nil, references: nil)
    }
    private static func flag(_ name: String, default value: String? = nil) -> Column {
        Column(name: name, type: .flag, isRequired: true, isUnique: false, defaultValue: value, references: nil)
    }
    private static func id(_ name: String, _ table: String, _ required: Bool = true) -> Column {
        Column(name: name, type: .integer, isRequired: required, isUnique: false, defaultValue: nil, references: table)
    }
    private static func index(_ name: String, _ table: String, _ columns: [String], unique: Bool = false, where condition: String? = nil) -> Index {
        Index(name: name, table: table, columns: columns, isUnique: unique, condition: condition)
    }
}
