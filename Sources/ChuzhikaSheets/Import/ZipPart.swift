import CZlib
import Foundation
import ZIPFoundation

/// Inflates one part of a zip from its own compressed bytes, bounded on every side.
///
/// By hand, on zlib, because ZIPFoundation's `extract` is unsafe on damaged input (found by
/// fuzzing workbooks, issue 12): its in-memory archive traps on an offset past the end, and its
/// inflate loop reads on past the entry and never ends on a deflate stream that does not finish.
/// ZIPFoundation still reads the central directory (which entries, their sizes and checksums);
/// this finds the entry's local header, takes exactly its compressed bytes, inflates at most
/// `limit` bytes and checks the CRC.
enum ZipPart {
    enum Failure: Error {
        case damaged
        case tooLarge
    }

    static func read(_ entry: Entry, path: String, in data: Data, limit: UInt64) throws(Failure) -> Data {
        guard entry.uncompressedSize <= limit else { throw .tooLarge }
        let compressed = try compressedBytes(of: entry, path: path, in: data)
        let out: Data
        switch entry.isCompressed {
        case false:
            guard UInt64(compressed.count) <= limit else { throw .tooLarge }
            out = compressed
        case true:
            out = try inflate(compressed, limit: limit)
        }
        let crc = out.withUnsafeBytes { bytes in
            UInt32(crc32(0, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
        }
        guard crc == entry.checksum else { throw .damaged }
        return out
    }

    /// The entry's compressed bytes: after its local header (signature, name, extra field), as
    /// many as the central directory says, all inside the file.
    static func compressedBytes(of entry: Entry, path: String, in data: Data) throws(Failure) -> Data {
        let name = Data(path.utf8)
        let signature = Data([0x50, 0x4B, 0x03, 0x04])
        let base = data.startIndex
        var from = base
        while let found = data.range(of: name, in: from..<data.endIndex) {
            from = found.upperBound
            let header = found.lowerBound - 30
            guard header >= base, data[header..<header + 4] == signature,
                  Int(data[header + 26]) | Int(data[header + 27]) << 8 == name.count else { continue }
            let extra = Int(data[header + 28]) | Int(data[header + 29]) << 8
            let start = found.upperBound + extra
            guard entry.compressedSize <= UInt64(data.count), start + Int(entry.compressedSize) <= data.endIndex else { throw .damaged }
            return data.subdata(in: start..<start + Int(entry.compressedSize))
        }
        throw .damaged
    }

    static let overLimit = Int32.min

    /// Raw deflate (no zlib header), never reading past `input` nor writing past `limit`.
    static func inflate(_ input: Data, limit: UInt64) throws(Failure) -> Data {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .damaged }
        defer { inflateEnd(&stream) }
        var out = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = input
        let status: Int32 = input.withUnsafeMutableBytes { source in
            stream.next_in = source.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_in = uInt(source.count)
            while true {
                let result = chunk.withUnsafeMutableBytes { target in
                    stream.next_out = target.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = uInt(target.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if UInt64(out.count + produced) > limit { return ZipPart.overLimit }
                out.append(contentsOf: chunk[0..<produced])
                if result == Z_STREAM_END { return Z_STREAM_END }
                // Out of input before the end, or an error: the part is damaged.
                if result != Z_OK || (stream.avail_in == 0 && produced == 0) { return result == Z_OK ? Z_BUF_ERROR : result }
            }
        }
        switch status {
        case Z_STREAM_END: return out
        case ZipPart.overLimit: throw .tooLarge
        default: throw .damaged
        }
    }
}
