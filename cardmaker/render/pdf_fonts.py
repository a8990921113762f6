"""Text in one PDF → one-byte codes per font subset, and the subsets' font objects.

``FontCodes`` takes a face's text as it is drawn and gives (resource name, codes) chunks for the
content stream, giving each new character the next free code of the face's current subset of
256: code 0 is .notdef and 32 the space in every subset, and only codes a PDF string literal
takes unescaped are given out (so the text goes into the stream with one ``str.translate``). ``write_fonts`` then gives
the file each subset as a simple TrueType font: its widths, a ToUnicode map (so text can be
copied and searched), a descriptor and the embedded program (``render.subset``). Everything
but the object numbers depends only on (face, subset) and is kept per process, so a card whose
characters another card already used costs no font work at all.
"""

from __future__ import annotations

import hashlib
import zlib
from functools import lru_cache
from typing import Callable

from cardmaker.render import reportlab_internals as rl
from cardmaker.render.pdf_file import PdfFile
from cardmaker.render.subset import face_tables, font_file

SYMBOLIC, NONSYMBOLIC = 1 << 2, 1 << 5  # FontDescriptor flags: a subset's own encoding is "symbolic"


PLAIN = tuple(c for c in range(33, 256) if c not in b"()\\\x7f")  # codes a string literal takes as they are
PLAIN_CHARS = frozenset(map(chr, PLAIN))
SPACE = 32


ASCII = "".join(map(chr, range(33, 127)))  # printable ASCII but the space (always code 32)
PRELOAD_MIN = 20  # distinct ASCII characters in a face that make it a text face: see ``preload``


def preload(used: set[str]) -> str:
    """What a face printing the characters ``used`` gets codes for up front: all of printable
    ASCII for a text face (``PRELOAD_MIN`` or more of them used), else nothing. A few more
    glyphs each (reportlab's subsets carried all of ASCII too), but then a card whose text in
    that face is ASCII has the same subset as every other such card, so its font objects are
    made once per process instead of once per card (a third of a card's cost)."""
    return ASCII if len(used.intersection(ASCII)) >= PRELOAD_MIN else ""


_PRELOADED: dict[tuple[str, str], tuple] = {}  # (face, preload) → FontCodes' state after preloading


class FontCodes:
    """One face's characters in one PDF: code per character, the subsets, their resource names."""

    def __init__(self, face: str, new_name: Callable[[], str], preload: str = "") -> None:
        """``preload``: characters given codes first, in this order, whether printed or not."""
        self.face = face
        self._covered = face_tables(face).char_to_glyph
        self._new_name = new_name
        self.codes: dict[str, int] = {" ": SPACE, "\xa0": SPACE}
        self._known = set(self.codes)
        self._table = {ord(ch): chr(code) for ch, code in self.codes.items()}  # for str.translate
        self.subsets: list[list[int]] = []
        self.names: list[str] = []
        self._free: list[int] = []  # codes left in the last subset, next last
        if preload:
            self._preload(preload)

    def _preload(self, preload: str) -> None:
        """Codes for ``preload`` as ``_assign`` gives them one by one; worked out once per
        process for each (face, preload) and copied (every text face of every card preloads
        the same printable ASCII), each subset named here as when it is opened."""
        key = (self.face, preload)
        state = _PRELOADED.get(key)
        if state is None:
            names = self._new_name
            self._new_name = lambda: ""  # named below, in order
            for ch in preload:
                if ch not in self._known:
                    self._assign(ch)
            self._new_name = names
            state = _PRELOADED[key] = (self.codes, self._known, self._table, self.subsets, self._free)
        codes, known, table, subsets, free = state
        self.codes, self._known, self._table = dict(codes), set(known), dict(table)
        self.subsets, self._free = [list(subset) for subset in subsets], list(free)
        self.names = [self._new_name() for _ in self.subsets]

    def chunks(self, text: str) -> list[tuple[str, str]]:
        """``text`` as (resource name, its codes as a PDF string literal's contents) runs, one
        per subset it touches. Codes are chosen so that no character needs escaping."""
        if not self._known.issuperset(text):
            for ch in text:
                if ch not in self._known:
                    self._assign(ch)
        if len(self.subsets) <= 1:  # one subset: each character's code, in one pass
            return [(self.names[0] if self.names else self._open(), text.translate(self._table))]
        out: list[tuple[str, list[str]]] = []
        for ch in text:
            v = self.codes[ch]
            name = self.names[v >> 8] if v != SPACE or not out else out[-1][0]  # every subset has the space
            if not out or out[-1][0] != name:
                out.append((name, []))
            out[-1][1].append(chr(v & 0xFF))
        return [(name, "".join(chars)) for name, chars in out]

    def _open(self) -> str:
        """A new subset: code 0 the .notdef, 32 the space, the rest free; its resource name."""
        self.subsets.append([0] * 32 + [SPACE])
        self.names.append(self._new_name())
        self._free = list(reversed(PLAIN))
        return self.names[-1]

    def _assign(self, ch: str) -> None:
        """Give ``ch`` the next free code (0, .notdef, for a character the face lacks)."""
        self._known.add(ch)
        code = ord(ch)
        if code not in self._covered:
            self.codes[ch], self._table[code] = 0, "\0"
            return
        if not self._free:
            self._open()
        n = self._free.pop()
        subset = self.subsets[-1]
        subset += [0] * (n - len(subset)) + [code]  # skipped codes (parentheses, backslash) are .notdef
        full = (len(self.subsets) - 1) << 8 | n
        self.codes[ch], self._table[code] = full, chr(n)


