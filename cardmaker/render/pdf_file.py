"""Numbered PDF objects → the bytes of a PDF file (header, objects, cross-reference table, trailer).

The lowest layer of ``render.one_pdf``: it takes objects already formatted as PDF syntax and
only numbers, places and indexes them. Nothing here knows about pages or fonts. The file is a
pure function of the objects: its ``/ID`` is a digest of them, so the same card gives the same
bytes in any process.
"""

from __future__ import annotations

import hashlib
import zlib
from array import array

HEADER = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
PACKED_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"  # with an object stream (PDF 1.5 on; PDF/UA-1 is based on 1.7)
LEVEL = 6  # zlib level of page content streams (reportlab's default)
PER_STREAM = 5000  # objects per object stream: its index is 2 bytes in the cross-reference stream


class PdfFile:
    """Objects numbered from 1 in the order they are reserved; each is written once."""

    def __init__(self) -> None:
        self._bodies: list[bytes | None] = []
        self._packed: list[int] = []  # objects to store compressed in the next object stream
        self._where = array("q")  # object n - 1 → its object stream << 16 | its index there; 0: not packed

    def reserve(self) -> int:
        """A number for an object written later (so objects can refer to each other)."""
        self._bodies.append(None)
        return len(self._bodies)

    def put(self, num: int, body: bytes | str) -> int:
        """Object ``num``'s body: PDF syntax (a dictionary, an array ...) without ``obj``/``endobj``."""
        self._bodies[num - 1] = body.encode("latin-1") if isinstance(body, str) else body
        return num

    def pack(self, num: int, body: bytes | str) -> int:
        """Object ``num`` (not a stream), stored in an object stream: many small objects (pages,
        links, a structure tree's elements) compressed together, ``PER_STREAM`` at a time, each
        stream written as soon as it is full (a long file holds them compressed)."""
        self._packed.append(num)
        self.put(num, body)
        if len(self._packed) >= PER_STREAM:
            self._flush_packed()
        return num

    def _flush_packed(self) -> None:
        """The objects packed so far into an object stream of their own."""
        group, self._packed = self._packed, []
        stream = self._object_stream(group)
        where = self._where
        where.frombytes(bytes(8 * (len(self._bodies) - len(where))))  # zeros up to the last object
        for k, num in enumerate(group):
            where[num - 1] = stream << 16 | k

    def add(self, body: bytes | str) -> int:
        """A new object with this body; its number."""
        return self.put(self.reserve(), body)

    def stream(self, entries: str, data: bytes, num: int | None = None) -> int:
        """A stream object: ``entries`` (dictionary entries besides /Length) and ``data`` as stored."""
        body = b"".join((f"<< {entries} /Length {len(data)} >>\nstream\n".encode("latin-1"), data,
                         b"\nendstream"))
        return self.put(self.reserve() if num is None else num, body)

    def flate(self, entries: str, data: bytes, num: int | None = None) -> int:
        """A stream object compressed with FlateDecode."""
        return self.stream(f"/Filter /FlateDecode {entries}".rstrip(), zlib.compress(data, LEVEL), num)

    def finish(self, root: int, info: int) -> bytes:
        """The whole file, with ``root`` as its catalog and ``info`` its document information."""
        missing = [n + 1 for n, body in enumerate(self._bodies) if body is None]
        if missing:
            raise ValueError(f"PDF objects reserved but never written: {missing}")
        if self._packed:
            self._flush_packed()
        if len(self._where):
            return self._finish_packed(root, info)
        out, offsets, pos = [HEADER], [], len(HEADER)
        for n, body in enumerate(self._bodies, 1):
            offsets.append(pos)
            pos += self._place(out, n, body)
        digest = _digest(out)
        xref = [b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)]
        xref += [b"%010d 00000 n \n" % offset for offset in offsets]
        trailer = (f"trailer\n<< /ID [<{digest}> <{digest}>] /Info {info} 0 R /Root {root} 0 R "
                   f"/Size {len(offsets) + 1} >>\nstartxref\n{pos}\n%%EOF\n")
        return b"".join(out + xref + [trailer.encode("ascii")])

    def _place(self, out: list[bytes], n: int, body: bytes) -> int:
        """Object ``n`` onto ``out`` (its body not copied; the file lets go of it); its length."""
        head = b"%d 0 obj\n" % n
        out += (head, body, b"\nendobj\n")
        self._bodies[n - 1] = b""
        return len(head) + len(body) + 8

    def _finish_packed(self, root: int, info: int) -> bytes:
        """The file with the packed objects in object streams of at most ``PER_STREAM`` objects
        each (a reader inflates a whole stream to reach one object) and a cross-reference stream."""
        where = self._where
        where.frombytes(bytes(8 * (len(self._bodies) - len(where))))
        out, rows, pos = [PACKED_HEADER], [b"\x00\x00\x00\x00\x00\xff\xff"], len(PACKED_HEADER)
        for n, body in enumerate(self._bodies, 1):
            if where[n - 1]:
                rows.append(b"\x02" + (where[n - 1] >> 16).to_bytes(4, "big") + (where[n - 1] & 0xFFFF).to_bytes(2, "big"))
                continue
            rows.append(b"\x01" + pos.to_bytes(4, "big") + b"\x00\x00")
            pos += self._place(out, n, body)
        xref = len(self._bodies) + 1
        rows.append(b"\x01" + pos.to_bytes(4, "big") + b"\x00\x00")
        digest = _digest(out)
        table = zlib.compress(b"".join(rows), LEVEL)
        out.append(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] "
                   b"/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
                   % (xref, xref + 1, root, info, digest.encode(), digest.encode(), len(table), table))
        out.append(b"startxref\n%d\n%%%%EOF\n" % pos)
        return b"".join(out)

    def _object_stream(self, group: list[int]) -> int:
        """One object stream holding the objects ``group``; its number."""
        heads, parts, at = [], [], 0
        for num in group:
            heads.append(f"{num} {at}")
            parts.append(self._bodies[num - 1])
            self._bodies[num - 1] = b""  # in the stream now
            at += len(parts[-1]) + 1
        head = " ".join(heads).encode("ascii") + b"\n"
        packer = zlib.compressobj(LEVEL)  # a few hundred objects at a time: no copy of them all at once
        data = b"".join([packer.compress(head), *(packer.compress(b"\n".join(parts[k:k + 500]) + b"\n")
                                                  for k in range(0, len(parts), 500)), packer.flush()])
        return self.put(self.reserve(), b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>"
                                        b"\nstream\n%s\nendstream" % (len(group), len(head), len(data), data))


def _digest(parts: list[bytes]) -> str:
    """The file's identifier: a digest of its objects (the same objects, the same /ID)."""
    md5 = hashlib.md5()
    for part in parts:
        md5.update(part)
    return md5.hexdigest()


def text_string(text: str) -> str:
    """``text`` as a PDF text string: a literal when it is printable ASCII, else UTF-16 in hex."""
    if text.isascii() and text.isprintable():
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def name(text: str) -> str:
    """``text`` as a PDF name: characters outside printable ASCII and delimiters as #xx."""
    out = []
    for byte in text.encode("utf-8"):
        ch = chr(byte)
        out.append(ch if 33 <= byte <= 126 and ch not in "#/()<>[]{}%" else f"#{byte:02X}")
    return "/" + "".join(out)
