import ChuzhikaTestSupport
import Foundation
import Testing

/// `czk notify` from the command line: what each person may set, and every wrong setting refused
/// with what to write instead — before anything is stored.
@Suite struct NotifyCommandTests {
    @Test func settingsAreTheAdminsAndWrongOnesAreRefusedWithWhatToWrite() throws {
        let db = try CommandRunner.school()
        defer { try? FileManager.default.removeItem(atPath: db) }
        func run(_ args: [String], as person: String, input: [String]? = nil) -> CommandRunner.Result {
            CommandRunner.run(args + ["--db", db], as: person, input: input)
        }
        // The relay: usage errors (64) name what to write.
        let noPort = run(["notify", "smtp", "smtp.college.edu.cn", "--from", "czk@college.edu.cn"], as: "A1")
        #expect(noPort.code == 64 && noPort.err.contains("地址:端口"), "\(noPort.err)")
        let noFrom = run(["notify", "smtp", "smtp.college.edu.cn:587"], as: "A1")
        #expect(noFrom.code == 64 && noFrom.err.contains("--from"), "\(noFrom.err)")
        let noUser = run(["notify", "smtp", "smtp.college.edu.cn:587", "--from", "czk@college.edu.cn", "--password-stdin"], as: "A1")
        #expect(noUser.code == 64 && noUser.err.contains("--user"), "\(noUser.err)")
        let badFrom = run(["notify", "smtp", "smtp.college.edu.cn:587", "--from", "czk"], as: "A1")
        #expect(badFrom.code == 1 && badFrom.err.contains("发件地址“czk”不对"), "\(badFrom.err)")
        let badPort = run(["notify", "smtp", "smtp.college.edu.cn:70000", "--from", "czk@college.edu.cn"], as: "A1")
        #expect(badPort.code == 1 && badPort.err.contains("smtp.college.edu.cn:587"), "\(badPort.err)")
        // Only the admin sets the relay and the portal's address; a teacher is told so.
        let teacher = run(["notify", "smtp", "smtp.college.edu.cn:587", "--from", "czk@college.edu.cn"], as: "H1")
        #expect(teacher.code != 0 && teacher.err.contains("管理员"), "\(teacher.err)")
        #expect(run(["notify", "portal", "https://czk.college.edu.cn"], as: "H1").code != 0)
        let badPortal = run(["notify", "portal", "czk.college.edu.cn"], as: "A1")
        #expect(badPortal.code == 1 && badPortal.err.contains("https://czk.college.edu.cn"), "\(badPortal.err)")
        #expect(run(["notify", "status"], as: "H1").code != 0)

        // Channels: one's own or the admin's; a wrong address, format or secret is refused.
        let others = run(["notify", "channel", "add", "F1", "--webhook", "https://oapi.dingtalk.com/robot/send?access_token=x",
                          "--format", "dingtalk", "--secret", "SEC1"], as: "H1")
        #expect(others.code != 0 && others.err.contains("F1 本人"), "\(others.err)")
        let notURL = run(["notify", "channel", "add", "H1", "--webhook", "qyapi.weixin.qq.com", "--format", "wecom"], as: "H1")
        #expect(notURL.code == 1 && notURL.err.contains("https://"), "\(notURL.err)")
        let wecomSecret = run(["notify", "channel", "add", "H1", "--webhook", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
                               "--format", "wecom", "--secret", "s"], as: "H1")
        #expect(wecomSecret.code == 1 && wecomSecret.err.contains("--secret"), "\(wecomSecret.err)")
        let noRelay = run(["notify", "channel", "add", "H1", "--email", "h1@college.edu.cn"], as: "H1")
        #expect(noRelay.code == 1 && noRelay.err.contains("czk notify smtp"), "\(noRelay.err)")
        let badPrefs = run(["notify", "prefs", "H1", "--digest-at", "8点"], as: "H1")
        #expect(badPrefs.code == 1 && badPrefs.err.contains("08:00"), "\(badPrefs.err)")

        // Nothing of the refused settings was stored.
        let empty = run(["notify", "channel", "list", "--json"], as: "A1")
        #expect(empty.code == 0 && !empty.out.contains("dingtalk") && !empty.out.contains("wecom"), "\(empty.out)")

        // What works: the teacher's own robot; the listing never shows its key or secret.
        let added = run(["notify", "channel", "add", "H1", "--webhook", "https://oapi.dingtalk.com/robot/send?access_token=secret-token",
                         "--format", "dingtalk", "--secret", "SECsecret"], as: "H1")
        #expect(added.code == 0 && added.out.contains("已添加渠道 1"), "\(added.err)")
        for format in [["--json"], ["--format", "csv"], []] {
            let listed = run(["notify", "channel", "list"] + format, as: "A1")
            #expect(listed.code == 0 && listed.out.contains("H1"), "\(listed.err)")
            #expect(!listed.out.contains("secret-token") && !listed.out.contains("SECsecret"), "\(listed.out)")
        }
        let relay = run(["notify", "smtp", "smtp.college.edu.cn:587", "--from", "czk@college.edu.cn", "--user", "czk", "--password-stdin"],
                        as: "A1", input: ["口令"])
        #expect(relay.code == 0, "\(relay.err)")
        let audit = run(["audit", "--json"], as: "A1")
        #expect(audit.out.contains("notify smtp") && !audit.out.contains("口令"), "the relay's password in the audit log")
    }

    @Test("czk serve --notify-every 为负数时用法错误（64）")
    func aNegativeIntervalIsAUsageError() {
        let result = CommandRunner.runRaw(["serve", "--db", CommandRunner.temporaryDatabase(), "--notify-every", "-1"], environment: [:])
        #expect(result.code == 64 && result.err.contains("--notify-every"), "\(result.err)")
    }
}
