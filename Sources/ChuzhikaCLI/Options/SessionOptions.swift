import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// Who is acting: the person logged in with `czk login`, or, for an admin, `--as PERSON`.
struct SessionOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("管理员代他人操作；演示库中不登录也可用。", valueName: "学号或工号"))
    var actingAs: String?

    /// The logged-in person, or the one an admin acts for (in a demo database, `--as` alone).
    func principal(_ app: CardApp) throws -> Principal {
        guard let token = SessionFile.read() else {
            if let actingAs { return try app.demoActing(as: actingAs) }
            throw AppError.notLoggedIn
        }
        let me: Principal
        do {
            me = try app.principal(token: token)
        } catch AppError.notLoggedIn where actingAs != nil {
            // No valid session for this database: only a demo database lets --as stand alone.
            return try app.demoActing(as: actingAs ?? "")
        } catch AppError.sessionEnded where actingAs != nil {
            // No valid session for this database: only a demo database lets --as stand alone.
            return try app.demoActing(as: actingAs ?? "")
        }
        guard let actingAs else { return me }
        return try app.acting(as: actingAs, by: me)
    }
}

/// The session token file: `$XDG_CONFIG_HOME/czk/session`, else `~/.config/czk/session`, mode 0600.
enum SessionFile {
    static var path: String {
        let environment = CLIEnvironment.current
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".config")
        return ((base as NSString).appendingPathComponent("czk") as NSString).appendingPathComponent("session")
    }

    static func read() -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return token.isEmpty ? nil : token
    }

    /// Writes the token readable by its owner only.
    static func write(_ token: String) throws {
        let manager = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try? manager.removeItem(atPath: path)
        guard manager.createFile(atPath: path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CLIError.notFound(path, what: "无法写入登录文件")
        }
    }

    static func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Reads a password: one line of standard input with `--password-stdin`, else typed without echo.
enum PasswordInput {
    static func read(prompt: String, fromStdin: Bool) -> String {
        if fromStdin || Console.input != nil { return Console.readLine() ?? "" }
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        let isTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        }
        let line = Swift.readLine() ?? ""
        if isTerminal {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return line
    }
}
