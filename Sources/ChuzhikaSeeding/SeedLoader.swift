import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaSheets
import ChuzhikaDefaults
import Foundation
import Yams

/// A college's seeds: its name and its roster sheets, in the order they must be imported.
public struct SchoolSheets: Sendable {
    public let name: String
    public let sheets: [(RosterKind, Sheet)]
}

/// Reads a seeds folder (school.yaml and the roster sheets classes.csv, courses.csv, staff.csv,
/// assignments.csv, students.csv — the same columns as `czk roster import`).
public enum SeedLoader {
    /// The demo college shipped inside the binary.
    public static func demo() throws -> SchoolSheets {
        try load(files: DefaultFiles.files(in: "Seeds/demo-school"), folder: "Seeds/demo-school")
    }

    /// A seeds folder on disk (`czk demo --seeds DIR`).
    public static func load(folder: String) throws -> SchoolSheets {
        var files: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let path = (folder as NSString).appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: path) { files[name] = String(decoding: data, as: UTF8.self) }
        }
        return try load(files: files, folder: folder)
    }

    static func load(files: [String: String], folder: String) throws -> SchoolSheets {
        var problems: [Diagnostic] = []
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        var name = "演示学校"
        if let text = files["school.yaml"] {
            do {
                name = try Yams.compose(yaml: text)?.mapping?["name"]?.string ?? name
            } catch {
                problems.append(Diagnostic(SourceLocation(file: path("school.yaml"), line: 1), "YAML 无法解析：\(error)"))
            }
        }
        var sheets: [(RosterKind, Sheet)] = []
        for kind in RosterKind.allCases {
            guard let text = files["\(kind.rawValue).csv"] else {
                problems.append(Diagnostic(SourceLocation(file: path("\(kind.rawValue).csv"), line: 1), "找不到文件 \(kind.rawValue).csv"))
                continue
            }
            let (sheet, found) = Sheet.parse(text, file: path("\(kind.rawValue).csv"))
            problems += found
            sheets.append((kind, sheet))
        }
        guard problems.isEmpty else { throw AppError.inputProblems(problems) }
        return SchoolSheets(name: name, sheets: sheets)
    }
}

/// A school (name, roster, calendar) built in code: the benchmarks' generated college.
public struct SchoolSeed: Sendable {
    public let name: String
    public let roster: Roster
    public let calendar: SchoolCalendar

    public init(name: String, roster: Roster, calendar: SchoolCalendar) {
        self.name = name
        self.roster = roster
        self.calendar = calendar
    }
}
