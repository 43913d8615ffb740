import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file a command writes (`--out`, `--rejected`): never the college's database or the sheet
/// being read, never an existing file unless `--force`, always created readable by its owner
/// only — what it holds is students' data, like the database (mode 0600).
struct OutputFile {
    let path: String
    let force: Bool

    /// Checks `path` before any work is done: refuses the database named by `database` (and its
    /// `-wal`, `-shm` and `-journal` files), each of `inputs`, and an existing file without `force`.
    init(_ path: String, force: Bool, database: String, inputs: [String] = []) throws {
        self.path = path
        self.force = force
        // As typed and as SQLite opens it (through a link: the -wal beside the real file).
        let real = Self.canonical(database)
        let protected = [database, real].flatMap { [$0, $0 + "-wal", $0 + "-shm", $0 + "-journal"] }
        if protected.contains(where: { Self.same(path, $0) }) {
            throw OutputFileError.isDatabase(path, database: database)
        }
        if let input = inputs.first(where: { Self.same(path, $0) }) {
            throw OutputFileError.isInput(path, input: input)
        }
        if Self.exists(path) && !force { throw OutputFileError.exists(path) }
    }

    /// Writes `data` to the file: created new (O_EXCL) with mode 0600, or with `force` replacing
    /// a file that is not a link.
    func write(_ data: Data) throws {
        let handle = try open()
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
    }

    /// The file open for writing, as ``write(_:)`` creates it.
    func open() throws -> FileHandle {
        let flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (force ? O_TRUNC : O_EXCL)
        #if canImport(Glibc)
        let fd = Glibc.open(path, flags, 0o600)
        #else
        let fd = Darwin.open(path, flags, 0o600)
        #endif
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { throw OutputFileError.exists(path) }
            if code == ELOOP { throw OutputFileError.isLink(path) }
            throw OutputFileError.cannotWrite(path, String(cString: strerror(code)))
        }
        if force { _ = fchmod(fd, 0o600) }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Whether two paths name the same file: the same device and inode when both exist (a hard
    /// link, `./czk.sqlite`, another spelling), else the same absolute, link-resolved path.
    static func same(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        return canonical(a) == canonical(b)
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Exists, or is a link (even a dangling one).
    static func exists(_ path: String) -> Bool {
        var s = stat()
        return lstat(path, &s) == 0
    }
}

enum OutputFileError: Error, LocalizedError {
    case isDatabase(String, database: String)
    case isInput(String, input: String)
    case exists(String)
    case isLink(String)
    case cannotWrite(String, String)

    var errorDescription: String? {
        switch self {
        case .isDatabase(let path, let database): "\(path) 是学校的数据库（\(database)）：不能把输出写到它上面"
        case .isInput(let path, let input): "\(path) 就是正在读取的文件 \(input)：不能把输出写到它上面"
        case .exists(let path): "\(path) 已经存在，没有覆盖它"
        case .isLink(let path): "\(path) 是一个符号链接：为安全起见不写入"
        case .cannotWrite(let path, let why): "无法写入 \(path)：\(why)"
        }
    }

    var recoverySuggestion: String? {
        switch self {
        case .isDatabase, .isInput: "换一个文件名，例如 报告.html 或 导出.csv"
        case .exists: "换一个文件名；确认要覆盖它时加 --force"
        case .isLink: "写到一个普通文件的路径"
        case .cannotWrite: "检查文件夹是否存在、是否有写权限"
        }
    }
}

/// Writes what a command produced to its output file, or to standard output without one.
enum FileOutput {
    /// Writes `data` to `file`, or prints it (as UTF-8) when `file` is nil. Returns whether a file was written.
    @discardableResult
    static func write(_ data: Data, to file: OutputFile?) throws -> Bool {
        guard let file else {
            Console.out(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines))
            return false
        }
        try file.write(data)
        return true
    }
}
