import Foundation
import PackagePlugin

/// Embeds the shipped defaults (`ScoringRules/` and `Seeds/`) into the target that uses it, so
/// that an installed `czk` runs `czk demo` and `czk init` from any folder without the repository.
///
/// Every file of both folders is an input: editing a rule file or a seed rebuilds the embedding.
@main
struct EmbedDefaults: BuildToolPlugin {
    static let folders = ["ScoringRules", "Seeds"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        var relatives: [String] = []
        let manager = FileManager.default
        for folder in Self.folders {
            let base = root.appendingPathComponent(folder)
            guard let walker = manager.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker {
                let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
                guard isFile, !url.lastPathComponent.hasPrefix(".") else { continue }
                inputs.append(url)
                relatives.append(folder + "/" + url.path.dropFirst(base.path.count + 1))
            }
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(relatives.count) default files (ScoringRules, Seeds)",
                executable: try context.tool(named: "czk-embed").url,
                arguments: [output.path, root.path] + relatives.sorted(),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
