import Dispatch
import Logging
import NIOPosix
import ChuzhikaSQL
import PostgresNIO
import Synchronization

// Named prepared statements on one connection: a SQL text the session sends again is parsed and
// planned by the server once per connection, not on every call (measured: parsing and planning
// unnamed statements was most of the server's CPU under the portal's load).
//
// postgres-nio prepares a statement by the static name and text of a `PostgresPreparedStatement`
// type, from async code only. The name and text are handed to it in a task-local, and the
// synchronous session waits for the answer; the task runs on `StatementExecutor`, never on the
// cooperative pool, whose few threads may all be blocked in a synchronous caller.

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
