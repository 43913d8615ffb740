import ArgumentParser
import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// Who is acting: the person logged in with `czk login`, or, for an admin, `--as PERSON`.
struct SessionOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("管理员代他人操作；演示库中不登录也可用。", valueName: "学号或工号"))
    var actingAs: String?

    /// The logged-in person, or the one an admin acts for (in a demo database, `--as` alone).
    /// Whether the session file names a database other than the one `app` was opened on.
    static func isForAnotherDatabase(_ app: CardApp) -> Bool {
        guard let origin = app.origin, let session = SessionFile.database() else { return false }
        return session != SessionFile.identity(of: origin)
    }

    func principal(_ app: CardApp) throws -> Principal {
        guard let token = SessionFile.read() else {
            if let actingAs { return try app.demoActing(as: actingAs) }
            throw AppError.notLoggedIn
        }
        let me: Principal
        do {
            me = try app.principal(token: token)
        } catch AppError.notLoggedIn where actingAs == nil && Self.isForAnotherDatabase(app) {
            throw CLIError.otherDatabase(session: SessionFile.database() ?? "", current: SessionFile.identity(of: app.origin ?? ""))
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
        let token = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        return token.isEmpty ? nil : token
    }

    /// The database the session was opened on (the file's second line), if it says.
    static func database() -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        return lines.count > 1 ? String(lines[1]).trimmingCharacters(in: .whitespaces) : nil
    }

    /// How a database is named in the session file: an absolute path, or a URL without its password.
    static func identity(of database: String) -> String {
        guard database.hasPrefix("postgres"), var parts = URLComponents(string: database) else {
            return URL(fileURLWithPath: database).standardizedFileURL.path
        }
        parts.password = nil
        return parts.string ?? database
    }

    /// Writes the token, and the database it belongs to, readable by its owner only.
    static func write(_ token: String, database: String? = nil) throws {
        let manager = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try? manager.removeItem(atPath: path)
        guard manager.createFile(atPath: path, contents: Data((token + "\n" + (database.map { identity(of: $0) + "\n" } ?? "")).utf8), attributes: [.posixPermissions: 0o600]) else {
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
