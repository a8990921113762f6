"""Numbered PDF objects → a PDF file (header, objects, object streams, cross-reference stream,
trailer), written as the objects come.

The lowest layer of ``render.one_pdf``: it takes objects already formatted as PDF syntax and
only numbers, places and indexes them. Nothing here knows about pages or fonts. The file is a
pure function of the objects and the order they are given in: its ``/ID`` is a digest of them,
so the same card gives the same bytes in any process.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from array import array
from struct import pack_into
from typing import BinaryIO

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"  # object streams need PDF 1.5 on; PDF/UA-1 is based on 1.7
LEVEL = 6  # zlib level of page content streams (reportlab's default)
ROW = 7  # bytes of a cross-reference stream row: /W [1 4 2]
PER_STREAM = 5000  # objects per object stream: its index is 2 bytes in the cross-reference stream


class PdfFile:
    """Objects numbered from 1 in the order they are reserved; each is written once, to the
    file as it is given (``put``), or packed with others into an object stream (``pack``).

    The file goes to ``sink`` (a binary file) as it is made, or into memory when none is given:
    nothing is held twice and, given a file, a long document's pages are not held at all."""

    def __init__(self, sink: BinaryIO | None = None) -> None:
        self._sink = sink if sink is not None else io.BytesIO()
        self._given = sink is not None
        self._count = 0
        self._offsets = array("q")  # object n - 1 → 1 + its offset in the file; 0: not written there
        self._where = array("q")  # object n - 1 → its object stream << 16 | its index there; 0: not packed
        self._packed: list[tuple[int, bytes]] = []  # objects for the next object stream
        self._md5 = hashlib.md5()  # of every object written: the file's /ID
        self._pos = 0
        self._emit(HEADER)

    @property
    def written(self) -> int:
        """Bytes of the file written so far."""
        return self._pos

    def reserve(self) -> int:
        """A number for an object written later (so objects can refer to each other)."""
        self._count += 1
        return self._count

    def put(self, num: int, body: bytes | str) -> int:
        """Object ``num``'s body: PDF syntax (a dictionary, an array ...) without ``obj``/``endobj``."""
        body = body.encode("latin-1") if isinstance(body, str) else body
        _grow(self._offsets, num)
        self._offsets[num - 1] = self._pos + 1
        head = b"%d 0 obj\n" % num
        self._md5.update(head)
        self._md5.update(body)
        self._sink.write(head)
        self._sink.write(body)
        self._sink.write(b"\nendobj\n")
        self._pos += len(head) + len(body) + 8
        return num

    def _emit(self, data: bytes) -> None:
        self._sink.write(data)
        self._pos += len(data)

    def pack(self, num: int, body: bytes | str) -> int:
        """Object ``num`` (not a stream), stored in an object stream: many small objects (pages,
        links, a structure tree's elements) compressed together, ``PER_STREAM`` at a time, each
        stream written as soon as it is full (a long file holds them compressed)."""
        self._packed.append((num, body.encode("latin-1") if isinstance(body, str) else body))
        if len(self._packed) >= PER_STREAM:
            self._flush_packed()
        return num

    def _flush_packed(self) -> None:
        """The objects packed so far into an object stream of their own."""
        group, self._packed = self._packed, []
        stream = self._object_stream(group)
        where = self._where
        for k, (num, _) in enumerate(group):
            _grow(where, num)
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

    def finish(self, root: int, info: int) -> bytes | None:
        """The file ended, with ``root`` as its catalog and ``info`` its document information:
        the packed objects' last stream and a cross-reference stream. Gives the file's bytes, or
        None when they went to the sink given."""
        if self._packed:
            self._flush_packed()
        offsets, where = self._offsets, self._where
        _grow(offsets, self._count)
        _grow(where, self._count)
        missing = [n + 1 for n in range(self._count) if not offsets[n] and not where[n]]
        if missing:
            raise ValueError(f"PDF objects reserved but never written: {missing}")
        xref, pos = self._count + 1, self._pos
        rows = bytearray(ROW * (xref + 1))  # one row an object, packed in place: no object a row
        rows[:ROW] = b"\x00\x00\x00\x00\x00\xff\xff"
        for n in range(self._count):
            if where[n]:
                pack_into(">BIH", rows, ROW * (n + 1), 2, where[n] >> 16, where[n] & 0xFFFF)
            else:
                pack_into(">BIH", rows, ROW * (n + 1), 1, offsets[n] - 1, 0)
        pack_into(">BIH", rows, ROW * xref, 1, pos, 0)
        digest = self._md5.hexdigest().encode()
        table = zlib.compress(rows, LEVEL)
        self._emit(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] "
                   b"/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
                   % (xref, xref + 1, root, info, digest, digest, len(table), table))
        self._emit(b"startxref\n%d\n%%%%EOF\n" % pos)
        return None if self._given else self._sink.getvalue()

    def _object_stream(self, group: list[tuple[int, bytes]]) -> int:
        """One object stream holding the objects ``group``; its number."""
        heads, at = [], 0
        for num, body in group:
            heads.append(f"{num} {at}")
            at += len(body) + 1
        head = " ".join(heads).encode("ascii") + b"\n"
        packer = zlib.compressobj(LEVEL)  # a few hundred objects at a time: no copy of them all at once
        data = b"".join([packer.compress(head), *(packer.compress(b"\n".join(b for _, b in group[k:k + 500]) + b"\n")
                                                  for k in range(0, len(group), 500)), packer.flush()])
        return self.put(self.reserve(), b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>"
                                        b"\nstream\n%s\nendstream" % (len(group), len(head), len(data), data))


def _grow(numbers: array, count: int) -> None:
    """``numbers`` zero-filled up to ``count`` entries."""
    if len(numbers) < count:
        numbers.frombytes(bytes(8 * (count - len(numbers))))


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
