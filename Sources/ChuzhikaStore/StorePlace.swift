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
    /// not parse (a message about a wrong URL must not print its password either).
    public static func withoutPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex),
              let colon = url.range(of: ":", range: scheme.upperBound..<at.lowerBound)
        else { return url }
        return String(url[..<colon.upperBound]) + "***" + String(url[at.lowerBound...])
    }
}
