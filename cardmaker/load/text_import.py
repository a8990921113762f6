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

A description line "Label: value" whose label names a field is read into it and left out of
the description: "Dosage: 3 x 12, rest 60 s" (also Dose, Sets, Reps, Rest, Hold...) into the
prescription, "Level:", "Category:", "Equipment:" and "Targets:" (or "Muscles:") into theirs.
A dose that does not read whole stays in the description as written.

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
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cardmaker.errors import DataError
from cardmaker.load.dose_words import LABELS as DOSE_LABELS
from cardmaker.load.dose_words import read_dose
from cardmaker.load.source import read_text
from cardmaker.scripts import CONTROL
from cardmaker.slug import slugify

_HEADINGS = {
    "instructions": "steps", "steps": "steps", "how to do it": "steps", "how to": "steps",
    "directions": "steps",
    "tips & tricks": "tips", "tips and tricks": "tips", "tips": "tips", "tips&tricks": "tips",
    "cautions": "cautions", "caution": "cautions", "safety": "cautions",
    "warnings": "cautions", "warning": "cautions", "safety notes": "cautions", "precautions": "cautions",
    "contraindications": "cautions", "notes": "tips", "coaching cues": "tips", "cues": "tips",
    "frequently asked questions": "faq", "faq": "faq", "faqs": "faq", "faq's": "faq",
    "dosage": "dose", "dose": "dose", "prescription": "dose",
}
_FIELD_LABELS = {"level": "level", "difficulty": "level", "category": "category", "equipment": "equipment",
                 "targets": "muscles", "muscles": "muscles", "target muscles": "muscles"}  # a list: parted by commas
_LABELLED = re.compile(r"^([A-Za-z][A-Za-z /&]{1,20}?)\s*:\s*(\S.*)$")
_BULLET = re.compile(r"^\s*(?:[-*•–‣◦]\s*|\d{1,3}[.)]\s+)(\S.*)$")
_Q_PREFIX = re.compile(r"^(?:q|question)\s*:\s*", re.IGNORECASE)
_A_PREFIX = re.compile(r"^(?:a|answer)\s*:\s*", re.IGNORECASE)
_QUESTION_END = re.compile(r"\?[\"'”’)\]]*$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*(\s+)")
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]]*$|[)\]]$")
WRAPPED = 40  # characters: a line this long that ends mid-sentence was wrapped by an editor
_TIP_WARNING_START = re.compile(r"^(?:stop|never|avoid|do not|don['’]t)\b", re.IGNORECASE)
_TIP_WARNING_WORD = re.compile(
    r"\b(?:pain|pains|painful|sharp|tingle|tingles|tingling|numb|numbness|dizzy|dizziness)\b",
    re.IGNORECASE)
_DESC_WARNING = re.compile(
    r"^if\b.*\b(?:reduce|stop)\b.*\bimmediately\b|\bstop if\b|\bshould never\b", re.IGNORECASE)
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
    return _HEADINGS.get(re.sub(r"\s+", " ", _heading_text(line).lower()))


def _split(lines: list[str], source: str) -> tuple[tuple[int, str], list[tuple[int, str]], list[_Section]]:
    """Cut the document into title, description lines and sections (1-based line numbers)."""
    numbered = [(no, line) for no, line in enumerate(lines, 1)]
    filled = [(no, line) for no, line in numbered if line.strip()]
    if not filled:
        raise DataError("the document is empty; expected a title line, description paragraphs "
                        "and an 'Instructions' section", file=source, line=1)
    title_no, title = filled[0]
    if _heading_kind(title):
        raise DataError(f"expected a title line before the '{_heading_text(title)}' heading",
                        file=source, line=title_no)
    description: list[tuple[int, str]] = []
    sections: list[_Section] = []
    for no, line in numbered[title_no:]:
        kind = _heading_kind(line) if line.strip() else None
        if kind:
            sections.append(_Section(kind, _heading_text(line), no))
        elif sections:
            sections[-1].body.append((no, line))
        else:
            description.append((no, line.strip()))  # blank lines too: they may part its paragraphs
    while description and not description[-1][1]:
        description.pop()
    return (title_no, title.strip().lstrip("#").strip()), description, sections


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
        if line and len(before) >= WRAPPED and not _ENDS_SENTENCE.search(before) and (
                line[0].islower() or line[0].isdigit() or blocks):
            out[-1] += " " + line
        elif line:
            out.append(line)
        before = line
    return out


