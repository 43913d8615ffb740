#!/usr/bin/env python3
"""Everyone at once for a minute, then count what was lost (issue 12).

On a 2,000-student school (one course teacher, T001, in 25 classes of 80): 4 writers each import
their own per-session 考勤 sheets (classes C00–C24 dealt out by class number, two session slots
a sheet), 2 `czk record` loops record one value after another for sessions no sheet holds, the
admin runs `czk risks scan` and reads cards with `czk account`, and `czk serve` answers a student
reading their own card page in a loop — all for SECONDS seconds.

Then: every writer's rows are present exactly once (records of its slots = rows it imported),
every `czk record` that said 已记录 is there exactly once, `czk check` passes, and no process
reported a locked or busy database. Prints the counts; exits 1 on any loss or lock error.

Usage (after the release builds named in crash-test.py):

    Benchmarks/concurrency-test.py [--seconds 60] [--postgres postgres://USER@HOST:PORT/DB]

With --postgres the school is `czk migrate`d into a college on that server (`college=concurrency`,
dropped before and after) and everyone works there; the database is read with psql.
"""
import argparse
import csv
import datetime
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CZK = os.path.join(ROOT, ".build", "release", "czk")
BENCH = os.path.join(ROOT, ".build", "release", "czk-bench")
LOCKED = re.compile(r"locked|busy|SQLITE_BUSY", re.IGNORECASE)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rows-per-sheet", type=int, default=1000)
    parser.add_argument("--port", type=int, default=18181)
    parser.add_argument("--postgres", help="a postgres:// URL (no ?college=): run against PostgreSQL")
    args = parser.parse_args()
    for tool in (CZK, BENCH):
        if not os.access(tool, os.X_OK):
            sys.exit(f"missing {tool}: build the release czk and czk-bench first (see crash-test.py)")
    work = tempfile.mkdtemp(prefix="czk-concurrency-")
    server = None
    try:
        # The school (T001 teaching course X01 in classes C00–C24 of 80), from the bench's import run.
        subprocess.run([BENCH, "--sheet-memory", "10000", "--keep", work], check=True, stdout=subprocess.DEVNULL)
        db = os.path.join(work, "school.sqlite")
        shutil.copyfile(os.path.join(work, "sheet-10000.sqlite"), db)
        os.chmod(db, 0o600)
        if args.postgres:
            drop_college(args.postgres)
            target = args.postgres + "?college=concurrency"
            moved = subprocess.run([CZK, "migrate", "--from", db, "--to", target], capture_output=True, text=True,
                                   env=dict(os.environ, HOME=work, CZK_TODAY="2026-01-15"))
            if moved.returncode != 0:
                sys.exit(f"czk migrate failed:\n{moved.stderr[-2000:]}")
            db = target
        header = ["学号", "采分点", "数值", "日期", "节次", "课程"]
        students = [f"24{c:02d}{n:03d}" for c in range(25) for n in range(80)]
        # Every session slot of 2025-2026-1's teaching weeks (from Monday 2025-09-08), in order;
        # the last 40 are left for the `czk record` loops.
        monday = datetime.date(2025, 9, 8)
        slots = [((monday + datetime.timedelta(weeks=w, days=d)).isoformat(), str(s))
                 for w in range(18) for d in range(5) for s in range(1, 9)]
        sheet_slots, record_slots = slots[:-40], slots[-40:]
        by_slot = {slot: [[code, "academic.punctuality", "是" if (i + int(slot[1])) % 9 else "否", slot[0], slot[1], "X01"]
                          for i, code in enumerate(students)] for slot in slots}

        def home(name):
            path = os.path.join(work, name)
            os.makedirs(path, exist_ok=True)
            return dict(os.environ, HOME=path, XDG_CONFIG_HOME=os.path.join(path, ".config"),
                        CZK_TODAY="2026-01-15", CZK_DB=db)

        teacher, admin = home("teacher"), home("admin")
        for env, code in ((teacher, "T001"), (admin, "A001")):
            subprocess.run([CZK, "login", code, "--password-stdin"], env=env, input="bench\n", text=True,
                           check=True, capture_output=True)

        deadline = time.monotonic() + args.seconds
        lock_errors = []
        failures = []
        counts = {}
        lock = threading.Lock()

        longest = {}

        def run(name, words, env):
            started = time.monotonic()
            result = subprocess.run([CZK, *words], env=env, capture_output=True, text=True)
            with lock:
                longest[name] = max(longest.get(name, 0), time.monotonic() - started)
            note(name, result)
            return result

        def note(name, result):
            text = result.stdout + result.stderr
            with lock:
                counts[name] = counts.get(name, 0) + 1
                if LOCKED.search(text):
                    lock_errors.append(f"{name}: {text.strip()[-300:]}")
                if result.returncode != 0:
                    failures.append(f"{name}: exit {result.returncode}: {text.strip()[-300:]}")

        imported = {k: 0 for k in range(4)}
        used_slots = {k: [] for k in range(4)}

        def writer(k):
            # Writer k imports its own classes (class number % 4 == k), two session slots a sheet.
            for start in range(0, len(sheet_slots), 2):
                if time.monotonic() >= deadline:
                    return
                mine = sheet_slots[start:start + 2]
                sheet_rows = [r for s in mine for r in by_slot[s] if int(r[0][2:4]) % 4 == k][: args.rows_per_sheet]
                path = os.path.join(work, f"writer{k}-{start}.csv")
                with open(path, "w", encoding="utf-8", newline="") as f:
                    out = csv.writer(f)
                    out.writerow(header)
                    out.writerows(sheet_rows)
                result = run(f"writer {k}", ["import", path], teacher)
                if result.returncode == 0:
                    with lock:
                        imported[k] += len(sheet_rows)
                        used_slots[k].append((mine, path))

        recorded = {0: [], 1: []}

        def recorder(k):
            students = [r[0] for r in by_slot[record_slots[0]]]
            n = 0
            while time.monotonic() < deadline:
                slot = record_slots[k * 20 + (n // len(students)) % 20]
                student = students[n % len(students)]
                n += 1
                result = run(f"record loop {k}", ["record", "academic.punctuality", student, "是", "--date", slot[0],
                                                  "--session", slot[1], "--course", "X01"], teacher)
                if result.returncode == 0:
                    with lock:
                        recorded[k].append((student, slot))

        def scanner():
            while time.monotonic() < deadline:
                run("risks scan", ["risks", "scan"], admin)

        def card_reader():
            students = [r[0] for r in by_slot[slots[0]]]
            n = 0
            while time.monotonic() < deadline:
                run("czk account", ["account", students[n % len(students)]], admin)
                n += 7

        # The portal: a student logs in through the form and reads their own card page in a loop.
        log = open(os.path.join(work, "serve.log"), "w")
        server = subprocess.Popen([CZK, "serve", "--port", str(args.port)], env=admin, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login", timeout=2)
                break
            except Exception:
                time.sleep(0.1)
        pages = {"ok": 0, "bad": 0}

        def portal():
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            page = opener.open(base + "/login", timeout=10).read().decode()
            csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
            student = by_slot[slots[0]][0][0]
            opener.open(base + "/login", data=urllib.parse.urlencode(
                {"csrf": csrf, "code": student, "password": "bench"}).encode(), timeout=10).read()
            while time.monotonic() < deadline:
                try:
                    body = opener.open(base + "/card", timeout=10).read().decode()
                    ok = "储值卡" in body
                except Exception as error:
                    ok = False
                    with lock:
                        failures.append(f"portal: {error}")
                with lock:
                    pages["ok" if ok else "bad"] += 1

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
        threads += [threading.Thread(target=recorder, args=(k,)) for k in range(2)]
        threads += [threading.Thread(target=scanner), threading.Thread(target=card_reader), threading.Thread(target=portal)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        server.terminate()
        server.wait(timeout=10)
        server = None
        log.close()
        with open(os.path.join(work, "serve.log")) as f:
            served = f.read()
        if LOCKED.search(served):
            lock_errors.append("czk serve: " + served[-300:])

        # What is in the database now.
        def query(sql):
            if args.postgres:
                return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", args.postgres, "-c",
                                       "SET search_path TO college_concurrency; " + sql],
                                      capture_output=True, text=True, check=True).stdout.strip()
            return subprocess.run(["sqlite3", db, sql], capture_output=True, text=True, check=True).stdout.strip()

        lost = 0
        for k in range(4):
            sources = [path for _, path in used_slots[k]]
            present = 0
            for path in sources:
                present += int(query(f"SELECT COUNT(*) FROM record WHERE source LIKE '{path}:%' AND isSuperseded = 0") or 0)
            if present != imported[k]:
                lost += abs(imported[k] - present)
                failures.append(f"writer {k}: imported {imported[k]} rows, {present} in the database")
        for k in range(2):
            for student, (day, session) in recorded[k]:
                n = int(query(f"SELECT COUNT(*) FROM record r JOIN student s ON s.id = r.subjectId WHERE s.code = '{student}' "
                              f"AND r.date = '{day}' AND r.session = {session} AND r.source = 'cli' AND r.isSuperseded = 0") or 0)
                if n != 1:
                    lost += 1
                    failures.append(f"record loop {k}: {student} {day} 第{session}节 present {n} times")
        check = subprocess.run([CZK, "check"], env=admin, capture_output=True, text=True)
        print(f"{elapsed:.0f} s, all at once:")
        for name in sorted(counts):
            print(f"  {name}: {counts[name]} runs, longest {longest.get(name, 0):.2f} s")
        print(f"  writers imported {sum(imported.values())} rows in {sum(len(v) for v in used_slots.values())} sheets; "
              f"record loops wrote {sum(len(v) for v in recorded.values())} values; portal served {pages['ok']} card pages "
              f"({pages['bad']} bad)")
        print(f"lock errors {len(lock_errors)}, lost or duplicated writes {lost}, failed commands {len(failures)}, "
              f"czk check {'passed' if check.returncode == 0 else 'FAILED'}")
        for line in (lock_errors + failures)[:20]:
            print("  " + line)
        if check.returncode != 0:
            print(check.stdout[-1500:])
        sys.exit(0 if not lock_errors and lost == 0 and not failures and check.returncode == 0 and pages["bad"] == 0 else 1)
    finally:
        if server:
            server.kill()
        if args.postgres:
            drop_college(args.postgres)
        shutil.rmtree(work, ignore_errors=True)


def drop_college(url):
    subprocess.run(["psql", "-X", "-q", url, "-c", "DROP SCHEMA IF EXISTS college_concurrency CASCADE"], capture_output=True)


if __name__ == "__main__":
    main()
