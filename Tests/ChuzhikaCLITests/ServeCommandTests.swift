import Testing

/// `czk serve`'s options, refused before anything is served.
@Suite struct ServeCommandTests {
    @Test("--trusted-proxy 不是 IP 地址或网段时用法错误（64），并说明该写什么")
    func aTrustedProxyMustBeAnAddress() {
        for value in ["proxy.example", "10.0.0.0/33", "10.0.0.5/x"] {
            let result = CommandRunner.runRaw(["serve", "--db", CommandRunner.temporaryDatabase(), "--trusted-proxy", value], environment: [:])
            #expect(result.code == 64, "\(value)")
            #expect(result.err.contains("“\(value)”不是 IP 地址或网段"), "\(result.err)")
        }
    }
}
