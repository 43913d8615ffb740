import ChuzhikaCore
import Foundation

/// Reads CSV records one at a time from a file (a chunk at a time) or from bytes in memory, so
/// that a sheet of a million rows takes the memory of one chunk, not of the sheet.
///
/// Written by hand (RFC 4180: quoted fields, doubled quotes, CRLF or LF or CR, a UTF-8 BOM)
/// because every problem must name its line and a quoted field may span lines. It splits on
/// bytes before decoding: `"`, `,`, CR and LF never occur inside a multi-byte character in
/// UTF-8 or GB18030, so each field is decoded on its own.
struct CSVStream {
    /// One record: the line it starts on and its fields.
    struct Record {
        let line: Int
        let fields: [String]
    }

    /// A record, or the problem that stopped one.
    enum Item {
        case record(Record)
        case problem(Diagnostic)
    }

    let file: String
    private(set) var encoding: TextEncoding
    /// Whether the encoding was detected (and a later undecodable field should say so).
    private let detected: Bool
    private let handle: FileHandle?
    private var buffer: [UInt8]
    private var position = 0
    private var atEnd: Bool
    /// The size of the input, for progress; bytes consumed so far.
    let totalBytes: Int
    private var consumedBefore = 0
    private var line = 1
    private let chunk: Int

    /// Opens a file; the encoding is detected from its first chunk (a megabyte) unless named.
    init(path: String, file: String, encoding: TextEncoding?, chunk: Int = 1 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        self.handle = handle
        self.file = file
        self.chunk = chunk
        totalBytes = Int((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        buffer = Array(handle.readData(ofLength: chunk))
        atEnd = buffer.count < chunk
        (self.encoding, detected) = (encoding ?? Self.detect(buffer, complete: atEnd), encoding == nil)
        skipBOM()
    }

    /// Reads bytes already in memory.
    init(data: Data, file: String, encoding: TextEncoding?) {
        handle = nil
        self.file = file
        chunk = data.count
        buffer = Array(data)
        totalBytes = buffer.count
        atEnd = true
        (self.encoding, detected) = (encoding ?? Self.detect(buffer, complete: true), encoding == nil)
        skipBOM()
    }

    /// The share of the input read so far, 0–1.
    var fraction: Double { totalBytes == 0 ? 1 : min(1, Double(consumedBefore + position) / Double(totalBytes)) }

    /// The next non-blank record, nil at the end, or the problem that stopped it (an unclosed
    /// quote at the end of the input, or bytes that are not text in the encoding).
    mutating func next() -> Item? {
        while true {
            guard let (record, ok) = scan() else { return nil }
            if !ok { return .problem(Diagnostic(SourceLocation(file: file, line: record.line), "引号没有闭合")) }
            if record.fields.count == 1 && record.fields[0].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            var fields: [String] = []
            fields.reserveCapacity(record.fields.count)
            for bytes in record.fields {
                guard let text = decode(bytes) else {
                    return .problem(Diagnostic(
                        SourceLocation(file: file, line: record.line), "这一行不是 \(encoding.rawValue.uppercased()) 编码的文本",
                        hint: detected ? "整个文件须是同一种编码：请在 Excel 中另存为“CSV UTF-8”或 .xlsx" : "去掉 --encoding 让程序自动识别"))
                }
                fields.append(text)
            }
            return .record(Record(line: record.line, fields: fields))
        }
    }

    // MARK: - Bytes

    /// One record's raw fields from the buffer, reading more when it runs out; `ok` false for an
    /// unclosed quote at the end of the input.
    private mutating func scan() -> ((line: Int, fields: [[UInt8]]), ok: Bool)? {
        while true {
            if position >= buffer.count {
                if atEnd { return nil }
                refill()
                continue
            }
            var fields: [[UInt8]] = []
            var field: [UInt8] = []
            var inQuotes = false
            var lines = 0
            var i = position
            var complete = false
            while i < buffer.count {
                let byte = buffer[i]
                if inQuotes {
                    if byte == 0x22 {
                        if i + 1 < buffer.count, buffer[i + 1] == 0x22 {
                            field.append(0x22)
                            i += 1
                        } else if i + 1 == buffer.count && !atEnd {
                            break  // a quote at the chunk's end: is it doubled? read more first
                        } else {
                            inQuotes = false
                        }
                    } else {
                        if byte == 0x0A { lines += 1 }
                        field.append(byte)
                    }
                } else if byte == 0x22 && field.isEmpty {
                    inQuotes = true
                } else if byte == 0x2C {
                    fields.append(field)
                    field = []
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D {
                        if i + 1 == buffer.count && !atEnd { break }  // CR at the chunk's end: CRLF?
                        if i + 1 < buffer.count, buffer[i + 1] == 0x0A { i += 1 }
                    }
                    i += 1
                    complete = true
                    break
                } else {
                    field.append(byte)
                }
                i += 1
            }
            if !complete && !atEnd {
                refill()
                continue
            }
            fields.append(field)
            let start = line
            line += lines + (complete ? 1 : 0)
            position = i
            return ((start, fields), !inQuotes)
        }
    }

    /// Drops what was read and appends the next chunk.
    private mutating func refill() {
        guard let handle else {
            atEnd = true
            return
        }
        consumedBefore += position
        buffer.removeSubrange(0..<position)
        position = 0
        let more = handle.readData(ofLength: chunk)
        buffer.append(contentsOf: more)
        if more.count < chunk { atEnd = true }
    }

    private mutating func skipBOM() {
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    private func decode(_ bytes: [UInt8]) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        switch encoding {
        case .utf8: return String(validating: bytes, as: UTF8.self)
        case .gb18030: return String(data: Data(bytes), encoding: encoding.foundation)
        }
    }

    /// UTF-8 when the sample is valid UTF-8 (a character cut at the sample's end is forgiven), else GB18030.
    static func detect(_ sample: [UInt8], complete: Bool) -> TextEncoding {
        var bytes = sample[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
        if !complete, let last = bytes.lastIndex(of: 0x0A) { bytes = bytes[...last] }
        return String(validating: Array(bytes), as: UTF8.self) != nil ? .utf8 : .gb18030
    }
}
