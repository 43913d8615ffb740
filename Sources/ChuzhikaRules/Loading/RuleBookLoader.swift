import ChuzhikaCore
import Synchronization
import Yams

/// Turns rule files into a ``RuleBook``, reporting every problem with file, line and column.
///
/// Nothing is loaded when any error is found: the result's book is nil.
public enum RuleBookLoader {
    public struct Result: Sendable {
        public let book: RuleBook?
        public let diagnostics: [Diagnostic]

        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    }

    static let topLevelKeys = ["version", "applies_from", "domain", "domains", "points", "risks"]

    public static func load(_ sources: [RuleSource]) -> Result {
        var points: [ScoringPoint] = []
        var risks: [RiskRule] = []
        var diagnostics: [Diagnostic] = []
        var version: (String, SourceLocation)?
        var appliesFrom: SemesterID?
        var domains: [Domain: DomainSettings] = [:]
        for source in sources {
            let (file, read) = read(source)
            points += file.points
            risks += file.risks
            diagnostics += read
            if let v = file.version {
                if let first = version {
                    diagnostics.append(Diagnostic(v.1, "规则版本重复声明（已在 \(first.1) 声明为 \(first.0)）"))
                } else {
                    version = v
                }
            }
            domains.merge(file.domains) { a, _ in a }
            appliesFrom = appliesFrom ?? file.appliesFrom
        }
        if version == nil, let first = sources.first {
            diagnostics.append(
                Diagnostic(
                    SourceLocation(file: first.path, line: 1), "规则文件没有声明 version",
                    hint: "在 card.yaml 顶层写 version: 2025-2026.1，每次修改规则时改这个版本号"))
        }
        diagnostics += RuleValidator.validate(points)
        var riskIDs: [String: SourceLocation] = [:]
        for rule in risks {
            if let first = riskIDs[rule.id] {
                diagnostics.append(Diagnostic(rule.location, "预警规则 id \(rule.id) 重复（已在 \(first) 使用）"))
            }
            riskIDs[rule.id] = riskIDs[rule.id] ?? rule.location
        }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        let book = hasErrors ? nil : RuleBook(version: version?.0 ?? "", appliesFrom: appliesFrom, points: points, domains: domains,
                                          risks: risks)
        return Result(book: book, diagnostics: diagnostics)
    }

    // MARK: - One file

    struct FileContent: Sendable {
        var points: [ScoringPoint] = []
        var version: (String, SourceLocation)?
        var appliesFrom: SemesterID?
        var domains: [Domain: DomainSettings] = [:]
        var risks: [RiskRule] = []
    }

    /// Files already read in this process, by path and text: what a file says depends on nothing
    /// else, and every college opened on the same rules (a province's server, a test run: 14 % of
    /// the suite's CPU was parsing the same default files again) reads each file once. More
    /// distinct files than `memoCapacity` (rules edited again and again in one process) start it afresh.
    private static let filesRead = Mutex<[RuleSource: (FileContent, [Diagnostic])]>([:])
    static let memoCapacity = 256

    /// A file's content and the problems found reading it, read once per process.
    static func read(_ source: RuleSource) -> (FileContent, [Diagnostic]) {
        if let known = filesRead.withLock({ $0[source] }) { return known }
        let reader = YAMLReader(file: source.path)
        let read = (readFile(source, reader: reader), reader.diagnostics)
        filesRead.withLock { files in
            if files.count >= memoCapacity { files.removeAll() }
            files[source] = read
        }
        return read
    }

    static func readFile(_ source: RuleSource, reader: YAMLReader) -> FileContent {
        var content = FileContent()
        guard let root = source.tree.flatMap(RuleTree.decode) ?? reader.compose(source.text) else { return content }
        guard let fields = reader.fields(root, allowed: topLevelKeys, what: "规则文件顶层") else { return content }
        if let node = fields["version"], let v = reader.string(node, what: "version") {
            content.version = (v, reader.location(node))
        }
        if let node = fields["applies_from"], let text = reader.string(node, what: "applies_from") {
            let parts = text.split(separator: "-")
            if parts.count == 3, parts.allSatisfy({ Int($0) != nil }) {
                content.appliesFrom = SemesterID(rawValue: text)
            } else {
                reader.fail(node, "applies_from 应当是学期，如 2025-2026-2")
            }
        }
        var fileDomain: Domain?
        if let node = fields["domain"], let name = reader.string(node, what: "domain") {
            fileDomain = Domain(name: name)
            if fileDomain == nil { reader.fail(node, "未知领域 \(name)", hint: "可用：academic/学业发展、personal/个人发展、career/职业发展") }
        }
        if let node = fields["domains"] { content.domains = readDomains(node, reader: reader) }
        if let node = fields["points"] {
            guard let list = node.sequence else {
                reader.fail(node, "points 应当是列表，每项以 - 开头")
                return content
            }
            content.points = list.compactMap { PointReader(reader: reader, fileDomain: fileDomain).read($0) }
        }
        if let node = fields["risks"] {
            guard let list = node.sequence else {
                reader.fail(node, "risks 应当是列表，每项以 - 开头")
                return content
            }
            content.risks = list.compactMap { RiskReader(reader: reader).read($0) }
        }
        return content
    }

    static func readDomains(_ node: Node, reader: YAMLReader) -> [Domain: DomainSettings] {
        guard let mapping = node.mapping else {
            reader.fail(node, "domains 应当是 领域: {weight: …, semester_cap: …}")
            return [:]
        }
        var result: [Domain: DomainSettings] = [:]
        for (key, value) in mapping {
            guard let name = key.string, let domain = Domain(name: name) else {
                reader.fail(key, "未知领域 \(key.string ?? "")", hint: "可用：academic、personal、career")
                continue
            }
            guard let f = reader.fields(value, allowed: ["weight", "semester_cap"], what: "领域设置") else { continue }
            let weight = f["weight"].flatMap { reader.number($0, what: "weight") } ?? 1
            if weight < 0 { reader.fail(f["weight"], "weight 不能为负数") }
            let cap = f["semester_cap"].flatMap { reader.number($0, what: "semester_cap") }
            if let cap, cap <= 0 { reader.fail(f["semester_cap"], "semester_cap 应当大于 0") }
            result[domain] = DomainSettings(weight: weight, semesterCap: cap.map { Points($0) })
        }
        return result
    }
}
