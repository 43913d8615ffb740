import ChuzhikaStore

extension CardApp {
    /// The password of every demo person (demo databases only), printed by `czk demo`.
    public static let demoPassword = "demo"

    /// Prepares `path` for a demo: a missing or empty file, or an earlier demo, is fine (an
    /// earlier demo is removed); a database holding a real college is refused.
    public static func prepareDemoDatabase(at location: any StorePlace) throws {
        guard location.exists() else { return }
        let database: any CardStore
        do {
            database = try location.open()
        } catch {
            throw AppError.notADemoDatabase(path: location.description)
        }
        let (kind, empty) = try database.read { (try $0.meta("kind"), try $0.isEmpty()) }
        if empty && kind == nil { return }
        guard kind == "demo" else { throw AppError.notADemoDatabase(path: location.description) }
        try location.remove()
    }
}
