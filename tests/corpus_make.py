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


MAKERS = {f.__name__: f for f in (long_step, many_steps, bomb_png, truncated_png, truncated_jpeg, png, latin1, raw,
                                  deep_nesting, symlink, absolute_image)}
