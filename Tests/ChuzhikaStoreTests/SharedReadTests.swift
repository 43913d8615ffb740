import ChuzhikaStore
import ChuzhikaTestSupport
import Dispatch
import Foundation
import Testing

/// A portal page reads who the visitor is and then the page on one snapshot (`sharingReads`), on
/// the engine the tests run on (a file for SQLite: memory is a single connection).
@Suite struct SharedReadTests {
    @Test func readsInsideOneSharedReadSeeOneSnapshotWhileAnotherWriterCommits() throws {
        let (_, stores) = try TestStores.shared(2) { _ in () }
        let (reader, writer) = (stores[0], stores[1])
        let seen = try reader.sharingReads {
            let before = try reader.read { try $0.meta("shared.read") }
            try writer.write { try $0.setMeta("shared.read", "written") }
            let after = try reader.read { try $0.meta("shared.read") }
            return (before, after)
        }
        #expect(seen.0 == nil)
        #expect(seen.1 == nil, "a read inside the shared read saw a commit made after it began")
        #expect(try reader.read { try $0.meta("shared.read") } == "written")
    }

    /// A staff member's page audits inside its read: that write is a transaction of its own, kept,
    /// and many pages at once (more than the store's connections) do not wait for each other.
    @Test func writesInsideSharedReadsAreKeptAndManyAtOnceDoNotStall() throws {
        let (_, stores) = try TestStores.shared(1) { _ in () }
        let store = stores[0]
        let pages = store.concurrentSessions * 2
        let group = DispatchGroup()
        let failures = Failures()
        for page in 0..<pages {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    try store.sharingReads {
                        _ = try store.read { try $0.meta("kind") }
                        try store.write { try $0.setMeta("page.\(page)", "audited") }
                        Thread.sleep(forTimeInterval: 0.05)   // every page holds its read at once
                        _ = try store.read { try $0.meta("kind") }
                    }
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        #expect(group.wait(timeout: .now() + 60) == .success, "pages inside shared reads stalled")
        #expect(failures.all.isEmpty)
        let written = try store.read { session in try (0..<pages).compactMap { try session.meta("page.\($0)") } }
        #expect(written.count == pages)
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ failure: String) { lock.withLock { list.append(failure) } }
    var all: [String] { lock.withLock { list } }
}
