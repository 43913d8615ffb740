#!/usr/bin/env python3
"""Drives the web portal in a real browser (issue 10): Debian's chromium, headless, spoken to over
the DevTools protocol on a pipe (--remote-debugging-pipe: no websocket library needed).

A demo student logs in through the login page, reads the card and report at phone width and
appeals a record; a demo counselor opens a warning, acknowledges it, writes a follow-up note and
resolves it; the student then tries the counselor's link to another student's card and must get
404. Every page is checked as .ci/page-check.js checks reports (blank, missing or empty chart,
text overflowing at 360 px) and screenshotted at 360 px into OUT.

Usage: portal-browser.py BASE_URL OUT_DIR PAGE_CHECK_JS
Prints one line per page; exits 1 on the first failed expectation, naming it.
"""
import base64, json, os, subprocess, sys, time

BASE, OUT, CHECK = sys.argv[1].rstrip("/"), sys.argv[2], open(sys.argv[3]).read()
WIDTH = 360


class Chromium:
    """One headless chromium; commands and events as JSON, NUL-separated, over fds 3 and 4."""

    def __init__(self):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def arrange():  # in the child: the pipes become fds 3 (commands) and 4 (answers)
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.process = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--disable-extensions", "--font-render-hinting=none", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=arrange, pass_fds=(3, 4),  # kept open after arrange() made them
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer, self.next_id, self.events = b"", 0, []

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            answer = self.read(deadline)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)
        raise RuntimeError(f"{method}: no answer in {timeout} s")

    def read(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise RuntimeError("chromium stopped answering")
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_event(self, method, session, timeout=30):
        deadline = time.time() + timeout
        while True:
            for index, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self.events.pop(index)
            self.events.append(self.read(deadline))

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        self.process.kill()


class Person:
    """A tab in its own browser context (its own cookies), 360 px wide like a phone."""

    def __init__(self, chrome, who):
        self.chrome, self.who = chrome, who
        context = chrome.send("Target.createBrowserContext")["browserContextId"]
        target = chrome.send("Target.createTarget", {"url": "about:blank", "browserContextId": context})["targetId"]
        self.session = chrome.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Network.enable", "Runtime.enable"):
            self.send(domain)
        self.send("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": 780, "deviceScaleFactor": 1, "mobile": True})
        self.status = None

    def send(self, method, params=None):
        return self.chrome.send(method, params, self.session)

    def js(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise RuntimeError(f"{self.who}: script failed: {details.get('exception', {}).get('description') or details.get('text')}")
        return result["result"].get("value")

    def loaded(self, action):
        """Runs `action` (a navigation or a click) and waits for the next page, noting its HTTP status."""
        self.chrome.events = [e for e in self.chrome.events if e.get("sessionId") != self.session]
        action()
        self.chrome.wait_event("Page.loadEventFired", self.session)
        documents = [e for e in self.chrome.events if e.get("sessionId") == self.session
                     and e.get("method") == "Network.responseReceived" and e["params"].get("type") == "Document"]
        self.status = documents[-1]["params"]["response"]["status"] if documents else None
        return self.status

    def go(self, path):
        return self.loaded(lambda: self.send("Page.navigate", {"url": BASE + path}))

    def submit(self, selector, fields=None):
        """Fills the form's fields and presses its button, as a person would."""
        script = f"const f = document.querySelector({json.dumps(selector)}); if (!f) throw new Error({json.dumps('no form ' + selector)});"
        for name, value in (fields or {}).items():
            script += f"f.elements[{json.dumps(name)}].value = {json.dumps(value)};"
        script += "f.querySelector('button[type=submit]').click();"
        return self.loaded(lambda: self.js("(() => {" + script + "})()"))

    def path(self):
        return self.js("location.pathname + location.hash")

    def check(self, name, chart):
        """page-check.js on the page as it is, then a screenshot of the whole page at 360 px."""
        verdict = json.loads(self.js(f"window.czkNoChart = {'false' if chart else 'true'}; window.czkMinText = {200 if chart else 60};" + CHECK
                                     + ";document.getElementById('czk-check').textContent"))
        self.js("document.getElementById('czk-check').remove()")
        # What a phone shows first (the README's screenshot of the card), then the whole page.
        first = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(os.path.join(OUT, f"{name}-phone.png"), "wb") as file:
            file.write(base64.b64decode(first))
        height = min(verdict["height"], 6000)
        self.send("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": height, "deviceScaleFactor": 1, "mobile": True})
        shot = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        self.send("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": 780, "deviceScaleFactor": 1, "mobile": True})
        with open(os.path.join(OUT, f"{name}-{WIDTH}.png"), "wb") as file:
            file.write(base64.b64decode(shot))
        print(f"  {name} ({self.who}) at {WIDTH} px: {json.dumps(verdict, ensure_ascii=False)}")
        expect(not verdict["problems"], f"{name}: {verdict['problems']}")

    def text(self):
        return self.js("document.body.innerText")

    def link(self, selector):
        """The address of the first link the selector finds, or None."""
        return self.js(f"(document.querySelector({json.dumps(selector)}) || {{getAttribute: () => null}}).getAttribute('href')")

    def login(self, code, lands_on, password="demo"):
        """Logs in through the login page and expects to land on `lands_on`."""
        expect(self.go("/login") == 200, f"{self.who}: the login page did not load")
        self.submit("form[action='/login']", {"code": code, "password": password})
        expect(self.path() == lands_on, f"{self.who} landed on {self.path()}, not {lands_on}")


