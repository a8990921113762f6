"""Line breaking: a paragraph's runs, a font size and a line width → lines of positioned text.

Greedy first-fit: each word goes on the current line if it fits, else starts the next. A word
longer than a whole line (a URL, a long compound) is split, never dropped and never allowed to
overflow: after '/', '-', '.', '?' or '&' where one of those falls inside the room, else (only at
the start of a line) after as many characters as fit. ``\\n`` forces a break. Spaces collapse
to one and vanish at line ends.

Words are measured once per (word, face) at 1 pt and the tokens of a paragraph are kept, so
breaking the same text at another size only multiplies.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from cardmaker.flow.tree import Color, Run
from cardmaker.typeset.measure import metrics, split_by_coverage

BREAK_AFTER = frozenset("/-.?&")
BOUND = frozenset("\u00a0\u202f")  # no-break spaces: a line breaks there only when what they bind is wider than it
EPSILON = 1e-6  # points: rounding never pushes a word that fits onto the next line
SPACE_SHRINK = 0.05  # a line may run over by this share of a space per word on it, as reportlab allows
# (its spaceShrinkage): a word that Platypus keeps on the line stays there
_TOKEN = re.compile(r"\n|[ ]+|[^ \n]+")


@dataclass(frozen=True, slots=True)
class Fragment:
    """Text of a line in one face and colour, ``x`` from the line's start (points)."""

    text: str
    face: str
    x: float
    width: float
    color: Color | None = None  # None: the paragraph's colour
    link: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    fragments: tuple[Fragment, ...]
    width: float  # without trailing space

    @property
    def text(self) -> str:
        return "".join(f.text for f in self.fragments)


# A part is (text, face, colour, link, width at 1 pt); a token is a word (tuple of parts), a
# space (one part) or a forced break.
Part = tuple[str, str, "Color | None", "str | None", float]
SPACE, WORD, BREAK = 0, 1, 2


@lru_cache(maxsize=8192)
def tokens(runs: tuple[Run, ...]) -> tuple[tuple[int, tuple[Part, ...], float], ...]:
    """The runs as words, spaces and breaks with their widths at 1 pt; a word may span runs
    (``**bold**,`` is one word of two faces). Fallback faces are chosen here, per character."""
    out: list[tuple[int, tuple[Part, ...], float]] = []
    word: list[Part] = []

    def end_word() -> None:
        if word:
            out.append((WORD, tuple(word), sum(p[4] for p in word)))
            word.clear()

    for run in runs:
        for text, face in split_by_coverage(run.text, (run.face, *run.fallbacks)):
            m = metrics(face)
            for match in _TOKEN.finditer(text):
                t = match.group()
                if t == "\n":
                    end_word()
                    out.append((BREAK, (), 0.0))
                elif t[0] == " ":
                    end_word()
                    out.append((SPACE, ((" ", face, run.color, run.link, m.width(" ")),), m.width(" ")))
                else:
                    word.append((t, face, run.color, run.link, m.width(t)))
    end_word()
    return tuple(out)


class _LineBuilder:
    """The line being filled; fragments in one face, colour and link are merged."""

    def __init__(self, size: float):
        self.size = size
        self.lines: list[Line] = []
        self.frags: list[list] = []  # [text, face, x, width, color, link]
        self.x = 0.0

    def add(self, part: Part) -> None:
        text, face, color, link, w1 = part
        w = w1 * self.size
        last = self.frags[-1] if self.frags else None
        if last is not None and last[1] == face and last[4] == color and last[5] == link:
            last[0] += text
            last[3] += w
        else:
            self.frags.append([text, face, self.x, w, color, link])
        self.x += w

    def end_line(self) -> None:
        self.lines.append(Line(tuple(Fragment(*f) for f in self.frags), self.x))
        self.frags, self.x = [], 0.0


@lru_cache(maxsize=8192)
def _uniform(runs: tuple[Run, ...]) -> tuple | None:
    """For text in one face, colour and link with no forced break (most paragraphs): the face,
    colour, link, words, their widths, the space's width, the longest word's width, at 1 pt, and
    the words' reach (``_reach``). None otherwise."""
    if len(runs) == 1 and "\n" not in runs[0].text:
        pieces = split_by_coverage(runs[0].text, (runs[0].face, *runs[0].fallbacks))
        if len(pieces) <= 1:
            return _uniform_run(runs[0], pieces)
    toks = tokens(runs)
    words = [parts for kind, parts, _ in toks if kind == WORD]
    if any(kind == BREAK for kind, _, _ in toks) or not words:
        return None
    keys = {p[1:4] for parts in words for p in parts} | {parts[0][1:4] for kind, parts, _ in toks if kind == SPACE}
    if len(keys) != 1:
        return None
    face, color, link = next(iter(keys))
    widths = tuple(sum(p[4] for p in parts) for parts in words)
    gap = metrics(face).width(" ")
    return (face, color, link, tuple("".join(p[0] for p in parts) for parts in words), widths, gap, max(widths),
            _reach(widths, gap))


