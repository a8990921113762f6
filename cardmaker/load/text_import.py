"""Import an exercise written as plain text into the exercise YAML format.

Writers (and other tools) produce exercises as plain text; this turns one into YAML that
``cardmaker`` can load, without losing a sentence. The expected shape::

    Title line
    Description paragraph, one per line (blank lines between them are fine).
    Instructions            <- also "Steps", "How to do it"; any case, optional ':' or '#'
    - step                  <- bullets '-', '*', '•' or numbers '1.' / '1)'
    Tips & Tricks           <- optional; also "Tips", "Tips and Tricks"
    - tip
    Cautions                <- optional; also "Safety", "Warnings"
    - caution
    Frequently Asked Questions   <- optional; also "FAQ", "FAQs"
    Question ending with '?'     <- or 'Q: ...'
    Answer line(s)               <- or 'A: ...'; lines up to the next '?' line
    Dosage                       <- optional; also "Dose", "Prescription"
    3 sets x 12 reps, rest 60 s  <- read into the prescription (``dose_words``)

A line "Label: value" whose label names a field (``text_fields``), wherever it stands outside a
bullet, is read into it: "Dosage: 3 x 12, rest 60 s" into the prescription (also Dose, Sets,
Reps, Rest, Hold...), "Level:", "Category:", "Equipment:" and "Targets:" into theirs. A dose
that does not read whole stays in the description as written, with a warning. Headings and
labels are read in English and German (``text_words``).

An indented line right after a bullet continues that bullet; any other non-bullet text in
a bullet section is an error, so nothing is silently dropped.

Caution rule (conservative and deterministic, so the same text always gives the same card):

* a tip is MOVED to ``cautions`` when it starts with "Stop", "Never", "Avoid", "Do not" or
  "Don't", or mentions pain/painful, sharp, tingle/tingling, numb/numbness, dizzy/dizziness
  (whole words: "sharpen" does not count);
* a description sentence is COPIED to ``cautions`` (it stays in the description) when it is
  "If ... reduce|stop ... immediately", or contains "stop if" or "should never".

``cautions`` lists the Cautions section, then description warnings, then tip warnings.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cardmaker.errors import CardmakerError, DataError
from cardmaker.load.source import read_text
from cardmaker.load.text_fields import label_of, read_fields
from cardmaker.load.text_words import ABBREVIATIONS, DESC_WARNING, HEADINGS, TIP_WARNING_START, TIP_WARNING_WORD
from cardmaker.scripts import CONTROL
from cardmaker.slug import slugify

_BULLET = re.compile(r"^\s*(?:[-*•–‣◦]\s*|\d{1,3}[.)]\s+)(\S.*)$")
_Q_PREFIX = re.compile(r"^(?:q|question)\s*:\s*", re.IGNORECASE)
_A_PREFIX = re.compile(r"^(?:a|answer)\s*:\s*", re.IGNORECASE)
_QUESTION_END = re.compile(r"\?[\"'”’)\]]*$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*(\s+)")
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]]*$|[)\]]$")
WRAPPED = 40  # characters: a line this long that ends mid-sentence was wrapped by an editor
_INITIAL = re.compile(r"[^\W\d_]\.")  # a letter and its dot: the second of "z. B."
_KEY_ORDER = ("name", "id", "category", "level", "summary", "description", "steps", "tips", "cautions", "faq",
              "equipment", "muscles", "prescription")


@dataclass
class _Section:
    """A heading and the numbered lines under it, kept so errors can point at a line."""

    kind: str
    heading: str
    line: int
    body: list[tuple[int, str]] = field(default_factory=list)


def _heading_text(line: str) -> str:
    """A heading as written, without markdown '#' and a trailing ':'."""
    return line.strip().lstrip("#").strip().rstrip(":").strip()


def _heading_kind(line: str) -> str | None:
    """Which section a line opens, tolerating case, a trailing ':' and markdown '#'."""
    return HEADINGS.get(re.sub(r"\s+", " ", _heading_text(line).lower()))


@dataclass
class _Document:
    """A document cut into its parts (1-based line numbers)."""

    title: str
    description: list[tuple[int, str]]  # blank lines too: they may part its paragraphs
    sections: list[_Section]
    labelled: list[tuple[int, str]]  # "Label: value" lines, wherever they stand (``text_fields``)


def _split(lines: list[str], source: str) -> _Document:
    """Cut the document into title, description lines, sections and labelled lines. A labelled
    line an editor wrapped goes on in the next (``_goes_on``)."""
    numbered = [(no, line) for no, line in enumerate(lines, 1)]
    filled = [(no, line) for no, line in numbered if line.strip()]
    if not filled:
        raise DataError("the document is empty; expected a title line, description paragraphs "
                        "and an 'Instructions' section", file=source, line=1)
    title_no, title = filled[0]
    if _heading_kind(title):
        raise DataError(f"expected a title line before the '{_heading_text(title)}' heading",
                        file=source, line=title_no)
    doc = _Document(title.strip().lstrip("#").strip(), [], [], [])
    before = ""  # the line before
    for no, line in numbered[title_no:]:
        kind = _heading_kind(line) if line.strip() else None
        if kind:
            doc.sections.append(_Section(kind, _heading_text(line), no))
        elif _labelled_here(doc.sections[-1].kind if doc.sections else None,
                            before if not doc.labelled or doc.labelled[-1][0] != no - 1 else "", line):
            doc.labelled.append((no, line.strip()))
        elif doc.labelled and doc.labelled[-1][0] == no - 1 and _goes_on(doc.labelled[-1][1], line):
            doc.labelled[-1] = (doc.labelled[-1][0], doc.labelled[-1][1] + " " + line.strip())
        elif doc.sections:
            doc.sections[-1].body.append((no, line))
        else:
            doc.description.append((no, line.strip()))
        before = line
    while doc.description and not doc.description[-1][1]:
        doc.description.pop()
    return doc


def _labelled_here(section: str | None, before: str, line: str) -> bool:
    """Whether ``line`` is a labelled line (``text_fields.label_of``) to read into its field:
    never a bullet, nor a line indented under one (it goes on in that bullet); in the FAQ only
    after a blank line or another labelled line (``before``: "" then; a line right under a
    question answers it)."""
    if not line.strip() or _BULLET.match(line) or label_of(line) is None:
        return False
    if section in ("steps", "tips", "cautions") and line[:1].isspace():
        return False
    return section != "faq" or not before.strip()


def _wrapped(before: str, line: str) -> bool:
    """Whether ``line`` (stripped) may go on in the line before, as an editor wraps: that one
    as long as a wrapped line (``WRAPPED``) and not ending a sentence."""
    return bool(line) and len(before) >= WRAPPED and not _ENDS_SENTENCE.search(before)


def _goes_on(before: str, line: str) -> bool:
    """Whether ``line`` goes on in the labelled line before: wrapped there (``_wrapped``), this
    one in lower case and no bullet."""
    text = line.strip()
    return _wrapped(before, text) and text[0].islower() and not _BULLET.match(line)


def _paragraphs(lines: list[str]) -> list[str]:
    """The description's paragraphs (``lines`` stripped, blank ones kept). A line as long as a
    wrapped one (``WRAPPED``) that does not end a sentence ('.', '!', '?', ':' or a closing
    bracket or quote at its end) goes on in the next, as an editor wraps a paragraph, when the
    next starts in lower case or a digit, or when the document parts its paragraphs with blank
    lines; otherwise each line is a paragraph (a document written one paragraph a line, or a
    short label such as "Level: beginner")."""
    blocks = "" in lines
    out: list[str] = []
    before = ""  # the line before, in the same block
    for line in lines:
        if _wrapped(before, line) and (line[0].islower() or line[0].isdigit() or blocks):
            out[-1] += " " + line
        elif line:
            out.append(line)
        before = line
    return out


def _dose_lines(sections: list[_Section]) -> list[tuple[int, str]]:
    """The Dosage sections' lines, a bullet's text without its mark."""
    lines = []
    for section in (s for s in sections if s.kind == "dose"):
        for no, line in section.body:
            if line.strip():
                match = _BULLET.match(line)
                lines.append((no, match.group(1) if match else line.strip()))
    return lines


def _bullets(section: _Section, source: str) -> list[str]:
    """Bullet items of a section; an indented line right after a bullet continues it."""
    items: list[str] = []
    previous = None
    for no, line in section.body:
        if not line.strip():
            previous = None
            continue
        match = _BULLET.match(line)
        if match:
            items.append(match.group(1).strip())
        elif previous == no - 1 and line[:1].isspace():
            items[-1] += " " + line.strip()
        else:
            raise DataError(f"unexpected text in the '{section.heading}' section; expected a bullet "
                            f"line starting with '- ' (or a blank line)", file=source, line=no,
                            hint="indent a line that goes on in the bullet above; a new section needs one of "
                                 "the headings Instructions, Tips, Cautions, FAQ, Dosage (or their usual names)")
        previous = no
    return items


def _faq_line(line: str) -> tuple[str, str]:
    """Classify a FAQ line as question or answer: 'Q:'/'A:' prefixes win, else a '?' ending."""
    match = _BULLET.match(line)
    text = match.group(1).strip() if match else line.strip()
    if prefix := _Q_PREFIX.match(text):
        return "q", text[prefix.end():].strip()
    if prefix := _A_PREFIX.match(text):
        return "a", text[prefix.end():].strip()
    return ("q" if _QUESTION_END.search(text) else "a"), text


def _faq(section: _Section, source: str) -> list[dict[str, str]]:
    """Question/answer pairs; answer lines run until the next question line."""
    pairs: list[tuple[str, list[str], int]] = []
    for no, line in section.body:
        if not line.strip():
            continue
        kind, text = _faq_line(line)
        if kind == "a" and not pairs:
            raise DataError(f"expected a question line ending with '?' (or starting with 'Q:') "
                            f"at the start of the '{section.heading}' section", file=source, line=no)
        if kind == "q":
            _check_answered(pairs, source)
            pairs.append((text, [], no))
        else:
            pairs[-1][1].append(text)
    _check_answered(pairs, source)
    return [{"q": q, "a": " ".join(answer)} for q, answer, _ in pairs]


def _check_answered(pairs: list[tuple[str, list[str], int]], source: str) -> None:
    """A question with no answer is an error at the question's line."""
    if pairs and not pairs[-1][1]:
        question, _, no = pairs[-1]
        raise DataError(f"the FAQ question '{question}' has no answer; expected an answer line "
                        f"after it", file=source, line=no)


