import Foundation
import GRDB
@testable import ChuzhikaSQLite

/// A college file as an older czk left it: migrated only up to `step`, then `prepare`d (rows an
/// older schema held); closed, so that the store under test opens and migrates it. The caller
/// removes it (`SQLiteStore.remove(at:)`).
func olderFile(_ name: String, upTo step: String, _ prepare: (DatabaseQueue) throws -> Void = { _ in }) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(name)-\(UUID()).sqlite").path
    let older = try DatabaseQueue(path: path, configuration: SQLiteStore.makeConfiguration())
    do {
        try Migrations.migrator.migrate(older, upTo: step)
        try prepare(older)
    } catch {
        try? SQLiteStore.remove(at: path)
        throw error
    }
    return path
}
