import GRDB

/// The ordered list of schema migrations. Migrations only run forward and are never edited once merged.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("createRosterAndCalendar", migrate: createRosterAndCalendar)
        migrator.registerMigration("createRulesRecordsAndLedger", migrate: createRulesRecordsAndLedger)
        migrator.registerMigration("makeRecordsAndLedgerAppendOnly", migrate: makeAppendOnly)
        migrator.registerMigration("dateRosterChanges", migrate: dateRosterChanges)
        migrator.registerMigration("createLoginsSessionsAuditAndAppeals", migrate: createLoginsSessionsAuditAndAppeals)
        migrator.registerMigration("createCourseResultsAndGroupRegister", migrate: createCourseResultsAndGroupRegister)
        migrator.registerMigration("createWarnings", migrate: createWarnings)
        migrator.registerMigration("warnClassesToo", migrate: warnClassesToo)
        migrator.registerMigration("createNotifications", migrate: createNotifications)
        migrator.registerMigration("notifyRecordingOverdue", migrate: notifyRecordingOverdue)
        migrator.registerMigration("createSystemTokens", migrate: createSystemTokens)
        migrator.registerMigration("dropRecordDue", migrate: dropRecordDue)
        return migrator
    }

    static func createRosterAndCalendar(_ db: Database) throws {
        try db.create(table: "meta") { t in
            t.primaryKey("key", .text)
            t.column("value", .text).notNull()
        }
        try db.create(table: "department") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("code", .text).notNull().unique()
            t.column("name", .text).notNull()
        }
        try db.create(table: "major") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("code", .text).notNull().unique()
            t.column("name", .text).notNull()
            t.belongsTo("department").notNull()
        }
        try db.create(table: "schoolClass") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("code", .text).notNull().unique()
            t.column("name", .text).notNull()
            t.belongsTo("major").notNull()
            t.column("cohort", .integer).notNull()
            t.column("programYears", .integer).notNull()
        }
        try db.create(table: "student") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("code", .text).notNull().unique()
            t.column("name", .text).notNull()
            t.belongsTo("schoolClass").notNull()
        }
        try db.create(table: "course") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("code", .text).notNull().unique()
            t.column("name", .text).notNull()
        }
        try db.create(table: "staff") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("code", .text).notNull().unique()
            t.column("name", .text).notNull()
            t.column("isAdmin", .boolean).notNull().defaults(to: false)
        }
        try db.create(table: "assignment") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("staff").notNull()
            t.column("role", .text).notNull()
            t.belongsTo("schoolClass")
            t.belongsTo("course")
            t.belongsTo("department")
            t.belongsTo("major")
        }
        try db.create(table: "semester") { t in
            t.primaryKey("id", .text)
            t.column("academicYear", .text).notNull()
            t.column("ordinal", .integer).notNull()
            t.column("startDate", .text).notNull()
            t.column("endDate", .text).notNull()
            t.column("teachingStart", .text).notNull()
            t.column("teachingWeeks", .integer).notNull()
        }
    }

    static func createRulesRecordsAndLedger(_ db: Database) throws {
        try db.create(table: "ruleSet") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("version", .text).notNull()
            t.column("appliesFrom", .text)
            t.column("files", .jsonText).notNull()
            t.column("appliedAt", .text).notNull()
            t.column("appliedBy", .text).notNull()
        }
        try db.create(table: "scoringPoint") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("code", .text).notNull().unique()
        }
        try db.create(table: "record") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("subjectKind", .integer).notNull()  // 0 student, 1 class
            t.column("subjectId", .integer).notNull()
            t.belongsTo("scoringPoint", indexed: false).notNull()
            t.column("periodKey", .text).notNull()
            t.column("semesterId", .text).notNull()
            t.column("valueText", .text).notNull()
            t.column("valueNumber", .double).notNull()
            t.column("date", .text).notNull()
            t.column("session", .integer)
            t.belongsTo("course", indexed: false)
            t.column("recordedBy", .integer).notNull().references("staff")
            t.column("recordedAt", .text).notNull()
            t.column("source", .text).notNull()
            t.column("note", .text)
            t.column("supersedesId", .integer).references("record")
            t.column("reason", .text)
            t.column("isSuperseded", .boolean).notNull().defaults(to: false)
            t.check(sql: "supersedesId IS NULL OR reason IS NOT NULL")
        }
        // One live record per subject, point and period: SQLite enforces it, not the app.
        try db.execute(sql: """
            CREATE UNIQUE INDEX record_live ON record(subjectKind, subjectId, scoringPointId, periodKey)
              WHERE isSuperseded = 0;
            CREATE INDEX record_account ON record(subjectKind, subjectId, semesterId, scoringPointId);
            CREATE INDEX record_due ON record(scoringPointId, periodKey);
            """)
        try db.create(table: "ledgerEntry") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("subjectKind", .integer).notNull()
            t.column("subjectId", .integer).notNull()
            t.belongsTo("scoringPoint", indexed: false).notNull()
            t.column("semesterId", .text).notNull()
            t.column("domain", .text).notNull()
            t.column("creditKey", .text).notNull()
            t.column("points", .integer).notNull()  // hundredths
            t.column("kind", .text).notNull()
            t.column("recordId", .integer).references("record")
            t.column("ruleVersion", .text).notNull()
            t.column("reason", .text).notNull()
            t.column("createdAt", .text).notNull()
            t.column("createdBy", .text)
        }
        try db.execute(sql: """
            CREATE INDEX ledger_account ON ledgerEntry(subjectKind, subjectId, semesterId, scoringPointId, creditKey);
            CREATE INDEX ledger_record ON ledgerEntry(recordId) WHERE recordId IS NOT NULL;
            """)
    }

    static func makeAppendOnly(_ db: Database) throws {
        let fixed = [
            "id", "subjectKind", "subjectId", "scoringPointId", "periodKey", "semesterId", "valueText",
            "valueNumber", "date", "session", "courseId", "recordedBy", "recordedAt", "source", "note",
            "supersedesId", "reason",
        ]
        let changed = fixed.map { "NEW.\($0) IS NOT OLD.\($0)" }.joined(separator: " OR ")
        try db.execute(sql: """
            CREATE TRIGGER record_no_delete BEFORE DELETE ON record
              BEGIN SELECT RAISE(ABORT, 'append-only: record'); END;
            CREATE TRIGGER record_only_supersede BEFORE UPDATE ON record
              WHEN \(changed) OR OLD.isSuperseded <> 0 OR NEW.isSuperseded <> 1
              BEGIN SELECT RAISE(ABORT, 'append-only: record'); END;
            CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledgerEntry
              BEGIN SELECT RAISE(ABORT, 'append-only: ledgerEntry'); END;
            CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledgerEntry
              BEGIN SELECT RAISE(ABORT, 'append-only: ledgerEntry'); END;
            """)
    }

    /// Triggers that refuse any update or delete of `tables`: "trust SQLite more than yourself".
    static func refuseChanges(_ db: Database, to tables: [String], allowUpdates: Bool = false) throws {
        for table in tables {
            if !allowUpdates {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                      BEGIN SELECT RAISE(ABORT, 'append-only: \(table)'); END;
                    """)
            }
            try db.execute(sql: """
                CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                  BEGIN SELECT RAISE(ABORT, 'append-only: \(table)'); END;
                """)
        }
    }

    /// Students leave and change class, teachers change assignments: each with a date, never a
    /// deletion, and every roster change is kept in an append-only trail.
    static func dateRosterChanges(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE student ADD COLUMN endedOn TEXT;
            ALTER TABLE student ADD COLUMN endReason TEXT;
            ALTER TABLE staff ADD COLUMN endedOn TEXT;
            ALTER TABLE assignment ADD COLUMN startedOn TEXT;
            ALTER TABLE assignment ADD COLUMN endedOn TEXT;
            """)
        try db.create(table: "rosterChange") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("kind", .text).notNull()
            t.column("action", .text).notNull()
            t.column("code", .text).notNull()
            t.column("detail", .text).notNull()
            t.column("source", .text).notNull()
            t.column("changedBy", .text).notNull()
            t.column("changedAt", .text).notNull()
        }
        try refuseChanges(db, to: ["rosterChange"])
    }

    /// Logins (password hashes only), sessions (token hashes only), the append-only audit trail,
    /// and appeals (申诉) with their one answer each.
    static func createLoginsSessionsAuditAndAppeals(_ db: Database) throws {
        try db.create(table: "login") { t in
            t.primaryKey("personCode", .text)
            t.column("personKind", .text).notNull()  // staff, student
            t.column("passwordHash", .text).notNull()
            t.column("isDisabled", .boolean).notNull().defaults(to: false)
            t.column("lockedUntil", .integer)
            t.column("lastSuccessAt", .integer)
        }
        try db.create(table: "loginFailure") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("personCode", .text).notNull().indexed()
            t.column("at", .integer).notNull()
        }
        try db.create(table: "session") { t in
            t.primaryKey("tokenHash", .text)
            t.column("personCode", .text).notNull()
            t.column("personKind", .text).notNull()
            t.column("createdAt", .integer).notNull()
            t.column("expiresAt", .integer).notNull()
            t.column("revokedAt", .integer)
            t.column("actingAdmin", .text)
        }
        try db.create(table: "audit") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("at", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("actingAs", .text)
            t.column("action", .text).notNull()
            t.column("subject", .text).notNull()
            t.column("outcome", .text).notNull()
            t.column("detail", .text).notNull()
        }
        try db.execute(sql: "CREATE INDEX audit_subject ON audit(subject); CREATE INDEX audit_actor ON audit(actor)")
        try db.create(table: "appeal") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("recordId", .integer).notNull().references("record")
            t.column("studentCode", .text).notNull()
            t.column("reason", .text).notNull()
            t.column("openedAt", .text).notNull()
        }
        try db.create(table: "appealAnswer") { t in
            t.primaryKey("appealId", .integer).references("appeal")
            t.column("outcome", .text).notNull()  // corrected, rejected
            t.column("reason", .text).notNull()
            t.column("answeredBy", .text).notNull()
            t.column("answeredAt", .text).notNull()
            t.column("correctionId", .integer).references("record")
        }
        try refuseChanges(db, to: ["audit", "appeal", "appealAnswer"])
    }

    /// Course results from the 教务 system, and the special-group register (经济困难, 心理关注 …):
    /// both append-only, the register as dated add and end events.
    static func createCourseResultsAndGroupRegister(_ db: Database) throws {
        try db.create(table: "courseResult") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("student").notNull()
            t.column("course", .text).notNull()
            t.column("credits", .double).notNull()
            t.column("gradeText", .text).notNull()
            t.column("gradeMark", .double)
            t.column("sitting", .text).notNull()
            t.column("semesterId", .text).notNull()
            t.column("importedBy", .text).notNull()
            t.column("importedAt", .text).notNull()
            t.column("source", .text).notNull()
            t.uniqueKey(["studentId", "course", "semesterId", "sitting"])
        }
        try db.create(table: "groupEvent") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("student").notNull()
            t.column("groupName", .text).notNull()
            t.column("action", .text).notNull()  // add, end
            t.column("reason", .text).notNull()
            t.column("effectiveOn", .text).notNull()
            t.column("changedBy", .text).notNull()
            t.column("changedAt", .text).notNull()
        }
        try refuseChanges(db, to: ["courseResult", "groupEvent"])
    }

    /// Warnings (预警) with their current state, one active per student and rule, and their
    /// append-only history: opened, escalated, acknowledged, notes, resolved, closed.
    static func createWarnings(_ db: Database) throws {
        try db.create(table: "warning") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("student").notNull()
            t.column("ruleId", .text).notNull()
            t.column("category", .text).notNull()
            t.column("level", .text).notNull()
            t.column("status", .text).notNull()
            t.column("episode", .integer).notNull()
            t.column("previousId", .integer).references("warning")
            t.column("openedOn", .text).notNull()
            t.column("evidence", .text).notNull()
            t.column("condition", .text).notNull()
            t.column("isNoData", .boolean).notNull()
        }
        try db.execute(sql: """
            CREATE UNIQUE INDEX warning_active ON warning(studentId, ruleId)
              WHERE status IN ('open', 'acknowledged', 'followUp');
            CREATE INDEX warning_status ON warning(status, category);
            """)
        try db.create(table: "warningEvent") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("warning").notNull()
            t.column("kind", .text).notNull()
            t.column("level", .text).notNull()
            t.column("detail", .text).notNull()
            t.column("byPerson", .text).notNull()
            t.column("at", .text).notNull()
        }
        try refuseChanges(db, to: ["warningEvent"])
        try refuseChanges(db, to: ["warning"], allowUpdates: true)
    }

    /// A warning is about a student or about a class (违纪学生比率, 学业未合格比率): exactly one.
    /// SQLite cannot relax NOT NULL in place, so the table is rebuilt with its rows and ids.
    static func warnClassesToo(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE warning_new (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              studentId INTEGER REFERENCES student(id),
              schoolClassId INTEGER REFERENCES schoolClass(id),
              ruleId TEXT NOT NULL,
              category TEXT NOT NULL,
              level TEXT NOT NULL,
              status TEXT NOT NULL,
              episode INTEGER NOT NULL,
              previousId INTEGER REFERENCES warning(id),
              openedOn TEXT NOT NULL,
              evidence TEXT NOT NULL,
              condition TEXT NOT NULL,
              isNoData BOOLEAN NOT NULL,
              CHECK ((studentId IS NULL) <> (schoolClassId IS NULL))
            );
            INSERT INTO warning_new(id, studentId, schoolClassId, ruleId, category, level, status, episode, previousId,
              openedOn, evidence, condition, isNoData)
              SELECT id, studentId, NULL, ruleId, category, level, status, episode, previousId, openedOn, evidence,
                condition, isNoData FROM warning;
            DROP TABLE warning;
            ALTER TABLE warning_new RENAME TO warning;
            CREATE INDEX warning_on_student ON warning(studentId);
            CREATE INDEX warning_on_class ON warning(schoolClassId);
            CREATE UNIQUE INDEX warning_active ON warning(studentId, ruleId)
              WHERE studentId IS NOT NULL AND status IN ('open', 'acknowledged', 'followUp');
            CREATE UNIQUE INDEX warning_active_class ON warning(schoolClassId, ruleId)
              WHERE schoolClassId IS NOT NULL AND status IN ('open', 'acknowledged', 'followUp');
            CREATE INDEX warning_status ON warning(status, category);
            """)
        try refuseChanges(db, to: ["warning"], allowUpdates: true)
    }

    /// The outbox, each staff member's channels and preference, and every delivery (issue 25).
    static func createNotifications(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE notification (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              eventKey TEXT NOT NULL UNIQUE,
              kind TEXT NOT NULL,
              warningId INTEGER NOT NULL REFERENCES warning(id),
              ruleId TEXT NOT NULL,
              category TEXT NOT NULL,
              level TEXT NOT NULL,
              subject TEXT NOT NULL,
              createdAt TEXT NOT NULL
            );
            CREATE TABLE notifyChannel (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              staffCode TEXT NOT NULL,
              format TEXT NOT NULL,
              target TEXT NOT NULL,
              secret TEXT,
              isGroup BOOLEAN NOT NULL DEFAULT 0,
              addedBy TEXT NOT NULL,
              addedAt TEXT NOT NULL,
              removedBy TEXT,
              removedAt TEXT
            );
            CREATE INDEX notifyChannel_on_staffCode ON notifyChannel(staffCode);
            CREATE TABLE notifyPreference (
              staffCode TEXT PRIMARY KEY,
              immediate TEXT NOT NULL,
              digestAt TEXT NOT NULL,
              setBy TEXT NOT NULL,
              setAt TEXT NOT NULL
            );
            CREATE TABLE delivery (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              notificationId INTEGER NOT NULL REFERENCES notification(id),
              channelId INTEGER NOT NULL REFERENCES notifyChannel(id),
              status TEXT NOT NULL,
              attempts INTEGER NOT NULL,
              dueAt INTEGER NOT NULL,
              isDigest BOOLEAN NOT NULL DEFAULT 0,
              lastError TEXT,
              sentAt TEXT,
              UNIQUE (notificationId, channelId)
            );
            CREATE INDEX delivery_due ON delivery(status, dueAt);
            """)
        try refuseChanges(db, to: ["notification"])
        try refuseChanges(db, to: ["notifyChannel", "delivery"], allowUpdates: true)
    }

    /// What a teacher owes past its due day goes into the outbox too: an event names either a
    /// warning or a recipient. SQLite cannot relax NOT NULL in place, so the table is rebuilt
    /// (its rows kept, ids and all; foreign keys are checked when the migration ends).
    static func notifyRecordingOverdue(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE notification_new (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              eventKey TEXT NOT NULL UNIQUE,
              kind TEXT NOT NULL,
              warningId INTEGER REFERENCES warning(id),
              ruleId TEXT NOT NULL,
              category TEXT,
              level TEXT,
              subject TEXT NOT NULL,
              createdAt TEXT NOT NULL,
              recipient TEXT,
              detail TEXT,
              CHECK ((warningId IS NULL) <> (recipient IS NULL))
            );
            INSERT INTO notification_new(id, eventKey, kind, warningId, ruleId, category, level, subject, createdAt)
              SELECT id, eventKey, kind, warningId, ruleId, category, level, subject, createdAt FROM notification;
            DROP TABLE notification;
            ALTER TABLE notification_new RENAME TO notification;
            """)
        try refuseChanges(db, to: ["notification"])
    }

    /// The integration API's tokens (hashes only) and the answers to idempotent batches (issue 26).
    static func createSystemTokens(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE systemToken (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL,
              tokenHash TEXT NOT NULL UNIQUE,
              scopes TEXT NOT NULL,
              reachKind TEXT NOT NULL,
              reachCode TEXT,
              expiresOn TEXT,
              createdBy TEXT NOT NULL,
              createdAt TEXT NOT NULL,
              revokedBy TEXT,
              revokedAt TEXT
            );
            CREATE TABLE apiRequest (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              tokenId INTEGER NOT NULL REFERENCES systemToken(id),
              idempotencyKey TEXT NOT NULL,
              requestHash TEXT NOT NULL,
              status INTEGER NOT NULL,
              response TEXT NOT NULL,
              at TEXT NOT NULL,
              UNIQUE (tokenId, idempotencyKey)
            );
            """)
        try refuseChanges(db, to: ["systemToken", "apiRequest"], allowUpdates: true)
    }

    /// `record_due` served no query (see ``CardSchema/indexes``); it cost every insert an index.
    static func dropRecordDue(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX IF EXISTS record_due")
    }
}
