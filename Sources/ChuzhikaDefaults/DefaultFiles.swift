import ChuzhikaCore
import Foundation

/// The files shipped inside the `czk` binary: the default rules (`ScoringRules/`) and the
/// seeds (`Seeds/`: the demo college and the templates for a real one).
///
/// They are embedded at build time by the `EmbedDefaults` plugin, so an installed binary needs
/// no repository beside it. Paths are relative to the package root, e.g.
/// `ScoringRules/academic.yaml` or `Seeds/demo-school/students.csv`.
public enum DefaultFiles {
    /// Every embedded file, by relative path.
    public static let all: [String: String] = {
        var files: [String: String] = [:]
        for (path, base64) in embeddedFiles {
            // The plugin wrote this base64 itself from the file's bytes: it always decodes.
            let data = Data(base64Encoded: base64) ?? Data()
            files[path] = String(decoding: data, as: UTF8.self)
        }
        return files
    }()

    /// The files directly inside `folder` (not in its subfolders), by name.
    public static func files(in folder: String) -> [String: String] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var found: [String: String] = [:]
        for (path, text) in all where path.hasPrefix(prefix) {
            let name = String(path.dropFirst(prefix.count))
            if !name.contains("/") { found[name] = text }
        }
        return found
    }

    /// The default rule files (`ScoringRules/*.yaml`), sorted by name as a rules folder is read.
    public static var rules: [RuleSource] {
        files(in: "ScoringRules").filter { $0.key.hasSuffix(".yaml") }
            .sorted { $0.key < $1.key }
            .map { RuleSource(path: "ScoringRules/" + $0.key, text: $0.value) }
    }
}
