/// Where a college's card is kept, as a use case that makes or replaces a college needs it
/// (`czk init`, `czk demo`): look, open, create, remove. Which engine a place names is decided
/// by the engines target (`StoreLocation`); use cases never learn it.
public protocol StorePlace: Sendable {
    /// As people wrote it, for messages (a URL without its password).
    var description: String { get }
    /// Opens the store, creating an empty one when missing.
    func open() throws -> any CardStore
    /// Opens a new store, refusing one that holds anything.
    func create() throws -> any CardStore
    /// Opens the store when a college is there, else nil.
    func openExisting() throws -> (any CardStore)?
    /// Whether anything is there already.
    func exists() -> Bool
    /// Removes what is there.
    func remove() throws
}

/// A store's URL in messages.
public enum StoreURL {
    /// The URL as a message may show it: `user:***@` for any password, even in a URL that does
    /// not parse (a message about a wrong URL must not print its password either). The password
    /// ends at the last `@` before the path or query: it may hold an `@`, and a query may too.
    public static func withoutPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let authority = url[scheme.upperBound...].prefix { !"/?#".contains($0) }
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return url }
        return String(url[...colon]) + "***" + String(url[at...])
    }
}
