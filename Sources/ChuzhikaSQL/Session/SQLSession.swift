import ChuzhikaCore
import ChuzhikaStore

/// The card's SQL, written once for both engines: ``CardSession`` over one ``SQLConnection``
/// inside a transaction or a read.
///
/// Only valid inside the closure of a store's `write(_:)` or `read(_:)`. Grouped by concern in
/// `SQLSession+….swift` files; where the engines' SQL differs it asks ``SQLConnection/dialect``.
public final class SQLSession: CardSession {
    let db: any SQLConnection
    var dialect: SQLDialect { db.dialect }
    var subjectIDs: [Subject: Int64] = [:]
    var pointIDs: [PointID: Int64] = [:]
    /// Whether ``pointIDs`` holds every point the session could see when it was read.
    var pointsLoaded = false
    var staffIDs: [StaffID: Int64] = [:]
    var courseIDs: [CourseID: Int64] = [:]
    /// Each major's department, as read with a class (a major never changes department).
    var departmentOfMajor: [MajorID: DepartmentID] = [:]

    public init(_ db: any SQLConnection) { self.db = db }

    // MARK: - Meta

    public func meta(_ key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [key])
    }

    public func setMeta(_ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", arguments: [key, value])
    }

    /// Whether the database holds anything at all (students, staff or records): EXISTS, not
    /// COUNT(*), since a college's record table holds millions of rows.
    public func isEmpty() throws -> Bool {
        try !(Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM student) OR EXISTS (SELECT 1 FROM staff) OR EXISTS (SELECT 1 FROM record)
            """) ?? false)
    }

    // MARK: - Row ids

    func rowID(_ subject: Subject) throws -> Int64 {
        if let id = subjectIDs[subject] { return id }
        let (table, kind) = subject.scope == .individual ? ("student", "学生") : ("schoolClass", "班级")
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM \(table) WHERE code = ?"), arguments: [subject.code]) else {
            throw StoreError.unknown(kind: kind, code: subject.code)
        }
        subjectIDs[subject] = id
        return id
    }

    func rowID(_ staff: StaffID) throws -> Int64 {
        try cachedRowID(staff, in: \.staffIDs, table: "staff", code: staff.rawValue, kind: "教职工")
    }

    func rowID(_ course: CourseID) throws -> Int64 {
        try cachedRowID(course, in: \.courseIDs, table: "course", code: course.rawValue, kind: "课程")
    }

    private func cachedRowID<Key: Hashable>(
        _ key: Key, in cache: ReferenceWritableKeyPath<SQLSession, [Key: Int64]>, table: String, code: String,
        kind: String
    ) throws -> Int64 {
        if let id = self[keyPath: cache][key] { return id }
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM \(table) WHERE code = ?"), arguments: [code]) else {
            throw StoreError.unknown(kind: kind, code: code)
        }
        self[keyPath: cache][key] = id
        return id
    }

    /// A point's row id, or nil when no record or entry has used the point yet. The first
    /// lookup reads the whole (small) table, so that a page asking about forty points, most never
    /// recorded, asks once, not forty times (a round trip each on PostgreSQL). Taking the posting
    /// lock forgets what was missing: a point another writer added meanwhile is found then.
    func existingRowID(_ point: PointID) throws -> Int64? {
        if let id = pointIDs[point] { return id }
        guard !pointsLoaded else { return nil }
        _ = try rows(db.cachedStatement(sql: "SELECT id, code FROM scoringPoint")) { row in
            pointIDs[PointID(rawValue: try row[1])] = try row[0] as Int64
        }
        pointsLoaded = true
        return pointIDs[point]
    }

    /// The row id of a point, creating the row the first time a point is written.
    func rowID(_ point: PointID) throws -> Int64 {
        if let id = try existingRowID(point) { return id }
        // Two writers may record a new point at once: the second waits for the first's row,
        // then finds it (a plain INSERT would fail the second's whole transaction).
        let id = try Int64.fetchOne(db, sql: "INSERT INTO scoringPoint(code) VALUES (?) ON CONFLICT (code) DO NOTHING RETURNING id",
                                    arguments: [point.rawValue])
        let found = try id ?? Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM scoringPoint WHERE code = ?"), arguments: [point.rawValue])
        guard let id = found else { throw StoreError.unknown(kind: "采分点", code: point.rawValue) }
        pointIDs[point] = id
        return id
    }

    static func subjectKind(_ subject: Subject) -> Int { subject.scope == .individual ? 0 : 1 }
}
