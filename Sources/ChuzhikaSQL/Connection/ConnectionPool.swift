import Foundation

/// Connections kept open for a store's transactions, at most `maximum`; a caller waits for one.
/// (GRDB pools SQLite's itself; PostgreSQL's store uses this.)
public final class ConnectionPool<Connection: AnyObject>: @unchecked Sendable {
    private let condition = NSCondition()
    private var free: [Connection] = []
    private var opened = 0
    private let maximum: Int
    private let close: (Connection) -> Void

    public init(maximum: Int, close: @escaping (Connection) -> Void) {
        self.maximum = maximum
        self.close = close
    }

    deinit { for database in free { close(database) } }

    public func take(beyondMaximum: Bool = false, _ open: () throws -> Connection) throws -> Connection {
        condition.lock()
        while free.isEmpty && opened >= maximum && !beyondMaximum { condition.wait() }
        if let database = free.popLast() {
            condition.unlock()
            return database
        }
        opened += 1
        condition.unlock()
        do {
            return try open()
        } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    public func give(_ database: Connection) {
        condition.lock()
        // One opened beyond the maximum (a write inside a shared read) is closed, not kept.
        if opened > maximum {
            opened -= 1
            condition.unlock()
            close(database)
            return
        }
        free.append(database)
        condition.signal()
        condition.unlock()
    }
}
