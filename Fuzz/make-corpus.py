#!/usr/bin/env python3
"""Seeds libFuzzer's corpus from the project's own files: rule expressions from risks.yaml,
the demo school's CSV sheets, small .xlsx workbooks, and the shipped rule files.
Each file's first byte says what it is (0 expression, 1 CSV, 2 xlsx, 3 rule file)."""
import io, os, re, sys, zipfile, glob, hashlib

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build", "fuzz-corpus")
os.makedirs(out, exist_ok=True)

def put(kind, data):
    body = bytes([kind]) + data
    with open(os.path.join(out, hashlib.sha1(body).hexdigest()), "wb") as f:
        f.write(body)

for path in glob.glob(os.path.join(root, "ScoringRules", "*.yaml")):
    text = open(path, "rb").read()
    put(3, text)
    for m in re.finditer(rb'when: "([^"]*)"', text):
        put(0, m.group(1))
for path in sorted(glob.glob(os.path.join(root, "Seeds", "demo-school", "*.csv")))[:12]:
    put(1, open(path, "rb").read()[:4000])

def workbook(rows):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="成绩" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/sharedStrings.xml", '<sst><si><t>学号</t></si><si><t>数值</t></si></sst>')
        cells = "".join('<row r="%d">%s</row>' % (i + 1, "".join(
            '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % ("AB"[j], i + 1, v) for j, v in enumerate(r))) for i, r in enumerate(rows))
        z.writestr("xl/worksheets/sheet1.xml", '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>%s</sheetData></worksheet>' % cells)
    return buf.getvalue()

put(2, workbook([["2024010101", "85"], ["2024010102", "是"]]))
put(2, workbook([]))
print(len(os.listdir(out)), "inputs in", out)
