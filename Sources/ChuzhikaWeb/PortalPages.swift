import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaDocuments

/// What every portal page shares: the login form, the navigation, a message, a form.
/// Pages are built in Swift on the reports' page and charts (no template engine: a handful of
/// pages, and the escaping is one function, `HTMLPage.escape`).
enum PortalPages {
    static let esc = HTMLPage.escape

    static func login(csrf: String, error: String? = nil) -> String {
        HTMLPage.page(title: "登录 · 学生发展储值卡", body: """
            <header class="report"><h1>学生发展储值卡</h1><p class="meta">用学号或工号登录（与 czk login 相同的账号）</p></header>
            \(error.map { "<p class=\"warning red\" role=\"alert\">\(esc($0))</p>" } ?? "")
            <form method="post" action="/login">
            <input type="hidden" name="csrf" value="\(esc(csrf))">
            <label for="code">学号或工号</label><input id="code" name="code" autocomplete="username" required>
            <label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required>
            <div class="actions"><button type="submit">登录</button></div>
            </form>
            <p class="muted">忘记密码请联系班主任或管理员重置（czk users reset）。在同一网络上连续输错 3 次，须等 8 分钟再试，之后每错一次等待加倍；15 分钟内累计输错 5 次，账号锁定 15 分钟。</p>
            """)
    }

    /// The links a person's pages offer, and the logout button.
    static func nav(_ principal: Principal, csrf: String) -> String {
        var links: [(String, String)]
        if principal.student != nil {
            links = [("/card", "储值卡"), ("/report", "诊改报告"), ("/appeals", "我的申诉")]
        } else {
            links = [("/", "首页"), ("/risks", "预警"), ("/due", "待录"), ("/upload", "上传成绩表"), ("/appeals", "待处理申诉")]
        }
        return "<nav class=\"portal\"><span class=\"who\">\(esc(principal.label))</span>"
            + links.map { "<a href=\"\($0.0)\">\(esc($0.1))</a>" }.joined()
            + form("/logout", csrf: csrf, inline: true, fields: "", button: "退出", secondary: true) + "</nav>"
    }

    static func message(_ title: String, _ text: String, nav: String = "") -> String {
        HTMLPage.page(title: title, body: nav + "<h1>\(esc(title))</h1>" + HTMLPage.paragraph(text))
    }

    /// A POST form with its CSRF token.
    /// - Parameter files: the form carries a file (sent as `multipart/form-data`).
    static func form(
        _ action: String, csrf: String, inline: Bool = false, files: Bool = false, fields: String, button: String, secondary: Bool = false
    ) -> String {
        "<form method=\"post\" action=\"\(esc(action))\"\(inline ? " class=\"inline\"" : "")"
            + (files ? " enctype=\"multipart/form-data\">" : ">")
            + "<input type=\"hidden\" name=\"csrf\" value=\"\(esc(csrf))\">" + fields
            + (inline ? "" : "<div class=\"actions\">")
            + "<button type=\"submit\"\(secondary ? " class=\"secondary\"" : "")>\(esc(button))</button>"
            + (inline ? "" : "</div>") + "</form>"
    }

    /// A labelled text field.
    static func field(_ name: String, _ label: String, placeholder: String = "", multiline: Bool = false, required: Bool = true) -> String {
        let id = "f-\(name)"
        let attributes = "id=\"\(id)\" name=\"\(esc(name))\"" + (placeholder.isEmpty ? "" : " placeholder=\"\(esc(placeholder))\"")
            + (required ? " required" : "")
        return "<label for=\"\(id)\">\(esc(label))</label>"
            + (multiline ? "<textarea \(attributes) rows=\"3\" maxlength=\"500\"></textarea>" : "<input \(attributes) maxlength=\"200\">")
    }

    static func change(_ points: Points?) -> String { points?.signedDescription ?? "—" }
}
