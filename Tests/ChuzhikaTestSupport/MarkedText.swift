/// Input text with markers (1️⃣ 2️⃣ …) where diagnostics are expected; the markers are removed
/// and their 1-based line and column (in Unicode scalars, as Yams counts) kept.
public struct MarkedText {
    public let text: String
    public let markers: [String: (line: Int, column: Int)]

    public static let names = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"]

    public init(_ marked: String) {
        var text = ""
        var markers: [String: (Int, Int)] = [:]
        var line = 1
        var column = 1
        var rest = Substring(marked)
        outer: while !rest.isEmpty {
            for name in Self.names where rest.hasPrefix(name) {
                markers[name] = (line, column)
                rest = rest.dropFirst(name.count)
                continue outer
            }
            let c = rest.removeFirst()
            text.append(c)
            if c == "\n" {
                line += 1
                column = 1
            } else {
                column += c.unicodeScalars.count
            }
        }
        self.text = text
        self.markers = markers
    }
}