def _labelled(lines: list[str]) -> tuple[dict, list[str]]:
    """The fields the description's "Label: value" lines name (``_FIELD_LABELS``, and a dose
    under ``DOSE_LABELS`` that reads whole), and the description without those lines (a blank
    line in their place, so the paragraphs around them stay apart)."""
    fields: dict = {}
    kept: list[str] = []
    for line in lines:
        match = _LABELLED.match(line)
        label = re.sub(r"\s+", " ", match.group(1).strip().lower()) if match else ""
        value = match.group(2).strip() if match else ""
        if label in _FIELD_LABELS and _FIELD_LABELS[label] not in fields:
            key = _FIELD_LABELS[label]
            listed = [v.strip() for v in re.split(r"\s*[,;]\s*", value.rstrip(".")) if v.strip()]
            fields[key] = listed if key in ("equipment", "muscles") else value.rstrip(".")
            kept.append("")
            continue
        dose = read_dose(value, DOSE_LABELS[label]) if label in DOSE_LABELS else None
        if dose and not set(dose) & set(fields.get("prescription", {})):
            fields.setdefault("prescription", {}).update(dose)
            kept.append("")
            continue
        kept.append(line)
    return fields, kept


def _dose(sections: list[_Section], source: str) -> dict[str, str]:
    """The Dosage section's fields: each line (a bullet or not) a dose that reads whole."""
    found: dict[str, str] = {}
    for section in (s for s in sections if s.kind == "dose"):
        for no, line in section.body:
            if not line.strip():
                continue
            match = _BULLET.match(line)
            dose = read_dose(match.group(1) if match else line)
            if dose is None or set(dose) & set(found):
                raise DataError(f"the '{section.heading}' section's line is not a dose cardmaker can read"
                                + (" (it says a value twice)" if dose else ""), file=source, line=no,
                                hint="write it as '3 sets x 12 reps, rest 60 s' (also hold 30 s, tempo 3-1-1, "
                                     "twice daily, 8 kg), or move the line into the description")
            found |= dose
    return found


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
    """Split at '.', '!' or '?' + space before a capital, digit or quote (keeps 'e.g. x')."""
    parts, start = [], 0
    for match in _SENTENCE_BREAK.finditer(paragraph):
        following = paragraph[match.end():match.end() + 1]
        if following.isupper() or following.isdigit() or following in "\"'“‘(¿¡":
            parts.append(paragraph[start:match.start(1)])
            start = match.end()
    parts.append(paragraph[start:])
    return [part.strip() for part in parts if part.strip()]


def _is_tip_warning(tip: str) -> bool:
    """Safety warnings belong in the caution box, not among the tips."""
    return bool(_TIP_WARNING_START.match(tip) or _TIP_WARNING_WORD.search(tip))


def _collect(sections: list[_Section], kind: str, source: str) -> list[str]:
    """All bullets of every section of one kind (a heading may appear twice)."""
    return [item for sec in sections if sec.kind == kind for item in _bullets(sec, source)]


def _steps(sections: list[_Section], lines: list[str], source: str) -> list[str]:
    """The required steps, with errors that say where the Instructions were expected."""
    found = [sec for sec in sections if sec.kind == "steps"]
    if not found:
        line = sections[0].line if sections else len(lines)
        raise DataError("no 'Instructions' section found; expected a line 'Instructions' "
                        "followed by '- step' lines", file=source, line=line)
    steps = _collect(sections, "steps", source)
    if not steps:
        raise DataError(f"the '{found[0].heading}' section has no steps; expected '- step' lines "
                        f"after it", file=source, line=found[0].line)
    return steps


def parse_exercise_text(text: str, source: str = "<text>") -> dict:
    """Parse a plain-text exercise into a dict ready for :func:`to_yaml` (empty keys omitted)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.rstrip() for line in lines]
    (_, name), description, sections = _split(lines, source)
    steps = _steps(sections, lines, source)
    fields, described = _labelled([line for _, line in description])
    paragraphs = _paragraphs(described)
    dose = _dose(sections, source)
    if set(dose) & set(fields.get("prescription", {})):
        line = next(s.line for s in sections if s.kind == "dose")
        raise DataError("the dose is given twice, in the description and in its own section", file=source, line=line,
                        hint="keep one of them")
    if dose:
        fields.setdefault("prescription", {}).update(dose)
    all_tips = _collect(sections, "tips", source)
    cautions = _collect(sections, "cautions", source)
    cautions += [s for p in paragraphs for s in _sentences(p) if _DESC_WARNING.search(s)]
    cautions += [tip for tip in all_tips if _is_tip_warning(tip)]
    faq = [pair for sec in sections if sec.kind == "faq" for pair in _faq(sec, source)]
    data = {
        "name": name,
        "id": slugify(name),
        "summary": _sentences(paragraphs[0])[0] if paragraphs else "",
        "description": "\n\n".join(paragraphs),
        "steps": steps,
        "tips": [tip for tip in all_tips if not _is_tip_warning(tip)],
        "cautions": list(dict.fromkeys(cautions)),
        "faq": faq,
        **fields,
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


def import_data(path: Path) -> dict:
    """Read a UTF-8 text file (BOM and CRLF accepted) and return its exercise mapping."""
    path = Path(path)
    text = read_text(path)
    control = CONTROL.search(text)
    if control:  # never text: a binary file, or bytes a copy-paste brought along
        raise DataError(f"control character U+{ord(control.group()):04X} in the text", file=path,
                        line=text.count("\n", 0, control.start()) + 1, hint="delete it; most editors do not show it")
    return parse_exercise_text(text, source=str(path))
