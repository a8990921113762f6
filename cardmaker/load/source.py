"""Read a YAML or JSON file into plain values plus the line of every field.

PyYAML's own loader forgets where values came from; composing the node tree ourselves keeps
each field's line for error messages, refuses duplicate keys and non-standard tags, and caps
alias expansion so a "billion laughs" file fails fast instead of eating memory.
"""

from __future__ import annotations

import errno
import json
import os
import re
import select
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cardmaker.errors import CardmakerError, DataError

Path_ = tuple  # a field path such as ("steps", 3) or ("faq", 0, "q")

_STR_TAG = "tag:yaml.org,2002:str"
MAX_NODES = 200_000  # far beyond any real exercise file; bounds alias expansion
_SAFE_TAGS = {  # what plain YAML (no '!' tags) resolves to; anything else is refused, on any node
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


def plain(value):
    """Mappings and sequences as the dicts and lists a parsed file holds (data given in code)."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


@dataclass
class Document:
    """A parsed file: its value and the 1-based line where each field path starts."""

    file: Path
    value: object
    lines: dict[Path_, int] = field(default_factory=dict)
    # source text of plain scalars YAML read as numbers, booleans or dates: a field that wants
    # text takes this, so "tempo: 3:1:1" stays 3:1:1 (YAML 1.1 reads 10861) and "level: no" stays no
    raw: dict[Path_, str] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path`` or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def field_of(self, path: Path_) -> str | None:
        """How an error names ``path``: ``steps[3]``; a CSV table names its row and column."""
        return format_path(path) or None


def format_path(path: Path_) -> str:
    """``("faq", 2, "q")`` → ``faq[2].q``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


MAX_BYTES = 20 * 2**20  # far beyond any exercise file, layout or program; a bigger one is a mistake


def read_text(file: Path, error: type[CardmakerError] = DataError) -> str:
    """The file's text as UTF-8 (a BOM is dropped), or an error saying how to fix the encoding.
    At most ``MAX_BYTES`` are read: a bigger file, a pipe that goes on (``/dev/zero``) or a
    device is refused with one line, without filling memory."""
    try:
        size = file.stat().st_size  # a regular file's size says it at once (a pipe's says 0)
        if size > MAX_BYTES:
            raise error(f"is {size / 2**20:.1f} MB; exercise, layout and program files are at most "
                        f"{MAX_BYTES // 2**20} MB", file=file, hint="split it, or check it is the right file")
        raw = read_bounded(file, MAX_BYTES)
        if raw is None:
            raise error(f"is more than {MAX_BYTES // 2**20} MB; exercise, layout and program files are "
                        f"at most {MAX_BYTES // 2**20} MB", file=file, hint="split it, or check it is the right file")
        if raw.count(b"\x00") * 4 > len(raw) or raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # every other byte
            raise error("is not UTF-8 text (UTF-16, or not text at all)", file=file, line=1,
                        hint="save it as UTF-8 (in a spreadsheet: CSV UTF-8)")
    except IsADirectoryError:
        raise error("is a folder, expected a file", file=file) from None
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror or exc}", file=file) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(f"not valid UTF-8 (byte {exc.start})", file=file, line=line,
                    hint="save the file with UTF-8 encoding") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


PIPE_WAIT = 10.0  # seconds a pipe may stay silent before it counts as one nobody writes to


def read_bounded(file: Path, limit: int) -> bytes | None:
    """The file's bytes, or None when it holds more than ``limit``; reads in pieces, so a pipe
    or device never makes it take more than ``limit`` bytes of memory. A named pipe that no
    program writes to (or that goes quiet) is an error after ``PIPE_WAIT`` seconds, not a hang."""
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        waiting = stat.S_ISFIFO(os.fstat(fd).st_mode) and hasattr(select, "poll")
        if not waiting:
            os.set_blocking(fd, True)
        pieces, size = [], 0
        while size <= limit:
            if waiting:
                _wait_for_data(fd, file)
            piece = os.read(fd, min(2**20, limit + 1 - size))
            if not piece:
                return b"".join(pieces)
            pieces.append(piece)
            size += len(piece)
        return None
    finally:
        os.close(fd)


def _wait_for_data(fd: int, file: Path) -> None:
    """Block until the pipe has data or its writer closed it. (On Linux a pipe that never had a
    writer is not ready, so poll waits for one to arrive.)"""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    if not poller.poll(PIPE_WAIT * 1000):
        raise OSError(errno.ETIMEDOUT, f"nothing was written to this pipe for {PIPE_WAIT:g} s")


