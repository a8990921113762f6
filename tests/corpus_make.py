"""Inputs the corpus makes when it runs (``make:`` in a case): too big, too odd or too
binary to keep in git. Each maker writes ``target`` and returns nothing."""

from __future__ import annotations

import codecs
import io
import struct
import zlib
from pathlib import Path


def long_step(target: Path, size: int = 100_000) -> None:
    """An exercise with one step of ``size`` characters (words, so it can wrap)."""
    words = ("lift " * (size // 5))[:size]
    target.write_text(f"name: Long Step\nsteps:\n  - {words}\n", encoding="utf-8")


def many_steps(target: Path, count: int = 5000) -> None:
    steps = "".join(f"  - Step number {i} of the routine.\n" for i in range(count))
    target.write_text(f"name: Many Steps\nsteps:\n{steps}", encoding="utf-8")


def bomb_png(target: Path, width: int = 20_000, height: int = 20_000) -> None:
    """A valid PNG of ``width`` x ``height`` black pixels: a few hundred KB on disk, 1.2 GB decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * width  # filter byte, then grey pixels
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    target.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def truncated_png(target: Path) -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.linear_gradient("L").resize((400, 300)).save(buf, "PNG")
    target.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


def truncated_jpeg(target: Path) -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.linear_gradient("L").resize((400, 300)).convert("RGB").save(buf, "JPEG")
    target.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


def png(target: Path, width: int = 120, height: int = 90) -> None:
    from PIL import Image

    Image.new("RGB", (width, height), (30, 90, 160)).save(target)


def latin1(target: Path) -> None:
    target.write_bytes("name: Übung für Rücken\nsteps: [Schön langsam.]\n".encode("latin-1"))


def raw(target: Path, data: str = "") -> None:
    """The text ``data`` written as UTF-8 after its backslash escapes are decoded (write the
    case in ASCII): a BOM, CRLF line ends, NUL and other control characters."""
    target.write_bytes(codecs.decode(data, "unicode_escape").encode("utf-8"))


def deep_nesting(target: Path, depth: int = 10_000) -> None:
    target.write_text("name: Deep\nsteps: " + "[" * depth + "a" + "]" * depth + "\n", encoding="utf-8")


def symlink(target: Path, to: str = "/etc/hostname") -> None:
    target.symlink_to(to)


def absolute_image(target: Path, image: str = "outside.png") -> None:
    """An exercise whose ``image`` is the absolute path of ``image`` (relative to ``target``'s
    folder), a path only known once the case has been copied."""
    path = (target.parent / image).resolve()
    target.write_text(f"name: Absolute Image\nimage: '{path}'\nsteps: [Stand up.]\n", encoding="utf-8")


def repeat(target: Path, head: str = "", line: str = "", count: int = 1, tail: str = "", encoding: str = "utf-8") -> None:
    """``head``, then ``line`` ``count`` times (``{i}`` in it numbers the copies from 1), then ``tail``;
    backslash escapes decoded as in ``raw``. For wide CSV files, long programs and big documents."""
    text = codecs.decode(head, "unicode_escape") + "".join(
        codecs.decode(line, "unicode_escape").replace("{i}", str(i)) for i in range(1, count + 1))
    target.write_bytes((text + codecs.decode(tail, "unicode_escape")).encode(encoding))


def many_files(target: Path, count: int = 300, text: str = "name: Exercise {i}\nsteps: [Stand up.]\n") -> None:
    """``target`` becomes a folder of ``count`` exercise files ``e{i}.yaml`` holding ``text``."""
    target.mkdir(parents=True, exist_ok=True)
    for i in range(1, count + 1):
        (target / f"e{i}.yaml").write_text(codecs.decode(text, "unicode_escape").replace("{i}", str(i)), encoding="utf-8")


def extends_chain(target: Path, depth: int = 50) -> None:
    """A layout ``target`` extending ``depth`` files beside it, each extending the next, the last card-a4."""
    stem = target.stem
    for i in range(depth, 0, -1):
        parent = f"{stem}-{i + 1}.yaml" if i < depth else "card-a4"
        (target.parent / f"{stem}-{i}.yaml").write_text(f"extends: {parent}\n", encoding="utf-8")
    target.write_text(f"extends: {stem}-1.yaml\n", encoding="utf-8")


def cff_otf(target: Path) -> None:
    """The start of an OpenType font with PostScript (CFF) outlines: 'OTTO' and a table directory."""
    target.write_bytes(b"OTTO" + struct.pack(">HHHH", 1, 16, 0, 0) + struct.pack(">4sIII", b"CFF ", 0, 28, 4)
                       + b"\x01\x00\x04\x02")

def _sfnt(tag_version: bytes, tables: dict) -> bytes:
    """An sfnt font file: header, table directory (with checksums), the tables 4-byte aligned."""
    tags = sorted(tables)
    n = len(tags)
    entry = 1
    while entry * 2 <= n: entry *= 2
    search = entry * 16
    head = tag_version + struct.pack(">HHHH", n, search, entry.bit_length() - 1, n * 16 - search)
    offset = 12 + 16 * n
    directory, body = b"", b""
    for tag in tags:
        data = tables[tag]
        padded = data + b"\0" * (-len(data) % 4)
        checksum = sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
        directory += struct.pack(">4sIII", tag.encode(), checksum, offset + len(body), len(data))
        body += padded
    return head + directory + body

def symbol_ttf(target: Path, codepoint: int = 0xE000) -> None:
    """A valid TrueType font with two empty glyphs (.notdef and one at ``codepoint``, private use by
    default): a font with no glyph for any Latin letter."""
    glyphs = 2
    head = struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, 1000, 0, 0,
                       0, 0, 0, 0, 0, 8, 2, 0, 0)
    hhea = struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, 800, -200, 0, 600, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, glyphs)
    maxp = struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, glyphs, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)
    hmtx = struct.pack(">HhHh", 600, 0, 600, 0)
    loca = struct.pack(">HHH", 0, 0, 0)
    glyf = b""
    seg = [(codepoint, codepoint, 1 - codepoint), (0xFFFF, 0xFFFF, 1)]
    segx2 = len(seg) * 2
    sub = struct.pack(">HHHHHHH", 4, 0, 0, segx2, 4, 1, segx2 - 4)
    sub += b"".join(struct.pack(">H", e) for _, e, _ in seg) + b"\0\0"
    sub += b"".join(struct.pack(">H", s) for s, _, _ in seg)
    sub += b"".join(struct.pack(">h", ((d + 0x8000) & 0xFFFF) - 0x8000) for _, _, d in seg)
    sub += b"".join(struct.pack(">H", 0) for _ in seg)
    sub = sub[:2] + struct.pack(">H", len(sub)) + sub[4:]
    cmap = struct.pack(">HH", 0, 2) + struct.pack(">HHI", 0, 3, 20) + struct.pack(">HHI", 3, 1, 20) + sub
    names = {1: "Symbolic", 2: "Regular", 4: "Symbolic Regular", 6: "Symbolic-Regular"}
    records, strings = b"", b""
    for nid, text in names.items():
        data = text.encode("utf-16-be")
        records += struct.pack(">HHHHHH", 3, 1, 0x409, nid, len(data), len(strings))
        strings += data
    name = struct.pack(">HHH", 0, len(names), 6 + 12 * len(names)) + records + strings
    post = struct.pack(">IIhhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0)
    os2 = struct.pack(">HhHHHhhhhhhhhhhh", 3, 500, 400, 5, 0, 650, 600, 0, 0, 650, 600, 0, 0, 50, 300, 0)
    os2 += b"\0" * 10 + b"\0" * 16 + b"NONE" + struct.pack(">HHH", 0x40, codepoint, codepoint)
    os2 += struct.pack(">hhhHH", 800, -200, 0, 800, 200) + b"\0" * 8 + struct.pack(">hhHHH", 500, 700, 0, 32, 0)
    font = _sfnt(struct.pack(">I", 0x00010000), {"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx, "loca": loca,
                                                 "glyf": glyf, "cmap": cmap, "name": name, "post": post, "OS/2": os2})
    # head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA
    adjust = (0xB1B0AFBA - sum(struct.unpack(f">{len(font) // 4}I", font))) & 0xFFFFFFFF
    at = font.index(head)
    target.write_bytes(font[:at + 8] + struct.pack(">I", adjust) + font[at + 12:])


MAKERS = {f.__name__: f for f in (long_step, many_steps, bomb_png, truncated_png, truncated_jpeg, png, latin1, raw,
                                  deep_nesting, symlink, absolute_image, repeat, many_files,
                                  extends_chain, cff_otf, symbol_ttf)}