def write_fonts(pdf: PdfFile, fonts: list[FontCodes]) -> dict[str, int]:
    """Each subset of each face as a font object; resource name → object number."""
    out = {}
    for font in fonts:
        for name, subset in zip(font.names, font.subsets):
            parts = subset_objects(font.face, tuple(subset))
            program = pdf.stream(f"/Filter /FlateDecode /Length1 {parts.length1}", parts.program)
            to_unicode = pdf.stream("/Filter /FlateDecode", parts.to_unicode)
            descriptor = pdf.add(f"<< /Type /FontDescriptor {parts.descriptor} /FontFile2 {program} 0 R >>")
            out[name] = pdf.add(f"<< /Type /Font /Subtype /TrueType /BaseFont /{parts.base_font} /FirstChar 0 "
                                f"/LastChar {len(subset) - 1} /Widths [{parts.widths}] /ToUnicode {to_unicode} 0 R "
                                f"/FontDescriptor {descriptor} 0 R >>")
    return out


class SubsetObjects:
    """What a (face, subset) puts in any file, formatted: all but the object numbers."""

    __slots__ = ("base_font", "widths", "to_unicode", "descriptor", "program", "length1")

    def __init__(self, face: str, subset: tuple[int, ...]) -> None:
        from reportlab.lib.rl_accel import fp_str
        from reportlab.pdfbase import pdfmetrics

        ttf = pdfmetrics.getFont(face).face
        info = rl.face_descriptor(ttf)
        self.base_font = f"{_tag(face, subset)}+{info['name'].decode('latin-1')}"
        widths, missing = rl.face_widths(ttf), info["missing_width"]
        self.widths = fp_str(*[widths.get(code, missing) for code in subset])
        self.to_unicode = zlib.compress(_to_unicode(self.base_font, subset).encode("ascii"))
        flags = info["flags"] & ~NONSYMBOLIC | SYMBOLIC
        self.descriptor = (f"/Ascent {fp_str(info['ascent'])} /CapHeight {fp_str(info['cap_height'])} "
                           f"/Descent {fp_str(info['descent'])} /Flags {flags} /FontBBox [{fp_str(*info['bbox'])}] "
                           f"/FontName /{self.base_font} /ItalicAngle {fp_str(info['italic_angle'])} "
                           f"/StemV {fp_str(info['stem_v'])} /MissingWidth {fp_str(missing)}")
        self.program, self.length1 = font_file(face, subset)


@lru_cache(maxsize=128)
def subset_objects(face: str, subset: tuple[int, ...]) -> SubsetObjects:
    """The formatted parts of a (face, subset), made once per process."""
    return SubsetObjects(face, subset)


def _tag(face: str, subset: tuple[int, ...]) -> str:
    """Six capitals naming the subset: the same subset, the same tag, in any run."""
    digest = hashlib.sha1(repr((face, subset)).encode()).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


def _to_unicode(name: str, subset: tuple[int, ...]) -> str:
    """A ToUnicode CMap: code n → the character ``subset[n]``."""
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
             f"/CMapName /{name} def", "/CMapType 2 def",
             "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange"]
    used = [(n, code) for n, code in enumerate(subset) if code]  # the .notdef codes print nothing
    for start in range(0, len(used), 100):  # at most 100 entries a block
        block = used[start:start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{n:02X}> <{code:04X}>" if code < 0x10000 else f"<{n:02X}> <{_utf16(code)}>" for n, code in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _utf16(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()
