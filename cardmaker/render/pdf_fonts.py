"""Text in one PDF → one-byte codes per font subset, and the subsets' font objects.

``FontCodes`` takes a face's text as it is drawn and gives (resource name, codes) chunks for the
content stream, giving each new character the next code of the face's current subset of 256
(code 0 is .notdef, code 32 the space, as in reportlab's subsets). ``write_fonts`` then gives
the file each subset as a simple TrueType font: its widths, a ToUnicode map (so text can be
copied and searched), a descriptor and the embedded program (``render.subset``). Everything
but the object numbers depends only on (face, subset) and is kept per process, so a card whose
characters another card already used costs no font work at all.
"""

from __future__ import annotations

import hashlib
import zlib
from functools import lru_cache
from itertools import groupby
from typing import Callable

from cardmaker.render import reportlab_internals as rl
from cardmaker.render.pdf_file import PdfFile
from cardmaker.render.subset import face_tables, font_file

SYMBOLIC, NONSYMBOLIC = 1 << 2, 1 << 5  # FontDescriptor flags: a subset's own encoding is "symbolic"


class FontCodes:
    """One face's characters in one PDF: code per character, the subsets, their resource names."""

    def __init__(self, face: str, new_name: Callable[[], str]) -> None:
        self.face = face
        self._covered = face_tables(face).char_to_glyph
        self._new_name = new_name
        self.codes: dict[str, int] = {" ": 32, "\xa0": 32, "\0": 0}
        self.subsets: list[list[int]] = [[0] + [32] * 32]
        self.names: list[str] = [new_name()]
        self._next = 1

    def chunks(self, text: str) -> list[tuple[str, bytes]]:
        """``text`` as (resource name, codes) runs, one per subset it touches."""
        codes = self.codes
        try:
            values = [codes[ch] for ch in text]
        except KeyError:
            values = [codes[ch] if ch in codes else self._assign(ch) for ch in text]
        if self._next <= 256:
            return [(self.names[0], bytes(values))]
        return [(self.names[n], bytes(v & 0xFF for v in group)) for n, group in groupby(values, lambda v: v >> 8)]

    def _assign(self, ch: str) -> int:
        """The next code for ``ch`` (0, .notdef, for a character the face lacks)."""
        code = ord(ch)
        if code not in self._covered:
            self.codes[ch] = 0
            return 0
        n = self._next
        if n & 0xFF == 32:  # code 32 of every subset is the space
            if n != 32:
                self.subsets[n >> 8].append(32)
            n += 1
        if n > 32:
            if not n & 0xFF:  # a new subset of 256, its code 0 the .notdef
                self.subsets.append([0])
                self.names.append(self._new_name())
                n += 1
            self.subsets[n >> 8].append(code)
        else:
            self.subsets[0][n] = code
        self._next = n + 1
        self.codes[ch] = n
        return n


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
        widths, missing = ttf.charWidths, info["missing_width"]
        self.widths = fp_str(*[widths.get(code, missing) for code in subset])
        self.to_unicode = zlib.compress(_to_unicode(self.base_font, subset).encode("ascii"))
        flags = info["flags"] & ~NONSYMBOLIC | SYMBOLIC
        self.descriptor = (f"/Ascent {fp_str(info['ascent'])} /CapHeight {fp_str(info['cap_height'])} "
                           f"/Descent {fp_str(info['descent'])} /Flags {flags} /FontBBox [{fp_str(*info['bbox'])}] "
                           f"/FontName /{self.base_font} /ItalicAngle {fp_str(info['italic_angle'])} "
                           f"/StemV {fp_str(info['stem_v'])} /MissingWidth {fp_str(missing)}")
        self.program, self.length1 = font_file(face, subset)


@lru_cache(maxsize=512)
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
    for start in range(0, len(subset), 100):  # at most 100 entries a block
        block = subset[start:start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{start + i:02X}> <{_utf16(code)}>" for i, code in enumerate(block)]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _utf16(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()
