import ChuzhikaCore
import ChuzhikaSQL
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// A batch written in a few multi-row statements (on PostgreSQL a few column arrays, 5,000 rows
/// a statement) reads back exactly as given, on the engine the tests run on: NULLs, Chinese
/// text, fractions and labels; a slot already taken, by an earlier record or an earlier row of
/// the same batch (in the same statement or the one before), is refused for that row only.
@Suite struct BulkInsertTests {
    static let semester = SemesterID(rawValue: "2025-2026-1")
    static let students = ["S11", "S12", "S13", "S21", "S22", "S23"]

    static func record(_ row: Int, period: Int? = nil, semester: SemesterID = semester) -> Record {
        Record(
            subject: .student(StudentID(rawValue: students[row % students.count])), point: PointID(rawValue: "personal.counseling"),
            periodKey: "p\(period ?? row)", semester: semester,
            value: row % 7 == 0 ? RecordValue(number: 3, label: "良好") : RecordValue(number: Double(row) / 4),
            date: LocalDate("2025-12-01")!, session: row % 3 == 0 ? nil : row % 5,
            course: row % 4 == 0 ? CourseID(rawValue: "K") : nil, recordedBy: StaffID(rawValue: row % 2 == 0 ? "F1" : "K1"),
            recordedAt: "2025-12-01T08:00:00Z", source: .sheet(file: "心理.csv", row: row + 2),
            note: row % 2 == 0 ? nil : row % 10 == 5 ? "" : "备注 ✓ \(row)")
    }

    @Test func aBatchOfSixThousandRowsReadsBackAsGivenAndTakenSlotsAreRefusedRowByRow() throws {
        let db = try TestStores.fresh()
        // Rows 10 and 5,600 repeat row 4's slot (its student, point and period; other values), in
        // the same statement and in the next; row 5,999's slot was recorded before the batch.
        // Row 6 has row 0's student, point and period in another semester, in the same statement:
        // a slot of its own where the engine's live index holds the semester (PostgreSQL's), taken
        // where not — either way, written with its id or refused without one.
        let earlier = Self.record(5_999 + Self.students.count, period: 5_999)
        var batch = (0..<6_001).map { Self.record($0) }
        batch[10] = Self.record(10, period: 4)
        batch[5_600] = Self.record(5_602, period: 4)
        batch[6] = Self.record(6, period: 0, semester: SemesterID(rawValue: "2025-2026-2"))
        let ids = try db.write { session in
            try session.insert(TestSchool.roster)
            try session.insert(TestSchool.calendar)
            _ = try session.insert(earlier)
            return try session.insertIfFree(batch)
        }
        #expect(ids.count == batch.count)
        #expect(ids[0] != nil && ids[4] != nil)
        #expect(ids[10] == nil, "the slot row 4 took in the same statement")
        #expect(ids[5_600] == nil, "the slot row 4 took in the statement before")
        #expect(ids[5_999] == nil, "the slot recorded before the batch")
        let given = ids.compactMap { $0 }
        #expect(given.count >= batch.count - 4 && Set(given).count == given.count)
        // Every row written has its id, and no id was given for a row not written.
        let stored = try db.read { try $0.dump(CollegeTables.all.first { $0.name == "record" }!, after: nil, limit: 10_000) }
        #expect(stored.rows.count == given.count + 1, "the batch's rows and the one recorded before")
        try db.read { session in
            for row in [0, 1, 4, 5, 7, 4_999, 5_000, 5_001, 6_000] + (ids[6] == nil ? [] : [6]) {
                var expected = batch[row]
                expected.id = ids[row]
                let read = try session.record(ids[row]!)
                #expect(read == expected, "row \(row)")
            }
        }
    }

