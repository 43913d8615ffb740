import ChuzhikaSQL

/// The PostgreSQL schema of one college, in its own schema (`search_path`), migrated forward
/// only; each step is recorded in `migration`. A new college's first step renders the card's one
/// schema description (``CardSchema``) with PostgreSQL's types, so every later step must be
/// harmless on a college the description already made (`IF NOT EXISTS`, `IF EXISTS`).
///
/// What PostgreSQL does differently from the description's SQLite side:
///
/// - `record` and `ledgerEntry` are partitioned by academic year (`semesterId` ranges
///   `'2025-2026'` … `'2025-2027'`), a partition made when a semester of that year is saved,
///   and a default partition for anything else. Their keys include `semesterId` (and so do
///   their unique indexes), so nothing declares a foreign key to them, and their own are checked
///   per statement (``referencesPerStatement``); a record is found by id through its primary key.
/// - Append-only is enforced by triggers that raise `append-only: TABLE`, as on SQLite.
enum Migrations {
    static let steps: [(name: String, sql: String)] = [
        ("createCollege", createCollege),
        ("indexesAsOnSQLite", indexesAsOnSQLite),
        ("createNotifications", createTables(addedLater)),
        ("notifyRecordingOverdue", """
            ALTER TABLE notification ALTER COLUMN warningId DROP NOT NULL;
            ALTER TABLE notification ALTER COLUMN category DROP NOT NULL;
            ALTER TABLE notification ALTER COLUMN level DROP NOT NULL;
            ALTER TABLE notification ADD COLUMN IF NOT EXISTS recipient text;
            ALTER TABLE notification ADD COLUMN IF NOT EXISTS detail text;
            ALTER TABLE notification DROP CONSTRAINT IF EXISTS notification_about;
            ALTER TABLE notification ADD CONSTRAINT notification_about CHECK ((warningId IS NULL) <> (recipient IS NULL));

            """),
        ("createSystemTokens", createTables(addedForAPI)),
        // Served no query, and misled the planner (see CardSchema.indexes); its partitions' go with it.
        ("dropRecordDue", "DROP INDEX IF EXISTS record_due;\n"),
        // The primary key (id, semesterId) finds a record by id as well (its first column): a
        // second index on id alone was 7 MB per 320,000 records, and one more entry per record.
        ("dropRecordIdIndex", "DROP INDEX IF EXISTS record_id;\n"),
        ("referencesPerStatement", referencesPerStatement),
    ]

    /// `record`'s and `ledgerEntry`'s references, checked per statement over its rows, not by a
    /// foreign key per row (16 of the 30 µs an imported record took, EXPLAIN ANALYZE). As with a
    /// foreign key, what a row names is locked (FOR KEY SHARE) until the row commits, and cannot be
    /// deleted, renumbered or truncated while named.
    static var referencesPerStatement: String {
        var sql = ""
        for (table, references) in Dictionary(grouping: referencesChecked, by: \.table).sorted(by: { $0.key < $1.key }) {
            let missing = references.map { "(n.\($0.column) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \($0.target) t WHERE t.id = n.\($0.column)))" }
            let locks = references.map { "PERFORM 1 FROM \($0.target) t WHERE t.id IN (SELECT n.\($0.column) FROM n) ORDER BY t.id FOR KEY SHARE;" }
            sql += references.map { "ALTER TABLE \(table) DROP CONSTRAINT IF EXISTS \(table)_\($0.column)_fkey;\n" }.joined()
                + refusal("\(table)_references", after: "INSERT ON \(table) REFERENCING NEW TABLE AS n", first: locks.joined(separator: "\n    "),
                          when: "EXISTS (SELECT 1 FROM n WHERE \(missing.joined(separator: "\n      OR ")))",
                          message: "\(table) 引用了不存在的行（采分点、课程或教职工）")
                + "DO $$ DECLARE p text; BEGIN FOR p IN SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = '\(table)'::regclass LOOP\n"
                + "  EXECUTE '\(referenceTrigger(onPartition: "' || p || '", of: table))'; END LOOP; END $$;\n"
        }
        for (target, references) in Dictionary(grouping: referencesChecked, by: \.target).sorted(by: { $0.key < $1.key }) {
            let named = references.map { "EXISTS (SELECT 1 FROM \($0.table) r WHERE r.\($0.column) = o.id)" }.joined(separator: " OR ")
            let message = "\(target) 的行仍被采分记录或记账引用，不能删除、改号或清空"
            sql += refusal("\(target)_referenced", after: "DELETE ON \(target) REFERENCING OLD TABLE AS o",
                           when: "EXISTS (SELECT 1 FROM o WHERE \(named))", message: message)
                + refusal("\(target)_rekeyed", after: "UPDATE ON \(target) REFERENCING OLD TABLE AS o NEW TABLE AS k",
                          when: "EXISTS (SELECT 1 FROM o WHERE NOT EXISTS (SELECT 1 FROM k WHERE k.id = o.id) AND (\(named)))", message: message)
                + refusal("\(target)_truncated", after: "TRUNCATE ON \(target)",
                          when: Set(references.map { "EXISTS (SELECT 1 FROM \($0.table))" }).sorted().joined(separator: " OR "), message: message)
        }
        return sql
    }

