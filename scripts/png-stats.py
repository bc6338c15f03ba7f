#!/usr/bin/env python3
"""Decodes a PNG (8-bit, non-interlaced, as Chromium writes screenshots) with the standard library
alone, and prints JSON: its size, how many pixels are not near-white, and, for each colour given
as #rrggbb, how many pixels are within 24 of it in every channel.

    scripts/png-stats.py shot.png '#0072B2' '#009E73'
"""
import json
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or interlace != 0 or colour not in (0, 2, 4, 6):
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 255
        elif f == 3:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((a + prev[x]) >> 1)) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def main():
    path, colours = sys.argv[1], sys.argv[2:]
    width, height, bpp, rows = decode(path)
    targets = [tuple(int(c.lstrip("#")[k:k + 2], 16) for k in (0, 2, 4)) for c in colours]
    non_white, near = 0, [0] * len(targets)
    for line in rows:
        for x in range(0, len(line), bpp):
            px = tuple(line[x:x + 3]) if bpp >= 3 else (line[x],) * 3
            if min(px) < 235:
                non_white += 1
            for k, t in enumerate(targets):
                if abs(px[0] - t[0]) <= 24 and abs(px[1] - t[1]) <= 24 and abs(px[2] - t[2]) <= 24:
                    near[k] += 1
    print(json.dumps({"width": width, "height": height, "non_white": non_white,
                      "colours": dict(zip(colours, near))}))


if __name__ == "__main__":
    main()
