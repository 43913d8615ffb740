import Foundation
import Hummingbird
import MultipartKit

/// A sheet posted from the upload page (`multipart/form-data`, read with MultipartKit). Its CSRF
/// token travels in the form's address, so that it is checked before the body is read.
struct SheetUpload: Sendable {
    /// Larger sheets go through `czk import`, which streams them.
    static let maximumBytes = 20 * 1_048_576

    var filename: String
    var data: Data
    var point: String?
    var date: String?

    /// One part of the form: its field name, its file name if it is a file, its bytes.
    private struct Part {
        var name = ""
        var filename: String?
        var body = Data()
    }

    /// The upload, or nil when the body is not a form with a file, or is larger than `limit`.
    static func read(_ request: Request, limit: Int) async throws -> SheetUpload? {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
            let boundary = parameter("boundary", in: type)
        else { return nil }
        guard let body = try? await request.body.collect(upTo: limit), let parts = parts(body, boundary: boundary) else { return nil }
        func text(_ name: String) -> String? {
            parts.first { $0.name == name }.map { String(decoding: $0.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
                .flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let sheet = parts.first(where: { $0.name == "sheet" }) else { return nil }
        let name = (sheet.filename ?? "") as NSString
        return SheetUpload(
            filename: name.length == 0 ? "上传的表格" : name.lastPathComponent, data: sheet.body,
            point: text("point"), date: text("date"))
    }

    private static func parts(_ body: ByteBuffer, boundary: String) -> [Part]? {
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var current = Part()
        parser.onHeader = { field, value in
            guard field.lowercased() == "content-disposition" else { return }
            current.name = parameter("name", in: value) ?? ""
            current.filename = parameter("filename", in: value)
        }
        parser.onBody = { buffer in current.body.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            parts.append(current)
            current = Part()
        }
        do { try parser.execute(body) } catch { return nil }
        return parts
    }

    /// A `key=value` parameter of a header value (`boundary=…`, `name="…"`, `filename="…"`).
    private static func parameter(_ key: String, in value: String) -> String? {
        for item in value.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }
}
