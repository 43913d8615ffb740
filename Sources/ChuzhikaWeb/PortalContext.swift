import Hummingbird
import NIOCore

/// A request's context in the portal: Hummingbird's, plus the peer's address, which the login
/// throttle counts by.
public struct PortalContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address; one key for every request without one (the tests' channel).
    var peer: String { remoteAddress?.ipAddress ?? "本机" }
}
