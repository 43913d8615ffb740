import ChuzhikaCore

/// One self-contained HTML page: inline CSS, inline SVG, no script, no network.
///
/// Readable on a 360-px phone and printable on A4; CJK fonts first, lines broken as Chinese
/// typography expects (`line-break: strict`: no 。，、 at the start of a line).
public enum HTMLPage {
    /// The page around `body`, with a title and a strict Content-Security-Policy.
    public static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>\(escape(title))</title>
        <style>\(css)</style>
        </head>
        <body>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// Text made safe for HTML content and attribute values. A control character (ESC, a C1
    /// control, a bidi override stored before such text was refused) is shown as its picture
    /// (`␛`, ``TypedText/visible(_:singleLine:)``): a browser does not obey ESC, but a bidi
    /// override would reorder the page's text, and a page saved and `cat`ed is a terminal again.
    public static func escape(_ text: String) -> String {
        let text = TypedText.visible(text)
        // Most text has nothing to escape: checking its bytes is far cheaper than walking characters.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A table: headers, rows of cells; columns in `numeric` are right-aligned and never wrap.
    public static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = [], caption: String? = nil, rawCells: Bool = false) -> String {
        func cell(_ tag: String, _ index: Int, _ text: String) -> String {
            let attribute = numeric.contains(index) ? " class=\"num\"" : ""
            return "<\(tag)\(attribute)>\(rawCells && tag == "td" ? text : escape(text))</\(tag)>"
        }
        var html = "<table>"
        if let caption { html += "<caption>\(escape(caption))</caption>" }
        html += "<thead><tr>" + headers.enumerated().map { cell("th", $0.offset, $0.element) }.joined() + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + row.enumerated().map { cell("td", $0.offset, $0.element) }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }

    /// A row of headline numbers.
    public static func tiles(_ items: [(label: String, value: String, note: String?)]) -> String {
        "<div class=\"tiles\">" + items.map { item in
            "<div class=\"tile\"><div class=\"label\">\(escape(item.label))</div><div class=\"value\">\(escape(item.value))</div>"
                + (item.note.map { "<div class=\"note\">\(escape($0))</div>" } ?? "") + "</div>"
        }.joined() + "</div>"
    }

    /// A 黄/橙/红 level as a coloured badge.
    public static func level(_ level: String) -> String {
        let kind = level == "红" ? "red" : level == "橙" ? "orange" : "yellow"
        return "<span class=\"badge \(kind)\">\(escape(level))</span>"
    }

    /// The line under a title: items that never break inside, separated by dots.
    public static func meta(_ items: [String]) -> String {
        "<p class=\"meta\">" + items.filter { !$0.isEmpty }.map { "<span class=\"nw\">\(escape($0))</span>" }.joined(separator: " · ") + "</p>"
    }

    public static func list(_ items: [String]) -> String {
        "<ul>" + items.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
    }

    public static func section(_ title: String, _ content: String) -> String {
        "<section><h2>\(escape(title))</h2>\(content)</section>"
    }

    public static func paragraph(_ text: String, class name: String? = nil) -> String {
        "<p\(name.map { " class=\"\($0)\"" } ?? "")>\(escape(text))</p>"
    }

    static let css = """
        :root{color-scheme:light}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;background:#fff;color:#1a202c;line-height:1.65;font-size:15px;
        font-family:"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","Microsoft YaHei","WenQuanYi Micro Hei","WenQuanYi Zen Hei",system-ui,sans-serif;
        line-break:strict;word-break:normal;overflow-wrap:anywhere}
        main{max-width:800px;margin:0 auto;padding:14px 14px 32px}
        header.report{border-bottom:2px solid #2b6cb0;margin-bottom:12px}
        h1{font-size:1.3rem;margin:.2em 0;line-height:1.35}
        .meta{color:#4a5568;font-size:.88rem;margin:.2em 0 .6em}
        h2{font-size:1.08rem;margin:1.5em 0 .5em;padding-left:8px;border-left:4px solid #2b6cb0;line-height:1.4}
        h3{font-size:.98rem;margin:1em 0 .3em}
        p,li{margin:.3em 0}
        ul{padding-left:1.3em;margin:.3em 0}
        .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(96px,1fr));gap:8px;margin:8px 0}
        .tile{border:1px solid #e2e8f0;border-radius:8px;padding:6px 9px;min-width:0}
        .tile .label{font-size:.8rem;color:#4a5568}
        .tile .value{font-size:1.3rem;font-variant-numeric:tabular-nums;white-space:nowrap}
        .tile .note{font-size:.78rem;color:#4a5568}
        table{width:100%;border-collapse:collapse;font-size:.86rem;margin:6px 0;table-layout:auto}
        caption{text-align:left;color:#4a5568;font-size:.82rem;padding:2px 0}
        th,td{border-bottom:1px solid #e2e8f0;padding:4px 5px;text-align:left;vertical-align:top}
        th{background:#f7fafc;font-weight:600}
        .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        figure.chart{margin:8px 0 14px;padding:0}
        figure.chart svg{display:block;width:100%;height:auto;max-width:560px}
        figcaption{font-size:.8rem;color:#4a5568}
        .badge{display:inline-block;min-width:1.6em;text-align:center;border-radius:4px;padding:0 4px;font-size:.8rem;white-space:nowrap}
        .badge.red{background:#c53030;color:#fff}.badge.orange{background:#dd6b20;color:#fff}.badge.yellow{background:#ecc94b;color:#1a202c}
        .up{color:#2f855a}.down{color:#c53030}
        .muted{color:#718096;font-size:.84rem}
        .nw{white-space:nowrap}
        .id{white-space:nowrap;font-variant-numeric:tabular-nums;color:#4a5568;font-size:.8rem}
        .warning{border-left:4px solid #ecc94b;padding:4px 8px;margin:6px 0;background:#fffff0}
        .warning.red{border-color:#c53030;background:#fff5f5}.warning.orange{border-color:#dd6b20;background:#fffaf0}
        footer{margin-top:2em;color:#718096;font-size:.78rem}
        a{color:#2b6cb0}
        nav.portal{display:flex;flex-wrap:wrap;gap:2px 14px;align-items:center;font-size:.92rem;padding:2px 0 6px;border-bottom:1px solid #e2e8f0;margin-bottom:8px}
        nav.portal a{text-decoration:none;padding:6px 0}nav.portal .who{color:#4a5568;width:100%}
        form{margin:6px 0}form.inline{display:inline}
        input,select,textarea,button{font:inherit;font-size:16px}
        input:not([type=hidden]):not([type=file]),select,textarea{width:100%;max-width:26em;padding:7px 8px;border:1px solid #a0aec0;border-radius:6px;background:#fff}
        input[type=file]{max-width:100%}
        label{display:block;margin:8px 0 2px;font-size:.9rem}
        button{padding:7px 16px;border:0;border-radius:6px;background:#2b6cb0;color:#fff;min-height:40px;cursor:pointer}
        button.secondary{background:#e2e8f0;color:#1a202c}
        .actions{display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end;margin:8px 0}
        .notice{border-left:4px solid #2f855a;background:#f0fff4;padding:6px 10px;margin:8px 0}
        @page{size:A4;margin:14mm 12mm}
        @media print{nav,form{display:none}body{font-size:11pt}main{max-width:none;padding:0}h2{break-after:avoid}
        figure,table,.tile,.warning,tr{break-inside:avoid}figure.chart svg{max-width:15cm}}
        """
}
