"""A face and a subset of its characters → the embedded TrueType program, fast and cached.

Takes a registered TrueType face (by name) and the code points of one subset in code order (as
``font_codes`` assigns them: code n prints ``subset[n]``) and gives the subset's font program:
the same bytes reportlab's ``TTFontFace.makeSubset`` makes (a test compares them), in a
fraction of the time. Per face and process, the tables copied whole are read once and each
glyph's outline and composite components are looked up once; per subset, the program and its
FlateDecode stream are kept (``font_file``), so a batch that prints the same text on many cards
builds and compresses each program once.
"""

from __future__ import annotations

import zlib
from functools import cache, lru_cache
from struct import pack, unpack_from

from cardmaker.render import reportlab_internals as rl

COPIED = ("name", "OS/2", "cvt ", "fpgm", "prep")  # tables the subset takes unchanged
MORE, WORDS, SCALE, XY_SCALE, TWO_BY_TWO = 0x20, 0x01, 0x08, 0x40, 0x80  # composite glyph flags
LEVEL = 6  # zlib level of the font programs, as reportlab's (kept per subset, so paid once)


class FaceTables:
    """One face's tables and glyphs, read once per process: what every subset of it copies."""

    def __init__(self, face) -> None:
        self.char_to_glyph = rl.face_glyphs(face)
        self.hmetrics = rl.face_hmetrics(face)
        self.glyph_pos = rl.face_glyph_positions(face)
        self.glyf = rl.face_table(face, "glyf")
        self.copied = [(tag, rl.face_table(face, tag)) for tag in COPIED if rl.face_has_table(face, tag)]
        self.post = b"\x00\x03\x00\x00" + rl.face_table(face, "post")[4:16] + b"\x00" * 16
        self.hhea, self.maxp = rl.face_table(face, "hhea"), rl.face_table(face, "maxp")
        head = rl.face_table(face, "head")
        self.head = head[:8] + b"\0\0\0\0" + head[12:]  # checksum adjustment, set at the end
        self._glyphs: dict[int, tuple[bytes, tuple[int, ...]]] = {}

    def outline(self, gid: int) -> bytes:
        """Glyph ``gid``'s bytes in the glyf table (empty for a blank glyph)."""
        return self.glyf[self.glyph_pos[gid]:self.glyph_pos[gid + 1]]

    def components(self, gid: int) -> tuple[int, ...]:
        """The glyph ids a composite glyph is built from, with the offset of each id in its bytes
        (pairs flattened: offset, id, offset, id ...); () for a simple glyph."""
        return self.glyph(gid)[1]

    def glyph(self, gid: int) -> tuple[bytes, tuple[int, ...]]:
        """(glyph ``gid``'s bytes padded to 4, its ``components``), looked up once per process."""
        found = self._glyphs.get(gid)
        if found is None:
            data = self.outline(gid)
            found = self._glyphs[gid] = data + b"\0" * (-len(data) % 4), _components(data)
        return found


def _components(data: bytes) -> tuple[int, ...]:
    if len(data) <= 2 or unpack_from(">h", data)[0] >= 0:
        return ()
    out, pos, flags = [], 10, MORE
    while flags & MORE:
        flags, gid = unpack_from(">HH", data, pos)
        out += (pos + 2, gid)
        pos += 4 + (4 if flags & WORDS else 2)
        pos += 2 if flags & SCALE else 4 if flags & XY_SCALE else 8 if flags & TWO_BY_TWO else 0
    return tuple(out)


@cache
def face_tables(face_name: str) -> FaceTables:
    """The registered face's tables (read once per process)."""
    from reportlab.pdfbase import pdfmetrics

    return FaceTables(pdfmetrics.getFont(face_name).face)


def glyph_map(tables: FaceTables, subset: tuple[int, ...]) -> tuple[list[int], dict[int, int]]:
    """(new glyph id → old, old → new): .notdef first, then the subset's glyphs in code order,
    then the parts of composite glyphs, as reportlab numbers them."""
    new_to_old, old_to_new = [0], {0: 0}
    char_to_glyph = tables.char_to_glyph
    for code in subset:
        gid = char_to_glyph.get(code, 0)
        if gid not in old_to_new:
            old_to_new[gid] = len(new_to_old)
            new_to_old.append(gid)
    n, glyph = 0, tables.glyph
    while n < len(new_to_old):
        parts = glyph(new_to_old[n])[1]
        for gid in parts[1::2]:
            if gid not in old_to_new:
                old_to_new[gid] = len(new_to_old)
                new_to_old.append(gid)
        n += 1
    return new_to_old, old_to_new


