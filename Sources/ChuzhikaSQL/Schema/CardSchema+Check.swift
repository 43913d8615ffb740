/// What an engine reports it holds, in the words of ``CardSchema``: to compare with the description.
public struct ObservedSchema: Sendable {
    public struct Column: Sendable {
        public let name: String
        /// The type as the engine reports it (`INTEGER`, `double precision` …).
        public let type: String
        public let isRequired: Bool

        public init(name: String, type: String, isRequired: Bool) {
            self.name = name
            self.type = type
            self.isRequired = isRequired
        }
    }

    public struct Index: Sendable {
        public let name: String
        public let table: String
        public let columns: [String]
        public let isUnique: Bool
        public let isPartial: Bool

        public init(name: String, table: String, columns: [String], isUnique: Bool, isPartial: Bool) {
            self.name = name
            self.table = table
            self.columns = columns
            self.isUnique = isUnique
            self.isPartial = isPartial
        }
    }

    /// Each table's columns in order, by lower-cased table name.
    public var columns: [String: [Column]]
    public var indexes: [Index]
    /// Trigger names, lower-cased.
    public var triggers: Set<String>

    public init(columns: [String: [Column]], indexes: [Index], triggers: Set<String>) {
        self.columns = columns
        self.indexes = indexes
        self.triggers = triggers
    }
}

extension CardSchema.Table {
    /// The triggers that keep this table append-only (`ledgerEntry`'s are named `ledger_…`).
    public var appendOnlyTriggers: [String] {
        let prefix = name == "ledgerEntry" ? "ledger" : name
        switch appendOnly {
        case nil: return []
        case .frozen: return ["\(prefix)_no_update", "\(prefix)_no_delete"]
        case .undeletable: return ["\(prefix)_no_delete"]
        case .supersedeOnly: return ["\(prefix)_no_delete", "\(prefix)_only_supersede"]
        }
    }
}

extension CardSchema {
    /// Where an engine's schema is not the description, one line each (empty when it is). Extra
    /// indexes are not differences: an engine may need its own (PostgreSQL's partitions do).
    public static func differences(from observed: ObservedSchema, types: ColumnTypes) -> [String] {
        var found: [String] = []
        for table in tables {
            guard let columns = observed.columns[table.name.lowercased()] else {
                found.append("表结构：缺少表 \(table.name)")
                continue
            }
            let byName = Dictionary(columns.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
            for column in table.columns {
                guard let seen = byName[column.name.lowercased()] else {
                    found.append("表结构：\(table.name) 缺少列 \(column.name)")
                    continue
                }
                let expected = types.name(column.type)
                if seen.type.lowercased() != expected.lowercased() {
                    found.append("表结构：\(table.name).\(column.name) 的类型是 \(seen.type)，应为 \(expected)")
                }
                // Primary keys are NOT NULL by nature; SQLite does not report them so.
                let isKey = column.type == .key || column.name == table.primaryKey
                if !isKey, seen.isRequired != column.isRequired {
                    found.append("表结构：\(table.name).\(column.name) \(column.isRequired ? "应为必填（NOT NULL）" : "应允许为空")")
                }
            }
            let described = Set(table.columns.map { $0.name.lowercased() })
            for column in columns where !described.contains(column.name.lowercased()) {
                found.append("表结构：\(table.name) 多出列 \(column.name)")
            }
            for trigger in table.appendOnlyTriggers where !observed.triggers.contains(trigger.lowercased()) {
                found.append("表结构：\(table.name) 缺少只增不改的触发器 \(trigger)")
            }
        }
        let seenIndexes = Dictionary(observed.indexes.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        for index in indexes {
            guard let seen = seenIndexes[index.name.lowercased()] else {
                found.append("表结构：缺少索引 \(index.name)（\(index.table)：\(index.columns.joined(separator: ", "))）")
                continue
            }
            let leading = seen.columns.prefix(index.columns.count).map { $0.lowercased() }
            if seen.table.lowercased() != index.table.lowercased() || leading != index.columns.map({ $0.lowercased() })
                || seen.isUnique != index.isUnique || seen.isPartial != (index.condition != nil) {
                found.append("表结构：索引 \(index.name) 与说明不符（应为 \(index.sql())）")
            }
        }
        return found
    }
}
