import ChuzhikaApp
import ChuzhikaCore
import Foundation

/// Charts drawn as inline SVG: a line chart for trends, grouped bars for comparisons, and a
/// histogram for distributions. No script, no fonts to fetch; each scales to its box.
public enum SVGChart {
    /// A series of values with its name and colour.
    public struct Series {
        public let name: String
        public let color: String
        public let values: [Double]

        public init(name: String, color: String, values: [Double]) {
            self.name = name
            self.color = color
            self.values = values
        }
    }

    /// The colours of 学业, 个人, 职业 and the 总分汇总.
    public static let domainColors = ["#2b6cb0", "#2f855a", "#c05621", "#553c9a"]
    static let width = 340.0
    static let height = 210.0
    static let left = 38.0
    static let right = 10.0
    static let top = 30.0
    static let bottom = 28.0

    /// Lines over x labels (semesters), one per series, with a legend on top.
    public static func lines(_ series: [Series], labels: [String], title: String) -> String {
        let values = series.flatMap(\.values)
        let scale = Scale(values)
        var body = frame(scale) + legend(series.map { ($0.name, $0.color) })
        let step = labels.count > 1 ? (width - left - right - 20) / Double(labels.count - 1) : 0
        let x = { (index: Int) in labels.count > 1 ? left + 10 + Double(index) * step : (left + width - right) / 2 }
        for (index, label) in labels.enumerated() {
            body += text(x(index), height - bottom + 16, label, anchor: "middle")
        }
        for item in series {
            let points = item.values.enumerated().map { "\(fmt(x($0.offset))),\(fmt(scale.y($0.element)))" }
            if points.count > 1 {
                body += "<polyline fill=\"none\" stroke=\"\(item.color)\" stroke-width=\"2.2\" points=\"\(points.joined(separator: " "))\"/>"
            }
            for (index, value) in item.values.enumerated() {
                body += "<circle cx=\"\(fmt(x(index)))\" cy=\"\(fmt(scale.y(value)))\" r=\"3.2\" fill=\"\(item.color)\"/>"
            }
        }
        return svg(body, title: title, kind: "lines")
    }

    /// Bars per category (学业, 个人 …), one bar per series side by side.
    public static func bars(_ series: [Series], categories: [String], title: String) -> String {
        let scale = Scale(series.flatMap(\.values))
        var body = frame(scale) + legend(series.map { ($0.name, $0.color) })
        let slot = (width - left - right) / Double(max(categories.count, 1))
        let barWidth = min(22, (slot - 10) / Double(max(series.count, 1)))
        for (index, category) in categories.enumerated() {
            let start = left + Double(index) * slot + (slot - barWidth * Double(series.count)) / 2
            for (position, item) in series.enumerated() where index < item.values.count {
                let value = item.values[index]
                let y0 = scale.y(0), y1 = scale.y(value)
                body += "<rect x=\"\(fmt(start + Double(position) * barWidth))\" y=\"\(fmt(min(y0, y1)))\" width=\"\(fmt(barWidth - 2))\" "
                    + "height=\"\(fmt(max(abs(y1 - y0), 1)))\" fill=\"\(item.color)\"><title>\(HTMLPage.escape("\(item.name) \(category)：\(number(value))"))</title></rect>"
            }
            body += text(left + Double(index) * slot + slot / 2, height - bottom + 16, category, anchor: "middle")
        }
        return svg(body, title: title, kind: "bars")
    }

    /// A histogram: one bar per bin, labelled with its lower bound; counts above the bars.
    public static func histogram(_ distribution: Distribution, color: String, title: String) -> String {
        let counts = distribution.bins.map { Double($0.count) }
        let scale = Scale(counts + [0], integral: true)
        var body = frame(scale)
        let slot = (width - left - right) / Double(max(counts.count, 1))
        for (index, bin) in distribution.bins.enumerated() {
            let x = left + Double(index) * slot
            let y = scale.y(Double(bin.count))
            body += "<rect x=\"\(fmt(x + 2))\" y=\"\(fmt(y))\" width=\"\(fmt(slot - 4))\" height=\"\(fmt(max(scale.y(0) - y, bin.count > 0 ? 1 : 0)))\" "
                + "fill=\"\(color)\"><title>\(HTMLPage.escape("\(bin.lower)–\(bin.upper)：\(bin.count) 人"))</title></rect>"
            if bin.count > 0 { body += text(x + slot / 2, y - 3, "\(bin.count)", anchor: "middle") }
            body += text(x + slot / 2, height - bottom + 16, "\(bin.lower)", anchor: "middle")
        }
        body += text(left, top - 12, "人数（按\(distribution.name)分段）", anchor: "start")
        return svg(body, title: title, kind: "histogram")
    }

    // MARK: - Pieces

    /// Maps values to the plot's y, with a little headroom and zero always in range.
    struct Scale {
        let low: Double
        let high: Double
        let ticks: [Double]

        init(_ values: [Double], integral: Bool = false) {
            let low = min(values.min() ?? 0, 0)
            let high = max(values.max() ?? 1, low + 1)
            let raw = (high - low) / 4
            let magnitude = pow(10, floor(log10(max(raw, integral ? 1 : 0.01))))
            let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
            let stepped = integral ? max(1, step.rounded(.up)) : step
            self.low = (low / stepped).rounded(.down) * stepped
            self.high = (high / stepped).rounded(.up) * stepped
            self.ticks = stride(from: self.low, through: self.high + stepped / 2, by: stepped).map { $0 }
        }

        func y(_ value: Double) -> Double {
            let plot = SVGChart.height - SVGChart.top - SVGChart.bottom
            return SVGChart.top + plot * (1 - (value - low) / max(high - low, 0.0001))
        }
    }

    private static func frame(_ scale: Scale) -> String {
        var body = ""
        for tick in scale.ticks {
            let y = scale.y(tick)
            body += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y))\" y2=\"\(fmt(y))\" stroke=\"\(tick == 0 ? "#718096" : "#e2e8f0")\" stroke-width=\"1\"/>"
            body += text(left - 4, y + 4, number(tick), anchor: "end")
        }
        return body
    }

    private static func legend(_ items: [(String, String)]) -> String {
        var x = left
        var body = ""
        for (name, color) in items {
            body += "<rect x=\"\(fmt(x))\" y=\"6\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            body += text(x + 13, 15, name, anchor: "start")
            x += 13 + Double(name.count) * 11 + 10
        }
        return body
    }

    private static func text(_ x: Double, _ y: Double, _ content: String, anchor: String) -> String {
        "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" text-anchor=\"\(anchor)\">\(HTMLPage.escape(content))</text>"
    }

    private static func svg(_ body: String, title: String, kind: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" role=\"img\" "
            + "data-kind=\"\(kind)\" font-size=\"11\" fill=\"#2d3748\"><title>\(HTMLPage.escape(title))</title>\(body)</svg>"
    }

    /// `12.5`, `3`: numbers as the card prints them.
    static func number(_ value: Double) -> String { Points(value).description }

    private static func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
