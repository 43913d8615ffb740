#!/usr/bin/env python3
"""Pushes a 教务 results sheet to 储值卡's integration API, as a college's 教务 system would.

    python3 push-results.py --url https://czk.college.edu.cn/api/v1 --token czk_… 成绩.csv

The sheet is the one `czk results import` reads: 学号,课程,学分,成绩[,考试性质][,学期] (UTF-8,
with or without BOM). It goes in batches of at most 1,000 rows; each batch is all or nothing.
Each batch carries an Idempotency-Key made from the file's content and the batch's number, so
running the script again after a timeout or a crash applies nothing twice. A 429 or a dropped
connection is retried after a pause; a refused batch prints every bad row with its line in the
sheet, and the script stops (exit 1) before sending the next one.

Only the Python standard library is used.
"""
import argparse
import csv
import hashlib
import io
import json
import sys
import time
import urllib.error
import urllib.request

COLUMNS = {"学号": "student", "课程": "course", "学分": "credits", "成绩": "grade", "考试性质": "sitting", "学期": "semester"}


def read_sheet(path):
    data = open(path, "rb").read()
    text = data.decode("utf-8-sig")
    rows = []
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        item = {COLUMNS[k]: (v or "").strip() for k, v in row.items() if k in COLUMNS and (v or "").strip()}
        rows.append((line, item))
    return hashlib.sha256(data).hexdigest()[:16], rows


def post(url, token, body, key, attempts=6):
    request = urllib.request.Request(
        url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"), method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json", "Idempotency-Key": key})
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.load(response), response.headers.get("Idempotency-Replayed") == "true"
        except urllib.error.HTTPError as error:
            if error.code == 429 or error.code >= 500:
                time.sleep(int(error.headers.get("Retry-After") or 2 ** attempt))
                continue
            return error.code, json.load(error), False
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            time.sleep(2 ** attempt)
    sys.exit("服务器一直没有回应：稍后再运行一次（已成功的批次不会重复写入）")


def main():
    parser = argparse.ArgumentParser(description="把成绩表推送到储值卡的接口")
    parser.add_argument("--url", required=True, help="接口地址，如 https://czk.college.edu.cn/api/v1")
    parser.add_argument("--token", required=True, help="czk tokens add 发放的令牌（results:write）")
    parser.add_argument("--batch", type=int, default=1000, help="每批行数（至多 10000）")
    parser.add_argument("sheet", help="成绩表 CSV：学号,课程,学分,成绩[,考试性质][,学期]")
    args = parser.parse_args()

    digest, rows = read_sheet(args.sheet)
    if not rows:
        sys.exit(f"{args.sheet} 没有数据行")
    written = unchanged = 0
    for start in range(0, len(rows), args.batch):
        chunk = rows[start:start + args.batch]
        number = start // args.batch + 1
        status, answer, replayed = post(
            args.url.rstrip("/") + "/results", args.token, {"rows": [item for _, item in chunk]}, f"results-{digest}-{number}")
        if status != 200:
            print(f"第 {number} 批（表中第 {chunk[0][0]}–{chunk[-1][0]} 行）未写入：{answer.get('title')}：{answer.get('detail')}",
                  file=sys.stderr)
            for problem in answer.get("errors", []):
                sheet_line = chunk[problem["line"] - 1][0] if 0 < problem["line"] <= len(chunk) else "?"
                hint = f"（{problem['hint']}）" if problem.get("hint") else ""
                print(f"  {args.sheet}:{sheet_line}: {problem['message']}{hint}", file=sys.stderr)
            sys.exit(1)
        written += answer["written"]
        unchanged += answer["unchanged"]
        for warning in answer.get("warnings", []):
            print(f"  预警{warning['kind']}：{warning['subject']} {warning['category']}·{warning['level']}（{warning['rule']}）")
        print(f"第 {number} 批：写入 {answer['written']} 条，未变 {answer['unchanged']} 条" + ("（重试，已按第一次的结果）" if replayed else ""))
    print(f"完成：{len(rows)} 行，写入 {written} 条，未变 {unchanged} 条。")


if __name__ == "__main__":
    main()