def _sentences(paragraph: str) -> list[str]:
    """Split at '.', '!' or '?' + space before a capital, digit or quote; not after a single
    letter or a usual abbreviation ('z. B. nach', 'approx. 30 s', 'e.g. x': ``ABBREVIATIONS``)."""
    parts, start = [], 0
    for match in _SENTENCE_BREAK.finditer(paragraph):
        following = paragraph[match.end():match.end() + 1]
        word = paragraph[:match.start()].rsplit(None, 1)[-1] if paragraph[:match.start()].strip() else ""
        if paragraph[match.start()] == "." and (word.casefold() in ABBREVIATIONS or (
                len(word) == 1 and word.isalpha() and _INITIAL.match(paragraph, match.end()))):
            continue  # "approx. 30", "z. B. nach", "d. h."
        if following.isupper() or following.isdigit() or following in "\"'“‘(¿¡":
            parts.append(paragraph[start:match.start(1)])
            start = match.end()
    parts.append(paragraph[start:])
    return [part.strip() for part in parts if part.strip()]


def _is_tip_warning(tip: str) -> bool:
    """Safety warnings belong in the caution box, not among the tips."""
    return bool(TIP_WARNING_START.match(tip) or TIP_WARNING_WORD.search(tip))


def _collect(sections: list[_Section], kind: str, source: str) -> list[str]:
    """All bullets of every section of one kind (a heading may appear twice)."""
    return [item for sec in sections if sec.kind == kind for item in _bullets(sec, source)]


