extension CardSchema {
    /// One column naming a row of another table (by its `id`).
    public struct Reference: Sendable, Hashable {
        public let table: String
        public let column: String
        public let target: String
    }

    /// The references a partitioned table takes part in. PostgreSQL declares no foreign key for
    /// them: to a partitioned table it cannot, and from one a foreign key's check of each row
    /// was half of an import's insert time. They are checked otherwise — those from a
    /// partitioned table per statement as rows are inserted, all of them by `czk check`.
    public static var referencesAcrossPartitions: [Reference] {
        tables.flatMap { table in
            table.columns.compactMap { column -> Reference? in
                guard let target = column.references,
                      table.isPartitionedBySemester || self.table(named: target)?.isPartitionedBySemester == true
                else { return nil }
                return Reference(table: table.name, column: column.name, target: target)
            }
        }
    }

    /// Rows that name a row that does not exist through ``referencesAcrossPartitions`` (at most
    /// 200 a reference), one line each: what an engine without foreign keys for them checks.
    public static func orphans(in db: any SQLConnection) throws -> [String] {
        try referencesAcrossPartitions.flatMap { reference in
            let (table, column, target) = (reference.table, reference.column, reference.target)
            return try Int64.fetchAll(db, sql: """
                SELECT t.\(column) FROM \(table) t
                WHERE t.\(column) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \(target) r WHERE r.id = t.\(column))
                LIMIT 200
                """).map { "\(table).\(column) 指向不存在的 \(target) \($0)" }
        }
    }
}
