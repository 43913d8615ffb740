import ChuzhikaCore
import ChuzhikaStore

extension SQLSession {
    /// Balances and live values of every point of many subjects, a few hundred subjects a
    /// statement: each subject's rows through its account index (the ordered join, as the
    /// evidence reads do), whatever the size of the ledger and record tables.
    ///
    /// With `points`, only those points' rows are read: a sheet of one or two points does not
    /// carry every other point of its students back from the server.
    public func postingReads(_ subjects: [Subject], semesters: [SemesterID], points: [PointID]?) throws -> PostingReads {
        var reads = PostingReads()
        guard !subjects.isEmpty, !semesters.isEmpty else { return reads }
        let semesterList = Self.placeholders(semesters.count)
        var only = SQLArguments(semesters.map(\.rawValue))
        var pointCount = 0
        if let points {
            let ids = try Set(points).compactMap { try existingRowID($0) }.sorted()
            guard !ids.isEmpty else { return reads }
            pointCount = ids.count
            only += SQLArguments(ids)
        }
        /// The points' condition on the ledger or record table called `table`.
        func onlyPoints(_ table: String) -> String {
            pointCount == 0 ? "" : " AND \(table).scoringPointId IN (\(Self.placeholders(pointCount)))"
        }
        for (kind, table) in [(Scope.individual, "student"), (Scope.class, "schoolClass")] {
            let codes = Array(Set(subjects.filter { $0.scope == kind }.map(\.code))).sorted()
            let make: (String) -> Subject = kind == .individual
                ? { .student(StudentID(rawValue: $0)) } : { .schoolClass(ClassID(rawValue: $0)) }
            let subjectKind = kind == .individual ? 0 : 1
            for range in dialect.chunks(codes.count, columns: 1, cap: 500) {
                let chunk = Array(codes[range])
                let arguments = only + SQLArguments(chunk)   // the join's semesters and points, then the codes
                let balances = """
                    SELECT s.code, p.code, l.semesterId, l.creditKey, SUM(l.points)
                    FROM \(table) s \(dialect.orderedJoin("ledgerEntry", as: "l", on: """
                        l.subjectKind = \(subjectKind) AND l.subjectId = s.id AND l.semesterId IN (\(semesterList))\(onlyPoints("l"))
                        """))
                    JOIN scoringPoint p ON p.id = l.scoringPointId
                    WHERE s.code IN (\(Self.placeholders(chunk.count)))
                    GROUP BY s.code, p.code, l.semesterId, l.creditKey
                    """
                try db.query(db.cachedStatement(sql: balances).sql, arguments.values) { row in
                    let key = PostingKey(subject: make(try row[0]), point: PointID(rawValue: try row[1]),
                                         semester: SemesterID(rawValue: try row[2]))
                    reads.balances[key, default: [:]][try row[3] as String] = Points(hundredths: try row[4])
                }
                let values = """
                    SELECT s.code, p.code, r.semesterId, r.id, r.valueText, r.valueNumber, r.date
                    FROM \(table) s \(dialect.orderedJoin("record", as: "r", on: """
                        r.subjectKind = \(subjectKind) AND r.subjectId = s.id AND r.semesterId IN (\(semesterList))\(onlyPoints("r"))
                          AND r.isSuperseded = 0
                        """))
                    JOIN scoringPoint p ON p.id = r.scoringPointId
                    WHERE s.code IN (\(Self.placeholders(chunk.count)))
                    """
                try db.query(db.cachedStatement(sql: values).sql, arguments.values) { row in
                    let key = PostingKey(subject: make(try row[0]), point: PointID(rawValue: try row[1]),
                                         semester: SemesterID(rawValue: try row[2]))
                    reads.values[key, default: []].append(
                        (RecordID(rawValue: try row[3]), Self.value(text: try row[4], number: try row[5]),
                         LocalDate(try row[6] as String) ?? LocalDate(dayNumber: 0)))
                }
            }
        }
        // Oldest first, as `liveValues` answers one key.
        for key in reads.values.keys { reads.values[key]!.sort { $0.id.rawValue < $1.id.rawValue } }
        return reads
    }
}
