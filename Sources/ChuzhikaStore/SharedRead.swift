/// The read a thread has open on a store, so that a read begun inside it joins it: a portal page
/// reads who the visitor is and then the card on one snapshot, in one transaction (on PostgreSQL
/// a BEGIN and a COMMIT fewer, and a connection taken once). Engines call ``read(on:_:opening:)``
/// from their `read`; a write begun inside a read is still a transaction of its own.
public enum SharedRead {
    private final class Open: @unchecked Sendable {
        let store: ObjectIdentifier
        let session: any CardSession
        init(store: ObjectIdentifier, session: any CardSession) { (self.store, self.session) = (store, session) }
    }

    @TaskLocal private static var open: Open?

    /// Runs `body` in the read already open on this thread for `store`, else in a new one made by
    /// `opening` (which is then the open read until it ends).
    public static func read<T>(
        on store: AnyObject, _ body: (any CardSession) throws -> T,
        opening: ((any CardSession) throws -> T) throws -> T
    ) throws -> T {
        let id = ObjectIdentifier(store)
        if let open, open.store == id { return try body(open.session) }
        return try withoutActuallyEscaping(body) { body in
            try opening { session in try $open.withValue(Open(store: id, session: session)) { try body(session) } }
        }
    }

    /// Whether this thread is inside a read of `store` (a write begun now needs a connection of
    /// its own besides the read's).
    public static func isOpen(on store: AnyObject) -> Bool {
        open?.store == ObjectIdentifier(store)
    }
}