def program(face_name: str, subset: tuple[int, ...]) -> bytes:
    """The TrueType program of ``subset`` (code points in code order), uncompressed."""
    tables = face_tables(face_name)
    new_to_old, old_to_new = glyph_map(tables, subset)
    out = dict(tables.copied)
    out["post"] = tables.post
    out["hmtx"], metrics = _hmtx(tables, new_to_old)
    out["hhea"] = _set_ushort(tables.hhea, 34, metrics)
    out["maxp"] = _set_ushort(tables.maxp, 4, len(new_to_old))
    cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset)]
    cmap += [old_to_new[tables.char_to_glyph.get(code, 0)] for code in subset]
    out["cmap"] = pack(f">{len(cmap)}H", *cmap)
    out["glyf"], offsets = _glyf(tables, new_to_old, old_to_new)
    long_loca = (offsets[-1] + 1) >> 1 > 0xFFFF
    out["loca"] = pack(f">{len(offsets)}L", *offsets) if long_loca else \
        pack(f">{len(offsets)}H", *(o >> 1 for o in offsets))
    out["head"] = _set_ushort(tables.head, 50, int(long_loca))
    return _font_file(out)


def _hmtx(tables: FaceTables, new_to_old: list[int]) -> tuple[bytes, int]:
    """The horizontal metrics, a trailing run of equal advances stored once (as reportlab does)."""
    hmtx = []
    for gid in new_to_old:
        aw, lsb = tables.hmetrics[gid]
        hmtx += (int(aw), int(lsb))
    n = len(hmtx) - 2
    while n and hmtx[n] == hmtx[n - 2]:
        n -= 2
    n += 2
    hmtx = hmtx[:n] + hmtx[n + 1::2]
    return pack(f">{len(hmtx)}H", *hmtx), n >> 1


def _glyf(tables: FaceTables, new_to_old: list[int], old_to_new: dict[int, int]) -> tuple[bytes, list[int]]:
    """The subset's glyf table (composite parts renumbered, each glyph padded to 4 bytes) and its offsets."""
    chunks, offsets, pos, glyph = [], [], 0, tables.glyph
    for gid in new_to_old:
        offsets.append(pos)
        data, parts = glyph(gid)
        if parts:
            data = bytearray(data)
            for i in range(0, len(parts), 2):
                data[parts[i]:parts[i] + 2] = pack(">H", old_to_new[parts[i + 1]])
            data = bytes(data)
        chunks.append(data)
        pos += len(data)
    offsets.append(pos)
    return b"".join(chunks), offsets


def _set_ushort(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + pack(">H", value) + data[offset + 2:]


def _font_file(tables: dict[str, bytes]) -> bytes:
    """The tables as one TrueType file: directory sorted by tag, checksums, head's adjustment."""
    from reportlab.lib.rl_accel import add32, calcChecksum

    count = len(tables)
    search = 1 << (count.bit_length() - 1)
    parts = [pack(">lHHHH", 0x00010000, count, search * 16, search.bit_length() - 1, count * 16 - search * 16)]
    offset, head_at, body = 12 + count * 16, 0, []
    for tag, data in sorted(tables.items()):
        if tag == "head":
            head_at = offset
        parts.append(tag.encode("latin-1") + pack(">LLL", calcChecksum(data), offset, len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    whole = b"".join(parts + body)
    adjust = pack(">L", add32(0xB1B0AFBA, -calcChecksum(whole)))
    return whole[:head_at + 8] + adjust + whole[head_at + 12:]


@lru_cache(maxsize=128)
def font_file(face_name: str, subset: tuple[int, ...]) -> tuple[bytes, int]:
    """(the subset's program compressed for a FlateDecode stream, its uncompressed length),
    made once per process for each (face, subset)."""
    data = program(face_name, subset)
    return zlib.compress(data, LEVEL), len(data)
