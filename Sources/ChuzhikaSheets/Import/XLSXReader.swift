import ChuzhikaCore
import Foundation
import SWXMLHash
import ZIPFoundation

/// Reads one sheet of an Excel `.xlsx` file into rows of text, each with its row number.
///
/// No xlsx reader is mirrored, so this is by hand on top of two libraries: ZIPFoundation reads
/// the zip's directory (`ZipPart` inflates each part, bounded) and SWXMLHash parses the parts (`xl/workbook.xml` and its relationships for
/// the sheet's name, `xl/sharedStrings.xml`, `xl/styles.xml` for which number formats are dates,
/// and the sheet). Cells typed as dates come out as `YYYY-MM-DD`; whole numbers without `.0`.
/// Parts are size-checked before and while they are inflated, so a zip bomb is refused, not unpacked.
enum XLSXReader {
    /// The largest part we inflate: a sheet of a million rows is well under it.
    static let maximumPartSize: UInt64 = 512 * 1024 * 1024

    enum Failure: Error {
        case notXLSX
        case noSheet(name: String?, available: [String])
        case tooLarge(part: String)
    }

    /// The rows of the first sheet (or the one named), as (row number, cells by column index).
    static func rows(_ data: Data, sheet name: String?, maximumPartSize: UInt64 = maximumPartSize) throws -> [(line: Int, cells: [String])] {
        // The directory from a file, not from memory: ZIPFoundation's in-memory archive traps on an
        // entry whose offset points past the end of the data (found by fuzzing damaged workbooks).
        // The parts themselves are inflated by `ZipPart`, bounded.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).xlsx")
        guard FileManager.default.createFile(atPath: file.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw Failure.notXLSX
        }
        defer { try? FileManager.default.removeItem(at: file) }
        guard let archive = try? Archive(url: file, accessMode: .read) else { throw Failure.notXLSX }
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            do {
                return try ZipPart.read(entry, path: path, in: data, limit: maximumPartSize)
            } catch .tooLarge {
                throw Failure.tooLarge(part: path)
            } catch {
                throw Failure.notXLSX
            }
        }
        guard let workbook = try part("xl/workbook.xml") else { throw Failure.notXLSX }
        let sheets = XMLHash.parse(workbook)["workbook"]["sheets"]["sheet"].all.compactMap { node -> (String, String)? in
            guard let element = node.element, let sheetName = element.attribute(by: "name")?.text,
                let id = element.allAttributes.first(where: { $0.key.hasSuffix(":id") || $0.key == "id" })?.value.text
            else { return nil }
            return (sheetName, id)
        }
        let chosen = name.map { wanted in sheets.first { $0.0 == wanted } } ?? sheets.first
        guard let relation = chosen?.1 else { throw Failure.noSheet(name: name, available: sheets.map(\.0)) }
        var target = "worksheets/sheet1.xml"
        if let rels = try part("xl/_rels/workbook.xml.rels") {
            for node in XMLHash.parse(rels)["Relationships"]["Relationship"].all
            where node.element?.attribute(by: "Id")?.text == relation {
                target = node.element?.attribute(by: "Target")?.text ?? target
            }
        }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheetData = try part(path) else { throw Failure.noSheet(name: name, available: sheets.map(\.0)) }
        let strings = try part("xl/sharedStrings.xml").map(sharedStrings) ?? []
        let dateStyles = try part("xl/styles.xml").map(dateStyleIndexes) ?? []
        return XMLHash.parse(sheetData)["worksheet"]["sheetData"]["row"].all.enumerated().map { index, row in
            let line = row.element?.attribute(by: "r").flatMap { Int($0.text) } ?? index + 1
            var cells: [String] = []
            for (position, cell) in row["c"].all.enumerated() {
                let element = cell.element
                let column = element?.attribute(by: "r").flatMap { columnIndex($0.text) } ?? position
                while cells.count <= column { cells.append("") }
                cells[column] = text(of: cell, strings: strings, dateStyles: dateStyles)
            }
            return (line, cells)
        }
    }

    private static func text(of cell: XMLIndexer, strings: [String], dateStyles: Set<Int>) -> String {
        let type = cell.element?.attribute(by: "t")?.text ?? "n"
        let raw = cell["v"].element?.text ?? ""
        switch type {
        case "s": return Int(raw).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        case "inlineStr": return richText(cell["is"])
        case "b": return raw == "1" ? "是" : "否"
        case "str", "e": return raw
        default:
            guard let number = Double(raw) else { return raw }
            if let style = cell.element?.attribute(by: "s").flatMap({ Int($0.text) }), dateStyles.contains(style) {
                // Excel's 1900 date system: serial 1 is 1900-01-01, counting the phantom 1900-02-29.
                return LocalDate(year: 1899, month: 12, day: 30)!.adding(days: Int(number.rounded(.down))).description
            }
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        }
    }

    private static func richText(_ node: XMLIndexer) -> String {
        if let plain = node["t"].element?.text { return plain }
        return node["r"].all.compactMap { $0["t"].element?.text }.joined()
    }

    private static func sharedStrings(_ data: Data) -> [String] {
        XMLHash.parse(data)["sst"]["si"].all.map(richText)
    }

    /// The indexes of `cellXfs` whose number format shows a date.
    private static func dateStyleIndexes(_ data: Data) -> Set<Int> {
        let styles = XMLHash.parse(data)["styleSheet"]
        var custom: [Int: String] = [:]
        for format in styles["numFmts"]["numFmt"].all {
            if let id = format.element?.attribute(by: "numFmtId").flatMap({ Int($0.text) }),
                let code = format.element?.attribute(by: "formatCode")?.text
            {
                custom[id] = code
            }
        }
        func isDate(_ id: Int) -> Bool {
            if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) { return true }
            guard let code = custom[id]?.lowercased() else { return false }
            let bare = code.replacingOccurrences(of: #"\[[^\]]*\]|"[^"]*""#, with: "", options: .regularExpression)
            return bare.contains("y") || bare.contains("d") || bare.contains("年") || bare.contains("日")
        }
        return Set(styles["cellXfs"]["xf"].all.enumerated().compactMap { index, xf in
            xf.element?.attribute(by: "numFmtId").flatMap { Int($0.text) }.flatMap { isDate($0) ? index : nil }
        })
    }

    /// `B7` → 1 (zero-based column).
    static func columnIndex(_ reference: String) -> Int? {
        let letters = reference.utf8.prefix { (65...90).contains($0) }
        guard !letters.isEmpty else { return nil }
        return letters.reduce(0) { $0 * 26 + Int($1) - 64 } - 1
    }

    /// 1 → `B` (zero-based column).
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
