import ChuzhikaCore
import Foundation

/// Reads the `*.yaml` files of a rules folder. The only file of this module that touches disk.
public enum RuleDirectory {
    /// The folder's YAML files, sorted by name, with paths as `folder/file.yaml`.
    ///
    /// - Throws: ``RuleDirectoryError`` when the folder cannot be read or holds no YAML file.
    public static func read(_ folder: String) throws -> [RuleSource] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleDirectoryError.notAFolder(folder)
        }
        let names = try manager.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
        guard !names.isEmpty else { throw RuleDirectoryError.empty(folder) }
        return try names.map { name in
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = manager.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw RuleDirectoryError.unreadable(path)
            }
            return RuleSource(path: path, text: text)
        }
    }
}

public enum RuleDirectoryError: Error, Equatable, LocalizedError {
    case notAFolder(String)
    case empty(String)
    case unreadable(String)

    public var errorDescription: String? {
        switch self {
        case .notAFolder(let p): "找不到规则文件夹 \(p)"
        case .empty(let p): "规则文件夹 \(p) 里没有 .yaml 文件"
        case .unreadable(let p): "无法以 UTF-8 读取 \(p)"
        }
    }

    public var recoverySuggestion: String? { "用 --rules 指定 ScoringRules 文件夹的路径" }
}
