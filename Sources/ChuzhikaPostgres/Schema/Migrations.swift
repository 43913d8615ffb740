/// The PostgreSQL schema of one college, in its own schema (`search_path`), migrated forward
/// only; each step is recorded in `migration`. The same tables and columns as on SQLite (names
/// fold to lower case), with what PostgreSQL does differently:
///
/// - `record` and `ledgerEntry` are partitioned by academic year (`semesterId` ranges
///   `'2025-2026'` … `'2025-2027'`), a partition made when a semester of that year is saved,
///   and a default partition for anything else. Their keys include `semesterId`, so other
///   tables cannot declare a foreign key to them; `czk check` verifies those references.
/// - Booleans are integers 0 and 1, as SQLite stores them, so that every query reads the same.
/// - Append-only is enforced by triggers that raise `append-only: TABLE`, as on SQLite.
enum Migrations {
    static let steps: [(name: String, sql: String)] = [("createCollege", createCollege)]

    static let createCollege = """
        CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE department (id bigserial PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL);
        CREATE TABLE major (
          id bigserial PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL,
          departmentId bigint NOT NULL REFERENCES department(id));
        CREATE TABLE schoolClass (
          id bigserial PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL,
          majorId bigint NOT NULL REFERENCES major(id), cohort bigint NOT NULL, programYears bigint NOT NULL);
        CREATE TABLE student (
          id bigserial PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL,
          schoolClassId bigint NOT NULL REFERENCES schoolClass(id), endedOn text, endReason text);
        CREATE INDEX student_schoolClassId ON student(schoolClassId);
        CREATE TABLE course (id bigserial PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL);
        CREATE TABLE staff (
          id bigserial PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL,
          isAdmin bigint NOT NULL DEFAULT 0, endedOn text);
        CREATE TABLE assignment (
          id bigserial PRIMARY KEY, staffId bigint NOT NULL REFERENCES staff(id), role text NOT NULL,
          schoolClassId bigint REFERENCES schoolClass(id), courseId bigint REFERENCES course(id),
          departmentId bigint REFERENCES department(id), majorId bigint REFERENCES major(id),
          startedOn text, endedOn text);
        CREATE INDEX assignment_staffId ON assignment(staffId);
        CREATE TABLE semester (
          id text PRIMARY KEY, academicYear text NOT NULL, ordinal bigint NOT NULL, startDate text NOT NULL,
          endDate text NOT NULL, teachingStart text NOT NULL, teachingWeeks bigint NOT NULL);
        CREATE TABLE ruleSet (
          id bigserial PRIMARY KEY, version text NOT NULL, appliesFrom text, files text NOT NULL,
          appliedAt text NOT NULL, appliedBy text NOT NULL);
        CREATE TABLE scoringPoint (id bigserial PRIMARY KEY, code text NOT NULL UNIQUE);

        CREATE SEQUENCE record_id_seq;
        CREATE TABLE record (
          id bigint NOT NULL DEFAULT nextval('record_id_seq'),
          subjectKind bigint NOT NULL, subjectId bigint NOT NULL,
          scoringPointId bigint NOT NULL REFERENCES scoringPoint(id),
          periodKey text NOT NULL, semesterId text NOT NULL COLLATE "C", valueText text NOT NULL,
          valueNumber double precision NOT NULL, date text NOT NULL, session bigint,
          courseId bigint REFERENCES course(id), recordedBy bigint NOT NULL REFERENCES staff(id),
          recordedAt text NOT NULL, source text NOT NULL, note text, supersedesId bigint, reason text,
          isSuperseded bigint NOT NULL DEFAULT 0,
          CHECK (supersedesId IS NULL OR reason IS NOT NULL),
          PRIMARY KEY (id, semesterId)
        ) PARTITION BY RANGE (semesterId);
        CREATE TABLE record_other PARTITION OF record DEFAULT;
        -- One live record per subject, point and period: the database enforces it, not the app.
        CREATE UNIQUE INDEX record_live ON record(subjectKind, subjectId, scoringPointId, periodKey, semesterId)
          WHERE isSuperseded = 0;
        CREATE INDEX record_account ON record(subjectKind, subjectId, semesterId, scoringPointId);
        CREATE INDEX record_due ON record(scoringPointId, periodKey);
        CREATE INDEX record_id ON record(id);
        CREATE INDEX record_supersedes ON record(supersedesId) WHERE supersedesId IS NOT NULL;

        CREATE SEQUENCE ledgerEntry_id_seq;
        CREATE TABLE ledgerEntry (
          id bigint NOT NULL DEFAULT nextval('ledgerEntry_id_seq'),
          subjectKind bigint NOT NULL, subjectId bigint NOT NULL,
          scoringPointId bigint NOT NULL REFERENCES scoringPoint(id),
          semesterId text NOT NULL COLLATE "C", domain text NOT NULL, creditKey text NOT NULL, points bigint NOT NULL,
          kind text NOT NULL, recordId bigint, ruleVersion text NOT NULL, reason text NOT NULL,
          createdAt text NOT NULL, createdBy text,
          PRIMARY KEY (id, semesterId)
        ) PARTITION BY RANGE (semesterId);
        CREATE TABLE ledgerEntry_other PARTITION OF ledgerEntry DEFAULT;
        CREATE INDEX ledger_account ON ledgerEntry(subjectKind, subjectId, semesterId, scoringPointId, creditKey);
        CREATE INDEX ledger_record ON ledgerEntry(recordId) WHERE recordId IS NOT NULL;

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
        CREATE TRIGGER record_no_delete BEFORE DELETE ON record FOR EACH ROW EXECUTE FUNCTION refuse_change('record');
        CREATE TRIGGER record_only_supersede BEFORE UPDATE ON record FOR EACH ROW EXECUTE FUNCTION record_only_supersede();
        CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledgerEntry FOR EACH ROW EXECUTE FUNCTION refuse_change('ledgerEntry');
        CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledgerEntry FOR EACH ROW EXECUTE FUNCTION refuse_change('ledgerEntry');

        CREATE TABLE rosterChange (
          id bigserial PRIMARY KEY, kind text NOT NULL, action text NOT NULL, code text NOT NULL, detail text NOT NULL,
          source text NOT NULL, changedBy text NOT NULL, changedAt text NOT NULL);

        CREATE TABLE login (
          personCode text PRIMARY KEY, personKind text NOT NULL, passwordHash text NOT NULL,
          isDisabled bigint NOT NULL DEFAULT 0, lockedUntil bigint, lastSuccessAt bigint);
        CREATE TABLE loginFailure (id bigserial PRIMARY KEY, personCode text NOT NULL, at bigint NOT NULL);
        CREATE INDEX loginFailure_personCode ON loginFailure(personCode);
        CREATE TABLE session (
          tokenHash text PRIMARY KEY, personCode text NOT NULL, personKind text NOT NULL, createdAt bigint NOT NULL,
          expiresAt bigint NOT NULL, revokedAt bigint, actingAdmin text);
        CREATE TABLE audit (
          id bigserial PRIMARY KEY, at text NOT NULL, actor text NOT NULL, actingAs text, action text NOT NULL,
          subject text NOT NULL, outcome text NOT NULL, detail text NOT NULL);
        CREATE INDEX audit_subject ON audit(subject);
        CREATE INDEX audit_actor ON audit(actor);
        CREATE TABLE appeal (
          id bigserial PRIMARY KEY, recordId bigint NOT NULL, studentCode text NOT NULL, reason text NOT NULL,
          openedAt text NOT NULL);
        CREATE TABLE appealAnswer (
          appealId bigint PRIMARY KEY REFERENCES appeal(id), outcome text NOT NULL, reason text NOT NULL,
          answeredBy text NOT NULL, answeredAt text NOT NULL, correctionId bigint);

        CREATE TABLE courseResult (
          id bigserial PRIMARY KEY, studentId bigint NOT NULL REFERENCES student(id), course text NOT NULL,
          credits double precision NOT NULL, gradeText text NOT NULL, gradeMark double precision, sitting text NOT NULL,
          semesterId text NOT NULL, importedBy text NOT NULL, importedAt text NOT NULL, source text NOT NULL,
          UNIQUE (studentId, course, semesterId, sitting));
        CREATE TABLE groupEvent (
          id bigserial PRIMARY KEY, studentId bigint NOT NULL REFERENCES student(id), groupName text NOT NULL,
          action text NOT NULL, reason text NOT NULL, effectiveOn text NOT NULL, changedBy text NOT NULL,
          changedAt text NOT NULL);
        CREATE INDEX groupEvent_studentId ON groupEvent(studentId);

        CREATE TABLE warning (
          id bigserial PRIMARY KEY, studentId bigint REFERENCES student(id), schoolClassId bigint REFERENCES schoolClass(id),
          ruleId text NOT NULL, category text NOT NULL, level text NOT NULL, status text NOT NULL, episode bigint NOT NULL,
          previousId bigint REFERENCES warning(id), openedOn text NOT NULL, evidence text NOT NULL,
          condition text NOT NULL, isNoData bigint NOT NULL,
          CHECK ((studentId IS NULL) <> (schoolClassId IS NULL)));
        CREATE INDEX warning_on_student ON warning(studentId);
        CREATE INDEX warning_on_class ON warning(schoolClassId);
        CREATE UNIQUE INDEX warning_active ON warning(studentId, ruleId)
          WHERE studentId IS NOT NULL AND status IN ('open', 'acknowledged', 'followUp');
        CREATE UNIQUE INDEX warning_active_class ON warning(schoolClassId, ruleId)
          WHERE schoolClassId IS NOT NULL AND status IN ('open', 'acknowledged', 'followUp');
        CREATE INDEX warning_status ON warning(status, category);
        CREATE TABLE warningEvent (
          id bigserial PRIMARY KEY, warningId bigint NOT NULL REFERENCES warning(id), kind text NOT NULL,
          level text NOT NULL, detail text NOT NULL, byPerson text NOT NULL, at text NOT NULL);
        CREATE INDEX warningEvent_warningId ON warningEvent(warningId);

        CREATE TRIGGER rosterChange_no_update BEFORE UPDATE ON rosterChange FOR EACH ROW EXECUTE FUNCTION refuse_change('rosterChange');
        CREATE TRIGGER rosterChange_no_delete BEFORE DELETE ON rosterChange FOR EACH ROW EXECUTE FUNCTION refuse_change('rosterChange');
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION refuse_change('audit');
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION refuse_change('audit');
        CREATE TRIGGER appeal_no_update BEFORE UPDATE ON appeal FOR EACH ROW EXECUTE FUNCTION refuse_change('appeal');
        CREATE TRIGGER appeal_no_delete BEFORE DELETE ON appeal FOR EACH ROW EXECUTE FUNCTION refuse_change('appeal');
        CREATE TRIGGER appealAnswer_no_update BEFORE UPDATE ON appealAnswer FOR EACH ROW EXECUTE FUNCTION refuse_change('appealAnswer');
        CREATE TRIGGER appealAnswer_no_delete BEFORE DELETE ON appealAnswer FOR EACH ROW EXECUTE FUNCTION refuse_change('appealAnswer');
        CREATE TRIGGER courseResult_no_update BEFORE UPDATE ON courseResult FOR EACH ROW EXECUTE FUNCTION refuse_change('courseResult');
        CREATE TRIGGER courseResult_no_delete BEFORE DELETE ON courseResult FOR EACH ROW EXECUTE FUNCTION refuse_change('courseResult');
        CREATE TRIGGER groupEvent_no_update BEFORE UPDATE ON groupEvent FOR EACH ROW EXECUTE FUNCTION refuse_change('groupEvent');
        CREATE TRIGGER groupEvent_no_delete BEFORE DELETE ON groupEvent FOR EACH ROW EXECUTE FUNCTION refuse_change('groupEvent');
        CREATE TRIGGER warningEvent_no_update BEFORE UPDATE ON warningEvent FOR EACH ROW EXECUTE FUNCTION refuse_change('warningEvent');
        CREATE TRIGGER warningEvent_no_delete BEFORE DELETE ON warningEvent FOR EACH ROW EXECUTE FUNCTION refuse_change('warningEvent');
        CREATE TRIGGER warning_no_delete BEFORE DELETE ON warning FOR EACH ROW EXECUTE FUNCTION refuse_change('warning');
        """

    /// The partitions of `record` and `ledgerEntry` for one academic year (`2025-2026`).
    static func partitions(forYear year: String) -> String? {
        guard year.count == 9, let first = Int(year.prefix(4)) else { return nil }
        let suffix = "y\(first)"
        return ["record", "ledgerEntry"].map { table in
            """
            CREATE TABLE IF NOT EXISTS \(table)_\(suffix) PARTITION OF \(table)
              FOR VALUES FROM ('\(first)-\(first + 1)') TO ('\(first)-\(first + 2)');
            """
        }.joined(separator: "\n")
    }
}
