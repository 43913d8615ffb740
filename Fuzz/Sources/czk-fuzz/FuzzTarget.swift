import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaRules
import ChuzhikaSheets
import Foundation

/// One libFuzzer input: its first byte picks what it is, the rest is the text or file.
///
/// - 0: a rule expression — parses, or a syntax error whose offset (in Unicode scalars) lies inside the text;
/// - 1: a CSV sheet and 2: an `.xlsx` workbook — a sheet, or problems naming the file and a line ≥ 1;
/// - 3: a rule file (YAML) — a rule book, or diagnostics naming the file.
///
/// A broken promise traps, which libFuzzer reports as a crash with the input that caused it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let body = Data(bytes.dropFirst())
    switch bytes[0] % 4 {
    case 0:
        let text = String(decoding: body, as: UTF8.self)
        do throws(ExpressionSyntaxError) {
            _ = try ExpressionParser.parse(text)
        } catch {
            precondition(error.offset >= 0 && error.offset <= text.unicodeScalars.count && !error.message.isEmpty, "\(text): \(error)")
        }
    case 1, 2:
        let file = bytes[0] % 4 == 1 ? "模糊.csv" : "模糊.xlsx"
        let zip = Data([0x50, 0x4B, 0x03, 0x04])
        let data = bytes[0] % 4 == 2 && !body.starts(with: zip) ? zip + body : body
        do {
            _ = try SheetFile.read(data, file: file)
        } catch let refused as SheetProblems {
            let problems = refused.problems
            precondition(!problems.isEmpty && problems.allSatisfy { $0.location.file == file && $0.location.line >= 1 }, "\(problems)")
        } catch {
            preconditionFailure("not a diagnostic: \(error)")
        }
    default:
        let result = RuleBookLoader.load([RuleSource(path: "模糊.yaml", text: String(decoding: body, as: UTF8.self))])
        precondition(result.book != nil || !result.errors.isEmpty)
        precondition(result.errors.allSatisfy { $0.location.file == "模糊.yaml" && !$0.message.isEmpty }, "\(result.errors)")
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point under the target's name; libFuzzer's driver runs from it.
@_cdecl("czk_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { fuzz($0, $1) }
}
