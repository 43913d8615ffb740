#!/usr/bin/env python3
"""The portal under hostile load (issue 22 item 7): uploads, slow clients, password spraying.

Makes a demo database, serves it with `czk serve`, and runs four attacks against it:

1. uploads: 40 anonymous posts to /upload at once, each announcing and sending 20 MB; the
   server's resident memory (VmRSS, and its peak VmHWM) before and after, from /proc.
2. slow: 3,000 clients each send half a request head and then one byte every 5 s; how many are
   still open after 45 s, and how long a real GET /login takes meanwhile.
3. spray: one address tries wrong passwords on many accounts, logging in once with a valid
   student password after every 19 failures; how many guesses the app actually checked (401)
   out of 200 tries, against how many were held off (429).
4. lockout: one address tries 10 wrong passwords for one student; is the student then locked
   out (can they log in, from another address behind the proxy)?
   And proxy: 20 failures from one user behind the trusted proxy; can another user log in?

Usage: Benchmarks/portal-hostile-load.py [--czk .build/debug/czk] [--port 18080] [--old]
`--old` for a binary without --trusted-proxy (the X-Forwarded-For parts then all share one
address). Prints one line per measurement.
"""
import argparse
import os
import re
import selectors
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) // 1024
    return f"RSS {fields['VmRSS']} MB (peak {fields['VmHWM']} MB)"


def request(port, head, body=b"", timeout=10):
    """One raw HTTP/1.1 request; returns (status, headers text, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(head.encode() + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        header, _, rest = data.partition(b"\r\n\r\n")
        text = header.decode("utf-8", "replace")
        length = re.search(r"(?i)content-length: (\d+)", text)
        while length and len(rest) < int(length.group(1)):
            chunk = s.recv(65536)
            if not chunk:
                break
            rest += chunk
        status = int(text.split(" ")[1]) if text.startswith("HTTP/1.1") else 0
        return status, text, rest.decode("utf-8", "replace")


def login(port, code, password, forwarded=None):
    extra = f"X-Forwarded-For: {forwarded}\r\n" if forwarded else ""
    _, head, page = request(port, f"GET /login HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    cookie = re.search(r"czk_login=([0-9a-f]+)", head).group(1)
    form = urllib.parse.urlencode({"csrf": csrf, "code": code, "password": password}).encode()
    status, _, _ = request(
        port,
        f"POST /login HTTP/1.1\r\nHost: x\r\n{extra}Cookie: czk_login={cookie}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(form)}\r\nConnection: close\r\n\r\n",
        form)
    return status


def uploads(port, pid, count=40, size=20 * 1_048_576):
    print("uploads: before", memory(pid))
    statuses = []
    chunk = b"x" * 1_048_576

    def one():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
                s.sendall(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                           f"Content-Length: {size}\r\nConnection: close\r\n\r\n").encode())
                try:
                    for _ in range(size // len(chunk)):
                        s.sendall(chunk)
                except OSError:
                    pass
                data = s.recv(4096)
                statuses.append(int(data.split(b" ")[1]) if data.startswith(b"HTTP/1.1") else 0)
        except OSError as error:
            statuses.append(str(error))

    threads = [threading.Thread(target=one) for _ in range(count)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    names = [str(s) for s in statuses]
    summary = {s: names.count(s) for s in set(names)}
    print(f"uploads: {count} × {size // 1_048_576} MB anonymous in {time.time() - started:.1f} s, answers {summary};",
          "after", memory(pid))


def slow(port, count=3000, seconds=45):
    sel = selectors.DefaultSelector()
    pending = set()
    for _ in range(count):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        sel.register(s, selectors.EVENT_WRITE)
        pending.add(s)
    connected = []
    deadline = time.time() + 20
    while pending and time.time() < deadline:
        for key, _ in sel.select(timeout=1):
            s = key.fileobj
            sel.unregister(s)
            pending.discard(s)
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                try:
                    s.send(b"GET /login HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                    connected.append(s)
                except OSError:
                    s.close()
            else:
                s.close()
    for s in pending:
        s.close()
    started = time.time()
    probe = []

    def real_user():
        time.sleep(2)
        t = time.time()
        try:
            status, _, _ = request(port, "GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=60)
        except OSError:
            status = 0
        probe.append((status, time.time() - t))

    def still_open():
        count = 0
        for s in connected:
            try:
                if s.recv(1, socket.MSG_DONTWAIT | socket.MSG_PEEK):
                    count += 1  # answered but not closed
            except BlockingIOError:
                count += 1
            except OSError:
                pass
        return count

    user = threading.Thread(target=real_user)
    user.start()
    samples = []
    while time.time() - started < seconds:
        time.sleep(5)
        for s in connected:
            try:
                s.send(b"a")
            except OSError:
                pass
        samples.append(f"{time.time() - started:.0f} s: {still_open()}")
    user.join()
    print(f"slow: {count} slow clients, {len(connected)} connected, each sending a byte every 5 s; open at",
          ", ".join(samples), f"; a real GET /login meanwhile: {probe[0][0]} in {probe[0][1]:.2f} s")
    for s in connected:
        s.close()


def spray(port, tries=200):
    checked = held = valid = 0
    for i in range(tries):
        if i % 20 == 19:
            valid += login(port, "2024010101", "demo") == 303
            continue
        status = login(port, f"20240101{i % 90 + 10:02d}", f"guess-{i}")
        checked += status == 401
        held += status == 429
    print(f"spray: {tries} tries from one address (a valid student login after every 19): "
          f"{checked} guesses checked (401), {held} held off (429), {valid} valid logins let in")


def lockout(port):
    statuses = [login(port, "2024010102", f"wrong-{i}", forwarded="203.0.113.9") for i in range(10)]
    student = login(port, "2024010102", "demo", forwarded="198.51.100.20")
    print(f"lockout: 10 wrong passwords for one student from one address: {statuses}; "
          f"the student from another address then gets {student}")
    guesses = [login(port, f"T{100 + i}", "wrong", forwarded="203.0.113.50") for i in range(20)]
    other = login(port, "F201", "demo", forwarded="198.51.100.21")
    print(f"proxy: 20 failures from one user behind the proxy ({guesses.count(401)} × 401); "
          f"another user behind the same proxy then gets {other}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--czk", default=os.path.join(ROOT, ".build", "debug", "czk"))
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--old", action="store_true", help="a czk serve without --trusted-proxy")
    parser.add_argument("--only", default="uploads,slow,spray,lockout")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="czk-hostile-")
    db = os.path.join(work, "demo.sqlite")
    subprocess.run([args.czk, "demo", "--db", db], check=True, stdout=subprocess.DEVNULL)
    for attack in args.only.split(","):
        port = args.port
        args.port += 1
        serve = [args.czk, "serve", "--db", db, "--port", str(port)]
        if not args.old:
            serve += ["--trusted-proxy", "127.0.0.1"]
        server = subprocess.Popen(serve, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            {"uploads": lambda: uploads(port, server.pid), "slow": lambda: slow(port),
             "spray": lambda: spray(port), "lockout": lambda: lockout(port)}[attack]()
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
