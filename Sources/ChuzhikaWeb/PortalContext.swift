import Hummingbird
import NIOCore

/// A request's context in the portal: Hummingbird's, plus the peer's address (the client, or a
/// trusted proxy in front of it: see ``TrustedProxies``), which the login throttle counts by.
public struct PortalContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