def expect(condition, why):
    if not condition:
        print(f"FAILED: {why}", file=sys.stderr)
        raise SystemExit(1)


def main():
    os.makedirs(OUT, exist_ok=True)
    chrome = Chromium()
    try:
        run(chrome)
    finally:
        chrome.close()


def run(chrome):
    # A counselor: the warnings they own, one opened, acknowledged, followed up and resolved.
    counselor = Person(chrome, "辅导员 F201")
    counselor.login("F201", lands_on="/")
    counselor.check("staff-home", chart=False)
    expect(counselor.go("/risks") == 200, "the counselor's warnings did not load")
    counselor.check("risks", chart=False)
    warning = counselor.link('a[href^="/risks/"]')
    expect(warning, "the counselor has no warning to follow up")
    warning_id = warning.rsplit("/", 1)[1]
    expect(counselor.go(warning) == 200, f"{warning} did not load")
    if counselor.js("!!document.querySelector(\"form[action$='/ack']\")"):
        counselor.submit("form[action$='/ack']")
    counselor.submit("form[action$='/note']", {"kind": "谈心谈话", "text": "浏览器测试：约谈学生，制定学习计划"})
    expect("浏览器测试：约谈学生" in counselor.text(), "the follow-up note is not in the warning's history")
    counselor.check("risk-detail", chart=False)
    student_link = counselor.link('.warning a[href^="/students/"]')
    expect(student_link, "the warning links to no student")
    expect(counselor.go(student_link) == 200, "the counselor could not open the warning's student")
    counselor.check("student-report-by-counselor", chart=True)
    counselor.go(warning)
    counselor.submit("form[action$='/resolve']", {"reason": "浏览器测试：学生已按计划学习"})
    expect(counselor.path().startswith("/risks"), f"after resolving, the counselor is on {counselor.path()}")
    expect(f'href="/risks/{warning_id}"' not in counselor.js("document.body.innerHTML"), "the resolved warning is still listed")
    counselor.go("/")
    class_link = counselor.link('a[href^="/classes/"]')
    expect(class_link, "the counselor's first page lists no class")
    expect(counselor.go(class_link) == 200, "the class report did not load")
    counselor.check("class-report", chart=True)
    print(f"RESOLVED {warning_id}")

    # A student: the card and report on a phone, an appeal, and no one else's card.
    student = Person(chrome, "学生 2024010101")
    student.login("2024010101", lands_on="/card")
    student.check("card", chart=True)
    expect(student.go("/report") == 200, "the student's report did not load")
    student.check("report", chart=True)
    student.go("/card")
    appeal = student.link('a[href$="/appeal"]')
    expect(appeal, "the card offers no record to appeal")
    student.go(appeal)
    student.submit("form[action$='/appeal']", {"reason": "浏览器测试：那天我有公假"})
    expect(student.path().startswith("/appeals"), f"after appealing, the student is on {student.path()}")
    expect("浏览器测试：那天我有公假" in student.text(), "the appeal is not listed")
    student.check("appeals", chart=False)
    # Pages the student must not reach: another student's card (the counselor's own link), staff pages.
    for path in (student_link, class_link, "/risks", warning):
        status = student.go(path)
        expect(status == 404, f"a student loaded {path} (HTTP {status})")
        expect("储值卡" not in student.js("document.querySelector('h1').innerText"), f"{path} showed a card to the student")
    print("FORBIDDEN pages answered 404")


if __name__ == "__main__":
    main()
