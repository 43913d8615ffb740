import ChuzhikaSQL
@_spi(Testing) import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// One schema description (`CardSchema`) for both engines: SQLite's migrations arrive at it,
/// PostgreSQL renders it, and `czk check` names where a database has drifted from it.
@Suite struct SchemaDescriptionTests {
    @Test func aNewCollegeHoldsExactlyTheDescribedSchema() throws {
        let store = try TestStores.fresh()
        let problems = try store.read { try $0.engineProblems() }
        #expect(problems == [])
    }

    /// `czk migrate` copies every described table (the notification tables were once left out:
    /// a copied college lost its channels and its outbox).
    @Test func migrationCopiesEveryDescribedTable() {
        #expect(Set(CollegeTables.all.map(\.name)) == Set(CardSchema.tables.map(\.name)))
    }

    @Test func aDroppedIndexAndAnAddedColumnAreNamedByTheCheck() throws {
        let store = try TestStores.fresh()
        try store.write { session in
            try session.executeForTesting("DROP INDEX warning_active")
            try session.executeForTesting("ALTER TABLE student ADD COLUMN nickname TEXT")
        }
        let problems = try store.read { try $0.engineProblems() }
        #expect(problems.contains { $0.contains("缺少索引 warning_active") && $0.contains("studentId, ruleId") })
        #expect(problems.contains { $0.contains("student 多出列 nickname") })
        #expect(problems.count == 2)
    }

    @Test func aTypeOrNullabilityNotAsDescribedIsNamedWithBoth() {
        var observed = described(types: .sqlite)
        observed.columns["student"] = observed.columns["student"]!.map { column in
            switch column.name {
            case "name": ObservedSchema.Column(name: "name", type: "BLOB", isRequired: true)
            case "endedOn": ObservedSchema.Column(name: "endedOn", type: "TEXT", isRequired: true)
            default: column
            }
        }
        observed.triggers.remove("audit_no_delete")
        let problems = CardSchema.differences(from: observed, types: .sqlite)
        #expect(problems.sorted() == [
            "表结构：audit 缺少只增不改的触发器 audit_no_delete",
            "表结构：student.endedOn 应允许为空",
            "表结构：student.name 的类型是 BLOB，应为 TEXT",
        ])
    }

    @Test func aPartitionedTablesUniqueIndexHoldsItsPartitionKeyAndStillMatches() {
        var observed = described(types: .postgres)
        observed.indexes = observed.indexes.map { index in
            guard index.name == "record_live" else { return index }
            return ObservedSchema.Index(name: index.name, table: index.table, columns: index.columns + ["semesterId"],
                                        isUnique: true, isPartial: true)
        }
        #expect(CardSchema.differences(from: observed, types: .postgres) == [])
        observed.indexes = observed.indexes.map { index in
            guard index.name == "record_live" else { return index }
            return ObservedSchema.Index(name: index.name, table: index.table, columns: index.columns, isUnique: false, isPartial: true)
        }
        let problems = CardSchema.differences(from: observed, types: .postgres)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("索引 record_live 与说明不符") == true)
    }

    /// What an engine would report for exactly the description.
    func described(types: CardSchema.ColumnTypes) -> ObservedSchema {
        ObservedSchema(
            columns: Dictionary(uniqueKeysWithValues: CardSchema.tables.map { table in
                (table.name.lowercased(), table.columns.map { ObservedSchema.Column(name: $0.name, type: types.name($0.type), isRequired: $0.isRequired) })
            }),
            indexes: CardSchema.indexes.map {
                ObservedSchema.Index(name: $0.name, table: $0.table, columns: $0.columns, isUnique: $0.isUnique, isPartial: $0.condition != nil)
            },
            triggers: Set(CardSchema.tables.flatMap(\.appendOnlyTriggers).map { $0.lowercased() }))
    }
}