def _uniform_run(run: Run, pieces: list[tuple[str, str]]):
    """``_uniform`` for one run in one face (a step, a tip: most paragraphs), straight from the
    text: the same words and widths as ``tokens`` gives, without building its parts."""
    words = tuple(w for w in run.text.split(" ") if w)
    if not words:
        return None
    m = metrics(pieces[0][1])
    widths = m.widths_of(words)
    gap = m.width(" ")
    return pieces[0][1], run.color, run.link, words, widths, gap, max(widths), _reach(widths, gap)


def _reach(widths: tuple[float, ...], gap: float) -> tuple[float, ...]:
    """``reach[m]``: the first ``m`` words' widths plus, after each, a space less what it may
    shrink (1 pt). Words ``i`` to ``j - 1`` fit on a line ``limit`` wide exactly when
    ``reach[j] - reach[i]`` is at most ``limit`` plus one such space: the greedy rule (a word
    goes on while the line's words, their spaces less their shrink, fit) as one comparison."""
    step = gap * (1 - SPACE_SHRINK)
    return (0.0, *accumulate(w + step for w in widths))


def _line_ends(uniform, size: float, width: float) -> list[int]:
    """Where each line of uniform text ends (the index after its last word), greedy: each line
    takes the most words that fit (and at least one), found by bisection on the reach."""
    reach, gap = uniform[7], uniform[5]
    room = (width + EPSILON) / size + gap * (1 - SPACE_SHRINK)
    ends, start, count = [], 0, len(reach) - 1
    while start < count:
        end = max(bisect_right(reach, reach[start] + room, start + 1) - 1, start + 1)
        ends.append(end)
        start = end
    return ends


def widest_word(runs: tuple[Run, ...]) -> float:
    """The widest word of the runs at 1 pt (its pieces in their faces, fallbacks included)."""
    return max((w1 for kind, _, w1 in tokens(runs) if kind == WORD), default=0.0)


def break_lines(runs: tuple[Run, ...], size: float, width: float) -> list[Line]:
    """The runs set at ``size`` points, broken into lines no wider than ``width`` points."""
    uniform = _uniform(runs)
    if uniform is not None and uniform[6] * size <= width + EPSILON:
        return _break_uniform(uniform, size, width)
    return _break_general(runs, size, width)


def count_lines(runs: tuple[Run, ...], size: float, width: float) -> int | None:
    """How many lines ``break_lines`` would give, counted without making them (a fitting trial
    needs only that); None when the text is not uniform (the caller breaks it, and keeps the lines).
    The same line ends as ``_break_uniform`` (``_line_ends``), so the same decisions."""
    uniform = _uniform(runs)
    if uniform is None or uniform[6] * size > width + EPSILON:
        return None
    return len(_line_ends(uniform, size, width))


def _break_uniform(uniform, size: float, width: float) -> list[Line]:
    """The fast path: greedy on plain numbers, one fragment a line."""
    face, color, link, words, widths, space = uniform[:6]
    lines: list[Line] = []
    start = 0
    for end in _line_ends(uniform, size, width):
        x = (sum(widths[start:end]) + space * (end - start - 1)) * size
        lines.append(Line((Fragment(" ".join(words[start:end]), face, 0.0, x, color, link),), x))
        start = end
    return lines


def _break_general(runs: tuple[Run, ...], size: float, width: float) -> list[Line]:
    """Any text: several faces or colours, forced breaks, words longer than a line."""
    b = _LineBuilder(size)
    space: Part | None = None
    n = 0  # words on the line so far (each lets its space shrink a little)
    for kind, parts, w1 in tokens(runs):
        if kind == BREAK:
            b.end_line()
            space, n = None, 0
            continue
        if kind == SPACE:
            space = parts[0] if b.frags else None
            continue
        gap = space[4] * size if space and b.frags else 0.0
        if b.x + gap + w1 * size <= width + EPSILON + gap * SPACE_SHRINK * n:
            if gap:
                b.add(space)
            for p in parts:
                b.add(p)
            n += 1
        elif w1 * size <= width + EPSILON:
            b.end_line()
            for p in parts:
                b.add(p)
            n = 1
        else:
            _place_long(b, parts, space if b.frags else None, width)
            n = 1
        space = None
    if b.frags or not b.lines:
        b.end_line()
    return b.lines


