import ChuzhikaCore
import Foundation
import Testing

@testable import ChuzhikaApp
@testable import ChuzhikaSheets

/// A sheet read from disk a chunk at a time reads exactly as the same text read at once, wherever
/// the chunks cut it: inside a quoted field, between CR and LF, inside a 汉字.
@Suite struct CSVStreamTests {
    static let text = [
        "学号,姓名,备注,数值",
        "S11,张三,\"一行\r\n两行\",85",
        "S12,\"李\"\"四\"\"\",普通,70",
        "",
        "S13,王五,\"逗号,在引号里\",60",
        "S14,赵六,,",
        "\"S15\",钱七,\"末尾引号\"\"\",100",
    ].joined(separator: "\r\n")

    func records(_ data: Data, encoding: TextEncoding, chunk: Int) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("czk-\(UUID().uuidString).csv").path
        FileManager.default.createFile(atPath: path, contents: data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var stream = try CSVStream(path: path, file: "a.csv", encoding: encoding, chunk: chunk)
        var out: [String] = []
        while let item = stream.next() {
            switch item {
            case .record(let record): out.append("\(record.line):" + record.fields.joined(separator: "|"))
            case .problem(let problem): out.append("problem \(problem.location.line): \(problem.message)")
            }
        }
        return out
    }

    @Test("任意分块位置读出的结果与一次读入相同（UTF-8 与 GB18030）", arguments: [1, 2, 3, 5, 7, 64, 1 << 20])
    func chunksAnywhereReadTheSame(chunk: Int) throws {
        let whole = try records(Data(Self.text.utf8), encoding: .utf8, chunk: 1 << 20)
        #expect(whole == ["1:学号|姓名|备注|数值", "2:S11|张三|一行\r\n两行|85", "4:S12|李\"四\"|普通|70",
                          "6:S13|王五|逗号,在引号里|60", "7:S14|赵六||", "8:S15|钱七|末尾引号\"|100"])
        #expect(try records(Data(Self.text.utf8), encoding: .utf8, chunk: chunk) == whole)
        let gb = try #require(Self.text.data(using: TextEncoding.gb18030.foundation))
        #expect(try records(gb, encoding: .gb18030, chunk: chunk) == whole)
    }

    @Test("引号不闭合、编码不对：报出所在行")
    func problemsNameTheirLine() throws {
        #expect(try records(Data("a,b\n1,\"2\n3,4\n".utf8), encoding: .utf8, chunk: 3) == ["1:a|b", "problem 2: 引号没有闭合"])
        let gb = try #require("学号,姓名\nS11,张三\n".data(using: TextEncoding.gb18030.foundation))
        let wrong = try records(gb, encoding: .utf8, chunk: 4)
        #expect(wrong.first == "problem 1: 这一行不是 UTF-8 编码的文本", "\(wrong)")
    }

    @Test("自动识别：有效的 UTF-8 即 UTF-8，否则 GB18030；BOM 被跳过")
    func encodingIsDetected() throws {
        let gb = try #require("学号,姓名\nS11,张三\n".data(using: TextEncoding.gb18030.foundation))
        #expect(CSVStream(data: gb, file: "a", encoding: nil).encoding == .gb18030)
        var bom = CSVStream(data: Data([0xEF, 0xBB, 0xBF] + Array("学号\nS11\n".utf8)), file: "a", encoding: nil)
        #expect(bom.encoding == .utf8)
        if case .record(let header) = bom.next() { #expect(header.fields == ["学号"]) } else { Issue.record("no header") }
    }

    @Test("流式读取的进度从 0 到 1")
    func progressRunsToOne() throws {
        let source = SheetSource(CSVStream(data: Data(Self.text.utf8), file: "a.csv", encoding: .utf8), required: ["学号"])
        #expect(source.headerProblems.isEmpty && source.headers == ["学号", "姓名", "备注", "数值"])
        var total = 0
        while true {
            let (rows, problems) = source.next(2)
            if rows.isEmpty && problems.isEmpty { break }
            total += rows.count
        }
        #expect(total == 5 && source.fraction == 1)
    }
}
