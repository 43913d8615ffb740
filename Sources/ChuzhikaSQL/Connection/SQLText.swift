import Foundation

/// What the connections need to know of a SQL text, without a parser: its placeholders, its
/// statements, its first word. Engine-neutral; PostgreSQL's connection uses them to number
/// placeholders and to decide what to prepare.
public enum SQLText {
    /// Splits a script at `;` ending a line, outside `$$` bodies; drops comment lines.
    public static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("--") { continue }
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, line.hasSuffix(";") {
                statements.append(current)
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { statements.append(current) }
        return statements
    }

    /// `?` → `$1`, `$2` … outside quoted text, quoted identifiers and comments; an empty list
    /// `IN ()`, which SQLite accepts and PostgreSQL does not, becomes `IN (NULL)` (no row matches
    /// either).
    public static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: Character?
        var previous: Character = " "
        var inComment = false
        for character in sql {
            if inComment {
                if character == "\n" { inComment = false }
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "-" && previous == "-" {
                inComment = true
            } else if character == "?" {
                n += 1
                out += "$\(n)"
                previous = character
                continue
            }
            out.append(character)
            previous = character
        }
        return out.replacingOccurrences(of: "IN ()", with: "IN (NULL)")
    }

    /// An INSERT, UPDATE or DELETE without RETURNING, whose last line is not a comment (so that
    /// ` RETURNING 1` can end it).
    public static func changesRowsOnly(_ sql: String) -> Bool {
        guard ["INSERT", "UPDATE", "DELETE"].contains(firstWord(sql)) else { return false }
        let lastLine = sql.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) } ?? ""
        return sql.range(of: "RETURNING", options: .caseInsensitive) == nil && !lastLine.contains("--")
    }

    public static func returningOnePerRow(_ sql: String) -> String {
        var text = sql
        while let last = text.last, last.isWhitespace || last == ";" { text.removeLast() }
        return text + " RETURNING 1"
    }

    /// Whether `sql` matches against a list of at least ``listAtLeast`` parameters (`IN ($1,$2…)`:
    /// a batch's students). Such a statement is sent unnamed, planned for its values: once a
    /// prepared statement has run five times the server may keep a generic plan, which cannot
    /// see how few rows forty students' codes select, and scans a whole year's partition instead
    /// of each student's index range (measured: 155 ms a call against 1.2 ms planned each time;
    /// an import of 319,401 records 57 s against 31 s). A short list (a card's semesters) stays
    /// prepared: planning over the partitions costs ~2 ms, and one student's card doubled in time.
    /// (Any long list goes unnamed, not only students': a card over 8 or more semesters, evidence
    /// over 8 or more points pay that planning too.)
    public static func hasParameterList(_ sql: String) -> Bool {
        sql.contains(parameterList)
    }

    /// See ``hasParameterList(_:)``; also a statement with fewer parameters has no such list.
    public static let listAtLeast = 8

    /// `IN (` then at least ``listAtLeast`` placeholders (`?` or `$n`), in any case and spacing.
    nonisolated(unsafe) private static let parameterList = try! Regex(
        #"(?i)\bIN\s*\(\s*(\?|\$[0-9]+)(\s*,\s*(\?|\$[0-9]+)){"# + "\(listAtLeast - 1)" + ",}")

    /// SELECT, WITH, INSERT, UPDATE or DELETE: what the server plans.
    public static func isPlannable(_ sql: String) -> Bool {
        ["SELECT", "WITH", "INSERT", "UPDATE", "DELETE"].contains(firstWord(sql))
    }

    /// The statement's first word, in capitals (after spaces and opening parentheses).
    public static func firstWord(_ sql: String) -> String {
        sql.drop { $0.isWhitespace || $0 == "(" }.prefix { $0.isLetter }.uppercased()
    }
}
