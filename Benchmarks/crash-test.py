#!/usr/bin/env python3
"""Kill `czk import` with SIGKILL at random moments and count what survives (issue 12).

Each run: a fresh copy of a 2,000-student school, `czk import` of a per-session 考勤 sheet of
ROWS rows (records, ledger, warnings and audit on) killed after a random delay between 0 and the
time a whole import takes; then `czk check` must pass (else: corrupt), the sheet must be there
entirely or not at all (else: partial), and importing it again must leave exactly ROWS of its
records (else: duplicated; a complete first import makes the second add nothing).

Usage (from the repository, after `swift build -c release --static-swift-stdlib` at the top and
the same with `--package-path Benchmarks --scratch-path .build`):

    Benchmarks/crash-test.py [--runs 100] [--rows 50000] [--seed 1] [--postgres postgres://USER@HOST:PORT/DB]

With --postgres the same runs go against a college on that server (`college=crash`): the school
is `czk migrate`d into it before each run (the college's schema dropped first), and the sheet's
records are counted with psql. Needs sqlite3 (and psql with --postgres) to count the sheet's records. Prints one line per run and the totals:
runs, killed mid-import, corrupt, partial, duplicated. Exits 1 unless all three are 0.
"""
import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CZK = os.path.join(ROOT, ".build", "release", "czk")
BENCH = os.path.join(ROOT, ".build", "release", "czk-bench")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", help="a postgres:// URL (no ?college=): run against PostgreSQL")
    args = parser.parse_args()
    for tool in (CZK, BENCH):
        if not os.access(tool, os.X_OK):
            sys.exit(f"missing {tool}: build the release czk and czk-bench first (see the docstring)")
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="czk-crash-")
    try:
        # The school (after T001 logged in) and the sheet, left by the bench's import run.
        subprocess.run([BENCH, "--sheet-memory", str(args.rows), "--keep", work], check=True,
                       stdout=subprocess.DEVNULL)
        school = os.path.join(work, f"sheet-{args.rows}.sqlite")
        sheet = os.path.join(work, f"考勤-{args.rows}.csv")
        env = dict(os.environ, HOME=work, XDG_CONFIG_HOME=os.path.join(work, ".config"), CZK_TODAY="2026-01-15")
        env.pop("CZK_DB", None)
        db = os.path.join(work, "run.sqlite")
        if args.postgres:
            db = args.postgres + "?college=crash"

        def psql(sql):
            return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", args.postgres, "-c", sql],
                                  capture_output=True, text=True, check=True).stdout

        def fresh():
            if args.postgres:
                psql("DROP SCHEMA IF EXISTS college_crash CASCADE")
                moved = subprocess.run([CZK, "migrate", "--from", school, "--to", db], env=env, capture_output=True, text=True)
                if moved.returncode != 0:
                    sys.exit(f"czk migrate failed:\n{moved.stderr[-2000:]}")
                return
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            shutil.copyfile(school, db)
            os.chmod(db, 0o600)

        def czk(*words, timeout=600):
            return subprocess.run([CZK, *words, "--db", db], env=env, capture_output=True, text=True, timeout=timeout)

        def sheet_records():
            if args.postgres:
                return int(psql("SELECT COUNT(*) FROM college_crash.record WHERE source LIKE '%考勤%'").strip() or 0)
            out = subprocess.run(["sqlite3", db, "SELECT COUNT(*) FROM record WHERE source LIKE '%考勤%'"],
                                 capture_output=True, text=True, check=True).stdout
            return int(out.strip() or 0)

        # How long a whole import takes: kills fall anywhere in it.
        fresh()
        started = time.monotonic()
        first = czk("import", sheet)
        whole = time.monotonic() - started
        if first.returncode != 0 or sheet_records() != args.rows:
            sys.exit(f"the sheet does not import cleanly:\n{first.stderr[-2000:]}")
        engine = "PostgreSQL" if args.postgres else "SQLite"
        print(f"{engine}: school of 2,000 students, sheet of {args.rows:,} rows; a whole import takes {whole:.2f} s")

        killed = corrupt = partial = duplicated = 0
        for run in range(1, args.runs + 1):
            fresh()
            delay = rng.uniform(0, whole)
            process = subprocess.Popen([CZK, "import", sheet, "--db", db], env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            finished = process.poll() is not None
            if not finished:
                process.send_signal(signal.SIGKILL)
                killed += 1
            process.wait()
            check = czk("check")
            found = sheet_records()
            again = czk("import", sheet)
            after = sheet_records()
            final = czk("check")
            bad = []
            if check.returncode != 0 or final.returncode != 0:
                corrupt += 1
                bad.append("corrupt")
            if found not in (0, args.rows):
                partial += 1
                bad.append(f"partial ({found})")
            if again.returncode != 0 or after != args.rows:
                duplicated += 1
                bad.append(f"re-import left {after}")
            state = "killed" if not finished else "finished"
            print(f"run {run:3}: {state} after {delay:.2f} s; sheet records {found} → {after}; "
                  + ("ok" if not bad else "; ".join(bad)))
            if bad:
                print((check.stdout + check.stderr + again.stderr)[-1500:])
        print(f"\nruns {args.runs}, killed mid-import {killed}, corrupt {corrupt}, partial {partial}, duplicated {duplicated}")
        sys.exit(0 if corrupt == partial == duplicated == 0 else 1)
    finally:
        if args.postgres:
            subprocess.run(["psql", "-X", "-q", args.postgres, "-c", "DROP SCHEMA IF EXISTS college_crash CASCADE"],
                           capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
