import Dispatch
import Logging
import NIOPosix
import PostgresNIO
import Synchronization

/// Named prepared statements on one connection: a SQL text the session sends again is parsed and
/// planned by the server once per connection, not on every call (measured: parsing and planning
/// unnamed statements was most of the server's CPU under the portal's load).
///
/// postgres-nio prepares a statement by the static name and text of a `PostgresPreparedStatement`
/// type, from async code only. The name and text are handed to it in a task-local, and the
/// synchronous session waits for the answer; the task runs on `StatementExecutor`, never on the
/// cooperative pool, whose few threads may all be blocked in a synchronous caller.
struct PreparedStatements {
    /// Statements prepared per connection at most: SQL built with a list of `?` of varying length
    /// makes new texts, and beyond this they go unnamed, as before.
    static let atMost = 400

    /// A statement with more parameters than this (a batch of rows, a long IN list) is sent
    /// unnamed: its text seldom comes back with the same length, its execution outweighs its
    /// planning, and preparing it would cost a round trip of its own (measured: an import of
    /// 319,401 records took 34 % longer with every batch prepared).
    static let parametersAtMost = 64

    /// Off (`prepared=off` in the URL): nothing is prepared.
    var isEnabled = true
    private var names: [String: String] = [:]
    private var seenOnce: Set<String> = []
    private var made = 0

    /// The name to execute `sql` under with parameters of these types (one letter each), or nil
    /// to send it unnamed: a query or change is prepared the second time it is sent; transaction
    /// control, settings and DDL never are.
    mutating func name(for sql: String, types: String) -> String? {
        guard isEnabled, types.utf8.count <= Self.parametersAtMost, Self.isPlannable(sql), !Self.hasParameterList(sql) else { return nil }
        let key = sql + "\u{1}" + types
        if let name = names[key] { return name }
        guard names.count < Self.atMost else { return nil }
        guard seenOnce.remove(key) != nil else {
            // Texts seen once are forgotten together when there are many (one-off batches), so
            // that a text which becomes frequent later is still prepared.
            if seenOnce.count >= Self.atMost * 4 { seenOnce.removeAll(keepingCapacity: true) }
            seenOnce.insert(key)
            return nil
        }
        made += 1
        let name = "czk_\(made)"
        names[key] = name
        return name
    }

    /// After a failure that spoils it: the next use prepares the text anew, under a new name
    /// (postgres-nio keeps the old one's failure).
    mutating func forget(_ sql: String, types: String) {
        names[sql + "\u{1}" + types] = nil
    }

    /// Whether a failure leaves the prepared statement unusable (postgres-nio keeps a failed
    /// preparation under its name; a plan may no longer fit after a migration): a syntax or
    /// schema error (class 42), a feature or plan change (0A), a statement name or transaction
    /// state problem (26, 25P02), an internal error, or no server answer at all. A duplicate key,
    /// a deadlock or a refused change leave it as good as it was.
    static func failureSpoilsStatement(_ state: String?) -> Bool {
        guard let state else { return true }
        return ["42", "0A", "26", "XX"].contains { state.hasPrefix($0) } || state == "25P02"
    }

    /// Whether `sql` matches against a list of at least ``listAtLeast`` parameters (`IN ($1,$2…)`:
    /// a batch's students). Such a statement is sent unnamed, planned for its values: once a
    /// prepared statement has run five times the server may keep a generic plan, which cannot
    /// see how few rows forty students' codes select, and scans a whole year's partition instead
    /// of each student's index range (measured: 155 ms a call against 1.2 ms planned each time;
    /// an import of 319,401 records 57 s against 31 s). A short list (a card's semesters) stays
    /// prepared: planning over the partitions costs ~2 ms, and one student's card doubled in time.
    static func hasParameterList(_ sql: String) -> Bool {
        sql.contains(/IN \(\s*(\?|\$[0-9]+)(\s*,\s*(\?|\$[0-9]+)){7,}/)
    }

    /// See ``hasParameterList(_:)``.
    static let listAtLeast = 8

    /// SELECT, WITH, INSERT, UPDATE or DELETE: what the server plans.
    static func isPlannable(_ sql: String) -> Bool {
        ["SELECT", "WITH", "INSERT", "UPDATE", "DELETE"].contains(firstWord(sql))
    }

    /// The statement's first word, in capitals (after spaces and opening parentheses).
    static func firstWord(_ sql: String) -> String {
        sql.drop { $0.isWhitespace || $0 == "(" }.prefix { $0.isLetter }.uppercased()
    }
}

/// The name and text of the statement being executed (read by postgres-nio through the static
/// requirements of `RowsStatement`).
enum StatementText {
    @TaskLocal static var current = (name: "", sql: "")
}

/// Any prepared statement of the session, its rows as they come.
struct RowsStatement: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static var name: String { StatementText.current.name }
    static var sql: String { StatementText.current.sql }
    let bindings: PostgresBindings
    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// Runs the tasks that talk to postgres-nio: a task starts at once on the thread that starts it
/// (which then only waits for it); what resumes it from an event loop runs on that event loop, in
/// its next turn (no thread switch: measured +15 % pages/s). The tasks never block: they only
/// send, collect rows and signal the waiting caller, who is never on an event loop.
final class StatementExecutor: TaskExecutor {
    static let shared = StatementExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        if let loop = MultiThreadedEventLoopGroup.currentEventLoop {
            loop.execute { job.runSynchronously(on: executor) }
        } else {
            job.runSynchronously(on: executor)
        }
    }
}

extension PostgresConnection {
    /// Executes a named prepared statement (preparing it first if this connection has not) and
    /// waits for its rows.
    func executePrepared(name: String, sql: String, bindings: PostgresBindings, logger: Logger) throws -> [PostgresRow] {
        // Waiting here on an event loop would wait for that loop itself.
        precondition(MultiThreadedEventLoopGroup.currentEventLoop == nil, "a PostgreSQL statement waited on an event loop")
        let answer = Mutex<Result<[PostgresRow], any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: StatementExecutor.shared) {
            let result: Result<[PostgresRow], any Error>
            do {
                result = .success(try await StatementText.$current.withValue((name, sql)) {
                    var rows: [PostgresRow] = []
                    for try await row in try await self.execute(RowsStatement(bindings: bindings), logger: logger) {
                        rows.append(row)
                    }
                    return rows
                })
            } catch {
                result = .failure(error)
            }
            answer.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try answer.withLock { $0! }.get()
    }
}