def parse_file(file: Path, error: type[CardmakerError] = DataError, json_: bool | None = None) -> Document:
    """Parse ``file`` (YAML, or JSON by extension or when ``json_``) into a Document."""
    text = read_text(file, error)
    if json_ or (json_ is None and file.suffix.lower() == ".json"):
        return parse_json(file, text, error)
    return parse_yaml(text, file, error)


# libyaml's parser is ~20x faster than pyyaml's own. The two differ on tabs and control
# characters, so text with those goes to the pure-Python one, as does a file libyaml rejects:
# every machine accepts the same files and prints the same messages.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_PURE_ONLY = re.compile("[\t]|" + yaml.reader.Reader.NON_PRINTABLE.pattern)


def parse_yaml(text: str, file: Path, error: type[CardmakerError] = DataError) -> Document:
    if _FAST_LOADER is not None and not _PURE_ONLY.search(text):
        try:
            return _parse_yaml(text, file, error, _FAST_LOADER)
        except CardmakerError:
            pass
    return _parse_yaml(text, file, error, yaml.SafeLoader)


def _parse_yaml(text: str, file: Path, error: type[CardmakerError], loader_class) -> Document:
    try:
        loader = loader_class(text)  # the pure-Python reader rejects control characters here
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise error(f"control character U+{code:04X} is not allowed in a YAML file", file=file,
                    line=text.count("\n", 0, exc.position) + 1, hint="delete it; most editors do not show it") from None
    try:
        node = loader.get_single_node()
        doc = Document(file, None)
        doc.value = _Builder(loader, doc, error).build(node, ()) if node is not None else None
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # "end of stream" past the last line: where the open quote or bracket began
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(f"YAML syntax error: {problem}", file=file,
                    line=mark.line + 1 if mark else None,
                    hint="check indentation, colons and quotes") from None
    except yaml.YAMLError as exc:
        raise error(f"YAML error: {exc}", file=file) from None
    except RecursionError:
        raise error("nested too deeply", file=file, hint="lists and mappings inside each other, too many levels") from None
    finally:
        loader.dispose()


def parse_json(file: Path, text: str, error: type[CardmakerError] = DataError) -> Document:
    """Strict JSON; parsed a second time as YAML (a superset) only to learn each field's line."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"JSON syntax error: {exc.msg}", file=file, line=exc.lineno) from None
    except RecursionError:
        raise error("JSON nested too deeply", file=file) from None
    try:
        located = parse_yaml(text, file, error)
    except CardmakerError:  # e.g. tabs, which JSON allows and YAML does not
        return Document(file, value)
    return located if located.value == value else Document(file, value)


class _Builder:
    """Turns composed YAML nodes into plain values, recording lines as it goes."""

    def __init__(self, loader: yaml.SafeLoader, doc: Document, error: type[CardmakerError]):
        self.loader, self.doc, self.error, self.count = loader, doc, error, 0

    def build(self, node: yaml.Node, path: Path_) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error("file expands to too many values (nested YAML aliases?)",
                             file=self.doc.file, line=node.start_mark.line + 1,
                             hint="write the data out without '&' anchors and '*' aliases")
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _SAFE_TAGS:  # e.g. !!python/object on a list: refused, not quietly read as data
            raise self.error(f"unsupported YAML tag {node.tag!r}", file=self.doc.file,
                             line=node.start_mark.line + 1, field=format_path(path) or None,
                             hint="remove the '!' tag; plain text, numbers and lists are enough")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        if node.tag == _STR_TAG and type(node) is yaml.ScalarNode:  # most values: what construct_object gives
            return node.value
        if node.tag.endswith(":timestamp"):  # a date stays as written (2026-02-30 would not even construct)
            return node.value
        value = self.loader.construct_object(node, deep=True)
        if value is not None and not isinstance(value, str):
            self.doc.raw[path] = node.value
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        self.loader.flatten_mapping(node)  # resolves '<<' merge keys
        out: dict = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, path + ("<key>",))
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise self.error("a key must be plain text", file=self.doc.file,
                                 line=key_node.start_mark.line + 1, field=format_path(path) or None)
            key = str(key)
            if key in out:
                raise self.error(f"duplicate key '{key}'", file=self.doc.file,
                                 line=key_node.start_mark.line + 1, field=format_path(path) or None,
                                 hint="each key may appear once; merge the two entries")
            self.doc.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, path + (key,))
        return out
