// Injected into a copy of a report page by .ci/render-reports (the reports themselves carry no
// script). Measures what a reader would see at the window's width and writes the verdict into
// <pre id="czk-check"> as JSON, which `chromium --dump-dom` then prints.
(function () {
  const problems = [];
  // Headless windows are at least 500 px wide: lay the page out at the width the URL names.
  const width = parseInt(location.hash.slice(1), 10) || window.innerWidth;
  document.documentElement.style.width = width + "px";
  document.documentElement.style.overflow = "hidden";
  const text = document.body.innerText.trim();
  // A report says much; a portal form or list may say less (this file is joined into one line
  // by render-reports: comments only on lines of their own).
  const least = window.czkMinText || 200;
  if (text.length < least) problems.push("blank: only " + text.length + " characters of text");
  if (document.body.scrollWidth > width + 1)
    problems.push("page wider than the window: " + document.body.scrollWidth + " > " + width);
  const charts = document.querySelectorAll("figure.chart");
  // A page that carries no chart (a list of warnings, a form) says so before the check runs.
  if (charts.length === 0 && !window.czkNoChart) problems.push("no chart on the page");
  charts.forEach((figure, index) => {
    const svg = figure.querySelector("svg");
    const name = figure.dataset.chart + " #" + index;
    if (!svg) { problems.push("chart " + name + " has no svg"); return; }
    const box = svg.getBoundingClientRect();
    if (box.width < 200 || box.height < 100) problems.push("chart " + name + " is too small: " + box.width + "x" + box.height);
    if (box.right > width + 1) problems.push("chart " + name + " runs off the page");
    const marks = [...svg.querySelectorAll("rect, polyline, circle")].filter((m) => {
      const b = m.getBBox(); return b.width > 0 || b.height > 0;
    });
    if (marks.length === 0) problems.push("chart " + name + " draws nothing");
    const view = svg.viewBox.baseVal;
    svg.querySelectorAll("text").forEach((t) => {
      const b = t.getBBox();
      if (b.x < view.x - 1 || b.x + b.width > view.x + view.width + 1 || b.y < view.y - 1 || b.y + b.height > view.y + view.height + 1)
        problems.push("chart " + name + ": label '" + t.textContent + "' outside the chart");
    });
  });
  // Text that spills out of its box: any element whose content is wider than itself while it
  // does not scroll, and any table cell or tile whose right edge passes its table or the page.
  document.querySelectorAll("body *").forEach((el) => {
    if (el.closest("svg")) return;
    const style = getComputedStyle(el);
    if (style.display === "inline") return;
    if (el.scrollWidth > el.clientWidth + 1 && style.overflowX === "visible" && el.clientWidth > 0)
      problems.push("text overflows <" + el.tagName.toLowerCase() + "> '" + el.innerText.slice(0, 30) + "': " + el.scrollWidth + " > " + el.clientWidth);
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1) problems.push("<" + el.tagName.toLowerCase() + "> '" + (el.innerText || "").slice(0, 30) + "' passes the right edge");
  });
  const out = document.createElement("pre");
  out.id = "czk-check";
  out.textContent = JSON.stringify({ width: width, height: document.documentElement.scrollHeight, charts: charts.length, problems: problems.slice(0, 20) });
  document.body.appendChild(out);
})();