    /// The parent's reference check on a partition, which sees inserts made straight into it.
    static func referenceTrigger(onPartition partition: String, of table: String) -> String {
        !referencesChecked.contains { $0.table == table } ? "" : "\nCREATE OR REPLACE TRIGGER \(table)_references AFTER INSERT ON \(partition)"
            + " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION \(table)_references();"
    }

    /// The references checked per statement: from a partitioned table to one that is not.
    static var referencesChecked: [CardSchema.Reference] {
        CardSchema.referencesAcrossPartitions.filter { CardSchema.table(named: $0.target)?.isPartitionedBySemester != true }
    }

    /// The triggers ``referencesPerStatement`` makes (`czk check` finds any missing or disabled).
    static var referenceTriggers: [String] {
        Set(referencesChecked.map { "\($0.table)_references" }).sorted()
            + Set(referencesChecked.map(\.target)).sorted().flatMap { ["\($0)_referenced", "\($0)_rekeyed", "\($0)_truncated"] }
    }

    /// A statement trigger (`after`: its event, table and transition tables) that runs `first`,
    /// then raises foreign_key_violation when `condition` holds.
    private static func refusal(_ name: String, after event: String, first: String = "", when condition: String, message: String) -> String {
        """
        CREATE OR REPLACE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
          BEGIN
            \(first)
            IF \(condition) THEN
              RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = '\(message)';
            END IF;
            RETURN NULL;
          END $$;
        CREATE OR REPLACE TRIGGER \(name) AFTER \(event) FOR EACH STATEMENT EXECUTE FUNCTION \(name)();\n
        """
    }

    /// Tables added to the description after a college was made (a new college has them from
    /// its first step): created when missing, with their indexes and append-only triggers.
    static func createTables(_ names: Set<String>) -> String {
        let tables = CardSchema.tables.filter { names.contains($0.name) }
        return tables.map { createTable($0).replacingOccurrences(of: "CREATE TABLE ", with: "CREATE TABLE IF NOT EXISTS ") }.joined()
            + CardSchema.indexes.filter { names.contains($0.table) }.map { createIndex($0, ifNotExists: true) }.joined()
            + tables.flatMap(appendOnlyTriggers).map { $0.replacingOccurrences(of: "CREATE TRIGGER ", with: "CREATE OR REPLACE TRIGGER ") + "\n" }.joined()
    }

    static var createCollege: String {
        CardSchema.tables.map(createTable).joined(separator: "\n")
            + CardSchema.indexes.map { createIndex($0) }.joined()
            + """
            CREATE INDEX record_supersedes ON record(supersedesId) WHERE supersedesId IS NOT NULL;
            CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN RAISE EXCEPTION 'append-only: %', TG_ARGV[0]; END $$;
            -- A record may only be marked superseded, once; nothing else of it changes.
            CREATE FUNCTION record_only_supersede() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN
                IF (to_jsonb(NEW) - 'issuperseded') IS DISTINCT FROM (to_jsonb(OLD) - 'issuperseded')
                   OR OLD.isSuperseded <> 0 OR NEW.isSuperseded <> 1 THEN
                  RAISE EXCEPTION 'append-only: record';
                END IF;
                RETURN NEW;
              END $$;

            """
            + CardSchema.tables.flatMap(appendOnlyTriggers).joined(separator: "\n")
    }

