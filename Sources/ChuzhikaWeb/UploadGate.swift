import Foundation

/// At most `limit` sheet uploads read at once: each may hold up to 20 MB in memory while it is
/// read and imported, so the gate bounds the portal's memory, not only its work.
final class UploadGate: @unchecked Sendable {
    let limit: Int
    private let lock = NSLock()
    private var open = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place, or returns false when every place is taken.
    func enter() -> Bool {
        lock.withLock {
            guard open < limit else { return false }
            open += 1
            return true
        }
    }

    func leave() {
        lock.withLock { open -= 1 }
    }

    /// Runs `body` in a place, or returns nil at once when there is none.
    func run<T>(_ body: () async throws -> T) async rethrows -> T? {
        guard enter() else { return nil }
        defer { leave() }
        return try await body()
    }
}
