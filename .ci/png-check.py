#!/usr/bin/env python3
"""Fails when a PNG screenshot is blank: decodes it (zlib + PNG row filters, no libraries) and
counts pixels that are not near-white. Usage: png-check.py FILE [FILE…]"""
import struct, sys, zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, chunks, width = 8, [], 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise SystemExit(f"{path}: unexpected PNG format (depth {depth}, colour {colour})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1: line[i] = (line[i] + a) & 255
            elif kind == 2: line[i] = (line[i] + b) & 255
            elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return width, height, channels, rows


def main():
    failed = False
    for path in sys.argv[1:]:
        width, height, channels, rows = pixels(path)
        inked = sum(1 for row in rows[::2] for x in range(0, width * channels, channels * 2)
                    if min(row[x], row[x + 1], row[x + 2]) < 200)
        share = inked / max(1, (height // 2 + 1) * (width // 2 + 1))
        print(f"  {path}: {width}x{height}, {share:.1%} inked")
        if share < 0.02:
            print(f"  {path}: blank page", file=sys.stderr)
            failed = True
    sys.exit(1 if failed else 0)


main()
