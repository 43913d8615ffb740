import Foundation

/// Finds a folder of the repository (ScoringRules, Seeds/demo-school) from where czk runs.
///
/// Looks in the current folder and its parents, then beside the executable and its parents
/// (`.build/debug/czk` lives three levels below the repository root).
enum ProjectFiles {
    static func locate(_ relative: String) -> String? {
        let manager = FileManager.default
        var starts = [manager.currentDirectoryPath]
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        starts.append(executable.deletingLastPathComponent().path)
        for start in starts {
            var url = URL(fileURLWithPath: start)
            for _ in 0..<6 {
                let candidate = url.appendingPathComponent(relative).path
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                    return candidate
                }
                url.deleteLastPathComponent()
            }
        }
        return nil
    }

    static func rules(_ given: String?) throws -> String {
        if let given { return given }
        guard let found = locate("ScoringRules") else { throw CLIError.notFound("ScoringRules", what: "规则文件夹") }
        return found
    }

    static func seeds(_ given: String?) throws -> String {
        if let given { return given }
        guard let found = locate("Seeds/demo-school") else { throw CLIError.notFound("Seeds/demo-school", what: "演示数据文件夹") }
        return found
    }
}
