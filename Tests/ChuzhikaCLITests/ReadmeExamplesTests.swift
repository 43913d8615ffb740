import ChuzhikaCore
import ChuzhikaTestSupport
import Foundation
import Testing

@testable import ChuzhikaCLI

/// Every `czk` example of README.md works as written: the demo's on a fresh demo on several
/// dates (term time, holidays, a later year), the college's on a fresh `czk init`.
@Suite struct ReadmeExamplesTests {
    /// The README's `sh` blocks, each a list of lines.
    static var blocks: [[String]] {
        let text = (try? String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
        var blocks: [[String]] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```sh") {
                current = []
            } else if line.hasPrefix("```"), let block = current {
                blocks.append(block)
                current = nil
            } else if current != nil {
                current?.append(line)
            }
        }
        return blocks
    }

    /// The `czk` commands of the blocks, without `swift run`.
    static func commands(where keep: ([String]) -> Bool) -> [String] {
        blocks.filter(keep).flatMap { $0 }.compactMap { line in
            if line.hasPrefix("swift run czk ") { return String(line.dropFirst("swift run czk ".count)) }
            if line.hasPrefix("czk ") { return String(line.dropFirst("czk ".count)) }
            if line.hasPrefix("echo "), line.contains("| swift run czk ") || line.contains("| czk ") { return line }
            return nil
        }
    }

    /// Splits a shell line into words (double quotes group), drops its comment, and returns the
    /// file its output is redirected to, if any.
    static func words(_ line: String) -> (words: [String], redirect: String?) {
        var words: [String] = []
        var word = ""
        var quoted = false
        var inWord = false
        for c in line {
            if c == "\"" { quoted.toggle(); inWord = true; continue }
            if !quoted && c == "#" && !inWord { break }
            if !quoted && c == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
                continue
            }
            word.append(c)
            inWord = true
        }
        if inWord { words.append(word) }
        if let arrow = words.firstIndex(of: ">"), arrow + 1 < words.count {
            return (Array(words[..<arrow]), words[arrow + 1])
        }
        return (words, nil)
    }

    /// Runs README lines in `folder` with `environment`; every one must succeed.
    static func run(_ lines: [String], in folder: URL, environment: [String: String], label: String) {
        for line in lines {
            var line = line
            var input: [String]?
            // `echo demo | czk login …`: the echoed word is standard input.
            if line.hasPrefix("echo "), let bar = line.range(of: " | ") {
                input = [String(line[line.index(line.startIndex, offsetBy: 5)..<bar.lowerBound])]
                line = String(line[bar.upperBound...]).replacingOccurrences(of: "swift run czk ", with: "")
                    .replacingOccurrences(of: "czk ", with: "", options: .anchored)
            }
            let (words, redirect) = words(line)
            // A file the README names: one written by an earlier line, else one of the repository.
            // Files the README writes (`--out`, `--rejected`, a backup, a restored `--db`) go to
            // the folder, never the repository.
            let writes = Set(words.indices.filter { $0 > 0 && ["--out", "--rejected", "backup", "--db"].contains(words[$0 - 1]) })
            let arguments = words.enumerated().map { index, word -> String in
                let local = folder.appendingPathComponent(word).path
                if writes.contains(index) { return local }
                if FileManager.default.fileExists(atPath: local) { return local }
                let shipped = Repository.root.appendingPathComponent(word).path
                return word.contains("/") && FileManager.default.fileExists(atPath: shipped) ? shipped : word
            }
            let result = CommandRunner.runRaw(arguments, environment: environment, input: input)
            #expect(result.code == 0, "\(label): czk \(line)\n\(result.err)")
            if let redirect {
                try? result.out.write(to: folder.appendingPathComponent(redirect), atomically: true, encoding: .utf8)
            }
        }
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("czk-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: ["", "2025-03-10", "2026-08-15", "2027-01-31"])
    func theDemoExamplesWorkOnAFreshDemo(today: String) throws {
        let lines = Self.commands { block in block.contains { $0.hasPrefix("swift run czk") } }
        #expect(lines.count >= 12, "\(lines)")
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["CZK_DB": folder.appendingPathComponent("czk.sqlite").path, "CZK_TODAY": today,
                           "XDG_CONFIG_HOME": folder.path]
        Self.run(lines, in: folder, environment: environment, label: today.isEmpty ? "today" : today)
        // The card went to the file the README names, with its BOM for Excel.
        let card = try Data(contentsOf: folder.appendingPathComponent("储值卡.csv"))
        #expect(card.starts(with: Data("\u{FEFF}学号,姓名".utf8)))
        // The class report went to the folder, not the repository.
        let report = try String(contentsOf: folder.appendingPathComponent("WL2401.html"), encoding: .utf8)
        #expect(report.hasPrefix("<!DOCTYPE html>") && report.contains("班级发展报告"))
        #expect(!FileManager.default.fileExists(atPath: Repository.root.appendingPathComponent("WL2401.html").path))
    }

    @Test func theStartYourCollegeExamplesRecordAFirstValue() throws {
        let lines = Self.commands { block in block.contains { $0.contains("czk init") } }
        #expect(lines.first?.contains("init") == true)
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["CZK_DB": folder.appendingPathComponent("czk.sqlite").path, "CZK_TODAY": "",
                           "XDG_CONFIG_HOME": folder.path]
        Self.run(lines, in: folder, environment: environment, label: "college")
        let card = CommandRunner.runRaw(["account", "2026010101", "--json"], environment: environment)
        #expect(card.out.contains("\"name\" : \"李明\""))
        #expect(card.out.contains("课外学习频次"))
    }

    @Test func quotedWordsAndCommentsAreReadLikeAShell() {
        let (words, redirect) = Self.words(#"record --reason "漏记 两次" x   # a comment"#)
        #expect(words == ["record", "--reason", "漏记 两次", "x"])
        #expect(redirect == nil)
        #expect(Self.words("calendar template > 校历.yaml").redirect == "校历.yaml")
    }
}