def _steps(sections: list[_Section], lines: list[str], source: str) -> list[str]:
    """The required steps, with errors that say where the Instructions were expected."""
    found = [sec for sec in sections if sec.kind == "steps"]
    if not found:
        line = sections[0].line if sections else len(lines)
        raise DataError("no 'Instructions' section found; expected a line 'Instructions' "
                        "followed by '- step' lines", file=source, line=line,
                        hint="the steps' heading may also be Steps, How to do it, Directions (German: Anleitung, "
                             "Ausführung, Durchführung); lines such as 'Level: beginner' or 'Dosage: 3 x 12' may "
                             "stand anywhere outside a list")
    steps = _collect(sections, "steps", source)
    if not steps:
        raise DataError(f"the '{found[0].heading}' section has no steps; expected '- step' lines "
                        f"after it", file=source, line=found[0].line)
    return steps


def parse_exercise_text(text: str, source: str = "<text>", warnings: list[CardmakerError] | None = None) -> dict:
    """Parse a plain-text exercise into a dict ready for :func:`to_yaml` (empty keys omitted);
    ``warnings`` is given a located warning for each labelled line kept as written."""
    text = unicodedata.normalize("NFC", text)  # 'Sätze' typed with a combining mark reads as any other
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.rstrip() for line in lines]
    doc = _split(lines, source)
    steps = _steps(doc.sections, lines, source)
    fields = read_fields(doc.labelled, _dose_lines(doc.sections))
    for warning in sorted(fields.warnings, key=lambda w: w.line):
        if warnings is not None:
            warnings.append(warning.located(source))
    blocks = any(not line for _, line in doc.description)  # paragraphs parted by blank lines: so is a line kept
    kept = sorted(doc.description + [(no, "") for no, _ in fields.unread if blocks] + fields.unread)
    paragraphs = _paragraphs([line for _, line in kept])
    all_tips = _collect(doc.sections, "tips", source)
    cautions = _collect(doc.sections, "cautions", source)
    cautions += [s for p in paragraphs for s in _sentences(p) if DESC_WARNING.search(s)]
    cautions += [tip for tip in all_tips if _is_tip_warning(tip)]
    faq = [pair for sec in doc.sections if sec.kind == "faq" for pair in _faq(sec, source)]
    data = {
        "name": doc.title,
        "id": slugify(doc.title),
        "summary": _sentences(paragraphs[0])[0] if paragraphs else "",
        "description": "\n\n".join(paragraphs),
        "steps": steps,
        "tips": [tip for tip in all_tips if not _is_tip_warning(tip)],
        "cautions": list(dict.fromkeys(cautions)),
        "faq": faq,
        **fields.values,
    }
    return {key: data[key] for key in _KEY_ORDER if data.get(key) or key in ("name", "steps")}


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents lists under their key and writes multi-line text as '|'."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None  # PyYAML falls back to quoting when '|' can't be exact
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def to_yaml(data: dict, source: str = "<text>", comments: dict[str, str] | None = None) -> str:
    """YAML text in the dict's key order; ``yaml.safe_load`` gives back exactly ``data``.
    ``comments``: a comment line to write above a top-level key (for the user editing the file;
    never printed on a card)."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=4096)  # no folding: one item per line
    for key, comment in (comments or {}).items():
        body = re.sub(rf"^(?={re.escape(key)}:)", lambda _: f"# {comment}\n", body, count=1, flags=re.M)
    return f"# Imported from {Path(source).name} by cardmaker import; unedited {_fingerprint(body)}\n{body}"


def _fingerprint(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


_HEADER = re.compile(r"# Imported from .* by cardmaker import; unedited ([0-9a-f]{16})\n")


def unedited_import(text: str) -> bool:
    """Whether ``text`` is a file ``import`` wrote and nobody has changed since (its first line
    holds a fingerprint of the rest), so importing again may replace it without losing work."""
    header = _HEADER.match(text)
    return header is not None and header.group(1) == _fingerprint(text[header.end():])


def import_file(path: Path) -> tuple[str, str]:
    """Read a UTF-8 text file (BOM and CRLF accepted) and return ``(exercise_id, yaml_text)``."""
    data = import_data(path)
    return data["id"], to_yaml(data, source=Path(path).name)


def import_data(path: Path, warnings: list[CardmakerError] | None = None) -> dict:
    """Read a UTF-8 text file (BOM and CRLF accepted) and return its exercise mapping
    (``warnings``: see ``parse_exercise_text``)."""
    path = Path(path)
    text = read_text(path)
    control = CONTROL.search(text)
    if control:  # never text: a binary file, or bytes a copy-paste brought along
        raise DataError(f"control character U+{ord(control.group()):04X} in the text", file=path,
                        line=text.count("\n", 0, control.start()) + 1, hint="delete it; most editors do not show it")
    return parse_exercise_text(text, source=str(path), warnings=warnings)
