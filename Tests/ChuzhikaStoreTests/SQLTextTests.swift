import ChuzhikaSQL
import Testing

/// The `?` → `$n` numbering the PostgreSQL adapter applies to the session's SQL (`SQLText`): pure
/// text, so tested without a server.
struct PlaceholderNumberingTests {
    @Test func placeholdersAreNumberedInOrder() {
        #expect(SQLText.numbered("SELECT ? , ?, ?") == "SELECT $1 , $2, $3")
        #expect(SQLText.numbered("INSERT INTO t VALUES (?,?),(?,?)") == "INSERT INTO t VALUES ($1,$2),($3,$4)")
    }

    @Test func aQuestionMarkInQuotesOrACommentIsText() {
        #expect(SQLText.numbered("SELECT '?', ? FROM t WHERE x = 'a?b'") == "SELECT '?', $1 FROM t WHERE x = 'a?b'")
        #expect(SQLText.numbered("SELECT \"odd?name\", ?") == "SELECT \"odd?name\", $1")
        #expect(SQLText.numbered("SELECT ? -- why?\nFROM t WHERE a = ?") == "SELECT $1 -- why?\nFROM t WHERE a = $2")
        #expect(SQLText.numbered("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', $1")
    }

    @Test func anEmptyInListMatchesNothingInsteadOfFailing() {
        #expect(SQLText.numbered("SELECT id FROM t WHERE code IN ()") == "SELECT id FROM t WHERE code IN (NULL)")
    }

    @Test func scriptsSplitAtStatementEndsOutsideFunctionBodies() {
        let statements = SQLText.statements("""
            CREATE TABLE a (x int);
            -- a comment;
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN RAISE EXCEPTION 'no'; END $$;
            CREATE TABLE b (y int);
            """)
        #expect(statements.count == 3)
        #expect(statements[1].contains("RAISE EXCEPTION 'no'; END $$;"))
        #expect(!statements.joined().contains("a comment"))
    }
}

/// Which statements PostgreSQL plans for their values: those matching against a long list of
/// parameters, however the list is written.
struct ParameterListTests {
    @Test func aLongListIsFoundInAnySpellingAndAShortOneIsNot() {
        let eight = Array(repeating: "?", count: SQLText.listAtLeast)
        #expect(SQLText.hasParameterList("SELECT 1 FROM t WHERE a IN (\(eight.joined(separator: ",")))"))
        #expect(SQLText.hasParameterList("SELECT 1 FROM t WHERE a in(\n  \(eight.joined(separator: ",\n  "))\n)"))
        let numbered = (1...SQLText.listAtLeast).map { "$\($0)" }.joined(separator: ", ")
        #expect(SQLText.hasParameterList("SELECT 1 FROM t WHERE a IN (\(numbered))"))
        let seven = Array(repeating: "?", count: SQLText.listAtLeast - 1).joined(separator: ",")
        #expect(!SQLText.hasParameterList("SELECT 1 FROM t WHERE a IN (\(seven)) AND b = ?"))
        #expect(!SQLText.hasParameterList("SELECT 1 FROM t WHERE kind IN ('a','b','c','d','e','f','g','h') AND x = ?"))
        #expect(!SQLText.hasParameterList("INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?)"), "a row of values is no list")
        #expect(!SQLText.hasParameterList("SELECT 1 FROM login WHERE a = ? AND b = ? AND c = ? AND d = ? AND e = ? AND f = ? AND g = ? AND h = ?"))
    }
}