    @Test func ledgerEntriesAcrossStatementsAddUpWithTheirNulls() throws {
        let db = try TestStores.fresh()
        let subject = Subject.student(StudentID(rawValue: "S11"))
        let point = PointID(rawValue: "personal.counseling")
        let entries = (0..<12_001).map { (i: Int) -> LedgerEntry in
            let by: StaffID? = i % 5 == 0 ? nil : StaffID(rawValue: "F1")
            let kind: LedgerEntry.Kind = i % 2 == 0 ? .credit : .reversal
            return LedgerEntry(subject: subject, point: point, domain: .personal, semester: Self.semester, key: "k\(i % 3)",
                               points: Points(hundredths: i % 11 - 5), kind: kind, record: nil,
                               ruleVersion: "t.1", reason: kind == .credit ? "录入" : "规则变更", createdBy: by)
        }
        try db.write { session in
            try session.insert(TestSchool.roster)
            try session.insert(TestSchool.calendar)
            try session.append(entries, at: "2025-12-01T08:00:00Z")
        }
        // Row by row, in the order given (ids ascend): kind, reason, points, key and who.
        let stored = try db.read { try $0.dump(CollegeTables.all.first { $0.name == "ledgerEntry" }!, after: nil, limit: 20_000) }
        #expect(stored.rows.count == entries.count)
        func column(_ name: String) -> Int { stored.columns.firstIndex(of: name.lowercased())! }
        for (entry, row) in zip(entries, stored.rows) {
            guard row[column("kind")] == .text(entry.kind.rawValue), row[column("reason")] == .text(entry.reason),
                  row[column("points")] == .integer(Int64(entry.points.hundredths)), row[column("creditKey")] == .text(entry.key),
                  row[column("createdBy")] == (entry.createdBy.map { .text($0.rawValue) } ?? .null), row[column("recordId")] == .null
            else {
                Issue.record("entry \(entry) stored as \(row)")
                break
            }
        }
        var expected: [String: Points] = [:]
        for entry in entries { expected[entry.key, default: .zero] = expected[entry.key, default: .zero] + entry.points }
        #expect(try db.read { try $0.balances(subject, point, semester: Self.semester) } == expected)
    }
}

/// How each engine is given a batch's rows (no server needed).
@Suite struct InsertChunksTests {
    let columns = ["subjectKind", "subjectId", "scoringPointId", "semesterId", "domain", "creditKey", "points",
                   "kind", "recordId", "ruleVersion", "reason", "createdAt", "createdBy"]

    func values(rows: Int) -> [SQLValue] {
        (0..<rows).flatMap { i -> [SQLValue] in
            [.integer(0), .integer(Int64(i)), .integer(3), .text("2025-2026-1"), .text("personal"), .text("k"), .integer(-5),
             .text("credit"), i % 2 == 0 ? .null : .integer(Int64(i)), .text("t.1"), .text("录入"), .text("2025-12-01"), .null]
        }
    }

    @Test func postgreSQLTakesFiveThousandRowsAStatementAsOneArrayPerColumn() {
        let chunks = SQLDialect.postgres.insertChunks(into: "ledgerEntry", columns: columns, values: values(rows: 12_001))
        #expect(chunks.map(\.rows) == [0..<5_000, 5_000..<10_000, 10_000..<12_001])
        #expect(Set(chunks.map(\.sql)).count == 1, "one text, prepared once, whatever the rows")
        #expect(chunks[0].sql.contains("SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[]"))
        #expect(chunks.allSatisfy { $0.arguments.count == columns.count })
        guard case .array(.integers(let records)) = chunks[2].arguments[8], case .array(.texts(let by)) = chunks[2].arguments[12] else {
            Issue.record("recordId is a bigint array and createdBy a text array")
            return
        }
        #expect(records.count == 2_001)
        #expect(records[0] == nil && records[1] == 10_001, "NULLs stay in their rows")
        #expect(by.allSatisfy { $0 == nil })
    }

    @Test func aValueOfAnotherTypeOrAnUnknownTableGoesAsTuples() {
        var odd = values(rows: 3)
        odd[1] = .text("not a number")
        let mixed = SQLDialect.postgres.insertChunks(into: "ledgerEntry", columns: columns, values: odd)
        #expect(mixed.map(\.rows) == [0..<2, 2..<3], "tuples, as many rows a statement as SQLite's chunks")
        #expect(mixed.allSatisfy { $0.sql.contains(" VALUES (?,") } && mixed.flatMap(\.arguments) == odd)
        let unknown = SQLDialect.postgres.insertChunks(into: "elsewhere", columns: ["a"], values: [.integer(1), .integer(2)])
        #expect(unknown.map(\.sql) == ["INSERT INTO elsewhere(a) VALUES (?),(?)"])
        // An integer in a real column is a real.
        let real = SQLDialect.postgres.insertChunks(into: "courseResult", columns: ["gradeMark"], values: [.integer(85), .null])
        #expect(real.first?.arguments == [.array(.reals([85, nil]))])
    }

    @Test func sqliteTakesTuplesWithinItsParameterLimit() {
        let chunks = SQLDialect.sqlite.insertChunks(into: "ledgerEntry", columns: columns, values: values(rows: 2_600))
        #expect(chunks.map(\.rows.count) == [1_000, 1_000, 512, 64, 16, 8])
        #expect(chunks.allSatisfy { $0.sql.hasPrefix("INSERT INTO ledgerEntry(subjectKind, subjectId,") && !$0.sql.contains("unnest") })
        #expect(chunks.flatMap(\.arguments) == values(rows: 2_600))
    }
}