    /// Colleges made before the schema description: its index names (SQLite's), and the
    /// indexes of references SQLite always had.
    static var indexesAsOnSQLite: String {
        let renamed = [
            ("student_schoolClassId", "student_on_schoolClassId"), ("assignment_staffId", "assignment_on_staffId"),
            ("loginFailure_personCode", "loginFailure_on_personCode"),
            ("groupEvent_studentId", "groupEvent_on_studentId"), ("warningEvent_warningId", "warningEvent_on_warningId"),
        ]
        return renamed.map { "ALTER INDEX IF EXISTS \($0.0) RENAME TO \($0.1);\n" }.joined()
            + CardSchema.indexes.filter { !addedLater.contains($0.table) && !addedForAPI.contains($0.table) }.map { createIndex($0, ifNotExists: true) }.joined()
    }

    /// Tables a later step creates (with their indexes): an older college has none of them yet
    /// when the steps before run.
    static let addedLater: Set<String> = ["notification", "notifyChannel", "notifyPreference", "delivery"]
    /// Tables of the integration API (issue 26), created by their own later step.
    static let addedForAPI: Set<String> = ["systemToken", "apiRequest"]

    static func createTable(_ table: CardSchema.Table) -> String {
        let partitioned = table.isPartitionedBySemester
        var lines = table.columns.map { column -> String in
            var line = "\(column.name) "
            switch column.type {
            case .key where partitioned: line += "bigint NOT NULL DEFAULT nextval('\(table.name)_id_seq')"
            case .key: line += "bigserial PRIMARY KEY"
            default:
                line += CardSchema.ColumnTypes.postgres.name(column.type)
                if column.name == table.primaryKey { line += " PRIMARY KEY" } else if column.isRequired { line += " NOT NULL" }
            }
            if partitioned, column.name == "semesterId" { line += " COLLATE \"C\"" }
            if column.isUnique { line += " UNIQUE" }
            if let value = column.defaultValue { line += " DEFAULT \(value)" }
            // References across partitions are no foreign keys (see ``referencesPerStatement``).
            if let target = column.references, !CardSchema.referencesAcrossPartitions.contains(where: { $0.table == table.name && $0.column == column.name }) {
                line += " REFERENCES \(target)(id)"
            }
            return line
        }
        lines += table.uniques.map { "UNIQUE (\($0.joined(separator: ", ")))" }
        lines += table.checks.map { "CHECK (\($0))" }
        if partitioned { lines.append("PRIMARY KEY (id, semesterId)") }
        let body = "CREATE TABLE \(table.name) (\n  " + lines.joined(separator: ",\n  ") + ")"
        guard partitioned else { return body + ";\n" }
        return """
            CREATE SEQUENCE \(table.name)_id_seq;
            \(body) PARTITION BY RANGE (semesterId);
            CREATE TABLE \(table.name)_other PARTITION OF \(table.name) DEFAULT;

            """
    }

    /// A partitioned table's unique index holds the partition key too.
    static func createIndex(_ index: CardSchema.Index, ifNotExists: Bool = false) -> String {
        let partitioned = CardSchema.table(named: index.table)?.isPartitionedBySemester == true
        return index.sql(ifNotExists: ifNotExists, extraColumns: partitioned && index.isUnique ? ["semesterId"] : []) + ";\n"
    }

    static func appendOnlyTriggers(_ table: CardSchema.Table) -> [String] {
        table.appendOnlyTriggers.map { trigger in
            let (event, function) = switch trigger {
            case _ where trigger.hasSuffix("_no_update"): ("UPDATE", "refuse_change('\(table.name)')")
            case _ where trigger.hasSuffix("_only_supersede"): ("UPDATE", "record_only_supersede()")
            default: ("DELETE", "refuse_change('\(table.name)')")
            }
            return "CREATE TRIGGER \(trigger) BEFORE \(event) ON \(table.name) FOR EACH ROW EXECUTE FUNCTION \(function);"
        }
    }

    /// The partitions of `record` and `ledgerEntry` for one academic year (`2025-2026`).
    static func partitions(forYear year: String) -> String? {
        guard year.count == 9, let first = Int(year.prefix(4)) else { return nil }
        let suffix = "y\(first)"
        return CardSchema.tables.filter(\.isPartitionedBySemester).map { table in
            """
            CREATE TABLE IF NOT EXISTS \(table.name)_\(suffix) PARTITION OF \(table.name)
              FOR VALUES FROM ('\(first)-\(first + 1)') TO ('\(first)-\(first + 2)');
            """ + referenceTrigger(onPartition: "\(table.name)_\(suffix)", of: table.name)
        }.joined(separator: "\n")
    }
}