def _place_long(b: _LineBuilder, parts: tuple[Part, ...], space: Part | None, width: float) -> None:
    """Set a word longer than a line: fill the current line up to a sensible break, then whole
    lines, leaving the last piece open for what follows. A word of letters cut between two
    letters ends its line with a hyphen ("Gesundheits-" / "zentrum"); an address (``_ADDRESS``)
    never does: a reader would type it."""
    chars = [(ch, p[1], p[2], p[3], metrics(p[1]).char_width(ch) * b.size) for p in parts for ch in p[0]]
    hyphens = not _ADDRESS.search("".join(p[0] for p in parts))
    while chars:
        gap = space[4] * b.size if space and b.frags else 0.0
        room = width - b.x - gap
        cut = _cut(chars, room, at_start=not b.frags)
        hyphen = None
        if hyphens and 0 < cut < len(chars) and _between_letters(chars, cut):
            ch = chars[cut - 1]
            hyphen = ("-", ch[1], ch[2], ch[3], metrics(ch[1]).char_width("-"))
            cut = _kept_letters(chars, _cut(chars, room - hyphen[4] * b.size, at_start=not b.frags))
            if not (0 < cut < len(chars) and _between_letters(chars, cut)) or \
                    sum(c[4] for c in chars[:cut]) + hyphen[4] * b.size > room + EPSILON:
                hyphen = None  # a sensible break came within reach, or no room for one
        if cut == 0:
            b.end_line()
            space = None
            continue
        if gap:
            b.add(space)
        for ch, face, color, link, w in chars[:cut]:
            b.add((ch, face, color, link, w / b.size))
        if hyphen is not None:
            b.add(hyphen)
        chars = chars[cut:]
        while chars and chars[0][0] in BOUND:  # the no-break space a line ended before starts nothing
            chars = chars[1:]
        if chars:
            b.end_line()
            space = None


_ADDRESS = re.compile(r"://|www\.|@|\.[a-z]{2,}(?:/|$)", re.IGNORECASE)  # web and mail addresses, 'name.at'
HYPHEN_KEEPS = 3  # letters a hyphen leaves at least on each side of it ("anspannu-ng" is no cut)
HYPHEN_TAIL = 4  # ...and at least this share of the word's letters after it ("Oberschenkelrückseitendehn-ung" is no cut)


def _between_letters(chars: list, cut: int) -> bool:
    return chars[cut - 1][0].isalpha() and chars[cut][0].isalpha()


def _kept_letters(chars: list, cut: int) -> int:
    """``cut`` moved back so that at least ``HYPHEN_KEEPS`` letters of the word, and a
    ``HYPHEN_TAIL``-th of them, go on the next line, and ``HYPHEN_KEEPS`` stay on this one; the
    cut as it was when the word is too short for that."""
    after = 0
    while cut + after < len(chars) and chars[cut + after][0].isalpha():
        after += 1
    before = 0
    while cut - before > 0 and chars[cut - before - 1][0].isalpha():
        before += 1
    short = max(HYPHEN_KEEPS, (before + after) // HYPHEN_TAIL) - after
    if 0 < short and before - short >= HYPHEN_KEEPS:
        return cut - short
    return cut


def _cut(chars: list, room: float, at_start: bool) -> int:
    """How many of ``chars`` to set in ``room`` points: up to the last sensible break that fits;
    at the start of a line, else, as many as fit (at least one). 0: start a new line first."""
    used, fit = 0.0, 0
    for ch in chars:
        if used + ch[4] > room + EPSILON:
            break
        used += ch[4]
        fit += 1
    if fit >= len(chars):
        return fit
    for cut in range(fit, 0, -1):
        ch, after = chars[cut - 1][0], chars[cut][0]
        if ch in BREAK_AFTER and not (ch == "/" and after == "/") or after in BOUND:  # keep 'https://' whole
            return cut
    return max(fit, 1) if at_start else 0


def forget_paragraphs() -> None:
    """Drop the paragraphs' cached words (``tokens``, ``_uniform``). A fit sets each text at
    several sizes and gains from them; a booklet sets each once, and would only fill them."""
    tokens.cache_clear()
    _uniform.cache_clear()
