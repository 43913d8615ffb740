import ChuzhikaCore
import Yams

/// Reads a calendar file (`semesters:` with year, ordinal, start, end, teaching_start,
/// teaching_weeks) and reports every mistake at its line and column.
public enum CalendarReader {
    static let fields = ["year", "ordinal", "start", "end", "teaching_start", "teaching_weeks"]

    public static func read(_ text: String, file: String) -> (SchoolCalendar?, [Diagnostic]) {
        var problems: [Diagnostic] = []
        func fail(_ node: Node?, _ message: String, hint: String? = nil) {
            let mark = node?.mark
            problems.append(Diagnostic(SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1), message, hint: hint))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _) {
            problems.append(Diagnostic(SourceLocation(file: file, line: mark.line, column: mark.column), "YAML 语法错误：\(problem)",
                                       hint: "检查缩进、冒号和引号"))
            return (nil, problems)
        } catch {
            problems.append(Diagnostic(SourceLocation(file: file, line: 1), "YAML 无法解析：\(error)"))
            return (nil, problems)
        }
        guard let list = root?.mapping?["semesters"]?.sequence, !list.isEmpty else {
            fail(root, "校历文件应当有 semesters: 列表", hint: "参照模板：czk calendar template")
            return (nil, problems)
        }
        var semesters: [(Semester, Node)] = []
        for item in list {
            guard let mapping = item.mapping else {
                fail(item, "每个学期应当是键值对（year: …）")
                continue
            }
            var values: [String: (String, Node)] = [:]
            for (key, value) in mapping {
                let name = key.string ?? ""
                guard fields.contains(name) else {
                    fail(key, "未知字段 \(name)", hint: "可用字段：\(fields.joined(separator: ", "))")
                    continue
                }
                values[name] = (value.string ?? "", value)
            }
            let missing = fields.filter { values[$0] == nil }
            guard missing.isEmpty else {
                fail(item, "学期缺少字段 \(missing.joined(separator: ", "))")
                continue
            }
            if let semester = semester(values, fail: fail) { semesters.append((semester, item)) }
        }
        checkOrder(semesters, fail: fail)
        guard problems.isEmpty else { return (nil, problems) }
        return (SchoolCalendar(semesters: semesters.map(\.0)), [])
    }

    private static func semester(_ v: [String: (String, Node)], fail: (Node?, String, String?) -> Void) -> Semester? {
        func date(_ key: String) -> LocalDate? {
            guard let (text, node) = v[key] else { return nil }
            switch DateInput.parse(text) {
            case .success(let d): return d
            case .failure(let e):
                fail(node, "\(key)：\(e.localizedDescription)", e.recoverySuggestion)
                return nil
            }
        }
        let (year, yearNode) = v["year"]!  // every field was checked present
        let parts = year.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, parts[1] == parts[0] + 1, year.count == 9 else {
            fail(yearNode, "学年“\(year)”应当写成 2026-2027", nil)
            return nil
        }
        guard let ordinal = Int(v["ordinal"]!.0), (1...2).contains(ordinal) else {
            fail(v["ordinal"]!.1, "ordinal 应当是 1 或 2（第几学期）", nil)
            return nil
        }
        guard let weeks = Int(v["teaching_weeks"]!.0), (1...30).contains(weeks) else {
            fail(v["teaching_weeks"]!.1, "teaching_weeks 应当是 1 到 30 的整数", nil)
            return nil
        }
        guard let start = date("start"), let end = date("end"), let teaching = date("teaching_start") else { return nil }
        let semester = Semester(academicYear: year, ordinal: ordinal, start: start, end: end, teachingStart: teaching, teachingWeeks: weeks)
        if end < start { fail(v["end"]!.1, "end \(end) 早于 start \(start)", nil); return nil }
        if !(parts[0]...parts[1]).contains(start.year) {
            fail(v["start"]!.1, "start \(start) 不在 \(year) 学年内", nil)
            return nil
        }
        if teaching.weekday != 1 { fail(v["teaching_start"]!.1, "teaching_start \(teaching) 不是星期一", "第一教学周从星期一算起"); return nil }
        if !semester.contains(teaching) || !semester.contains(semester.teachingEnd) {
            fail(v["teaching_weeks"]!.1, "\(weeks) 个教学周从 \(teaching) 起到 \(semester.teachingEnd)，超出了学期 \(start)～\(end)",
                 "减少教学周数，或推后学期结束日期")
            return nil
        }
        return semester
    }

    private static func checkOrder(_ semesters: [(Semester, Node)], fail: (Node?, String, String?) -> Void) {
        var seen: Set<SemesterID> = []
        for (semester, node) in semesters where !seen.insert(semester.id).inserted {
            fail(node, "学期 \(semester.id.rawValue) 重复出现", nil)
        }
        let sorted = semesters.sorted { $0.0.start < $1.0.start }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.0.start <= a.0.end {
            fail(b.1, "学期 \(b.0.id.rawValue)（\(b.0.start) 起）与 \(a.0.id.rawValue)（到 \(a.0.end)）重叠", nil)
        }
    }
}
