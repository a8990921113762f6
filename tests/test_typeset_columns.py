"""The keep rules, on tiny columns: 10 pt lines (size 10, leading 1.0), forced line breaks."""

from __future__ import annotations

from cardmaker.flow import tree as t
from cardmaker.style.fonts import BOLD, FALLBACK, REGULAR
from cardmaker.typeset import display as d
from cardmaker.typeset.columns import Column, flow_columns
from cardmaker.typeset.slices import slice_blocks

SIZE, WIDTH = 10.0, 200.0
TIGHT = t.Style(size=1.0, leading=1.0)


def para(*lines: str, face: str = REGULAR) -> t.Paragraph:
    return t.Paragraph((t.Run("\n".join(lines), face, (FALLBACK,)),), TIGHT)


def heading(text: str) -> t.Heading:
    return t.Heading(para(text, face=BOLD))


def flow(blocks, lines_per_column: float, columns: int = 2):
    """Flow ``blocks`` into columns of that many lines; the text of each column, in order."""
    cols = [Column(i * 300.0, 1000.0, WIDTH, lines_per_column * 10) for i in range(columns)]
    flowed = flow_columns(slice_blocks(tuple(blocks), SIZE, WIDTH), lambda page: cols)
    by_column: list[list[str]] = []
    for page in flowed.content:
        for x in sorted({op.x // 300 for op in page if isinstance(op, d.GlyphRun)}):
            # a tagged line ends with the space it broke at (for the tags' text), drawn past its end
            by_column.append([op.text.rstrip(" ") for op in page if isinstance(op, d.GlyphRun) and op.x // 300 == x])
    return flowed, by_column


def test_lines_fill_a_column_then_the_next():
    _, cols = flow([para("a1", "a2", "a3", "a4", "a5", "a6")], 4)
    assert cols == [["a1", "a2", "a3", "a4"], ["a5", "a6"]]


def test_no_widow_the_last_line_never_starts_a_column_alone():
    _, cols = flow([para("a1", "a2", "a3", "a4", "a5")], 4)
    assert cols == [["a1", "a2", "a3"], ["a4", "a5"]]


def test_no_orphan_a_first_line_never_ends_a_column_alone():
    _, cols = flow([para("x1", "x2", "x3"), para("a1", "a2", "a3", "a4")], 4)
    assert cols == [["x1", "x2", "x3"], ["a1", "a2", "a3", "a4"]]


def test_a_heading_stays_with_its_first_item():
    item = t.Item(None, (para("i1", "i2"),))
    _, cols = flow([para("x1", "x2"), heading("Steps"), item], 4)  # room for the heading and one line only
    assert cols == [["x1", "x2"], ["Steps", "i1", "i2"]]


def test_a_question_stays_with_its_answer():
    qa = t.QA(para("Why?", face=BOLD), para("Because.", "Really."))
    _, cols = flow([para("x1", "x2"), qa], 4)
    assert cols == [["x1", "x2"], ["Why?", "Because.", "Really."]]


def test_a_step_number_stays_with_its_first_lines():
    step = t.Item(t.Mark("3", (0, 0, 1), label_face=BOLD, diameter_em=1.0), (para("s1", "s2", "s3", "s4"),))
    flowed, cols = flow([para("x1", "x2", "x3"), step], 4)
    assert cols == [["x1", "x2", "x3"], ["3", "s1", "s2", "s3", "s4"]]
    badge = next(op for op in flowed.content[0] if isinstance(op, d.Circle))
    assert badge.cx > 300  # drawn in the second column, beside its first line


def test_a_panel_splits_only_between_items_with_a_continued_heading():
    def item(*lines: str) -> t.Item:
        return t.Item(t.Mark("", (0, 0, 1)), (para(*lines),))

    panel = t.Panel(heading("Tips"), (item("t1a", "t1b"), item("t2a", "t2b"), item("t3a", "t3b")),
                    heading("Tips (continued)"), (0.9, 0.9, 0.9), (0, 0, 1), padding_em=0.5, gap_em=0.0,
                    space_before_em=0.0)
    flowed, cols = flow([panel], 6)  # 60 pt: padding 10 + heading 10 + two items 40 fits, not three
    assert cols == [["Tips", "t1a", "t1b", "t2a", "t2b"], ["Tips (continued)", "t3a", "t3b"]]
    boxes = [op for op in flowed.backgrounds[0] if isinstance(op, d.RoundRect)]
    assert len(boxes) == 2 and {b.x for b in boxes} == {0.0, 300.0}
    assert all(b.height <= 60 + 1e-6 for b in boxes)


def test_content_that_overflows_goes_on_to_a_new_page_never_lost():
    flowed, cols = flow([para(*[f"l{i}" for i in range(20)])], 4)
    assert flowed.pages == 3
    assert [line for col in cols for line in col] == [f"l{i}" for i in range(20)]


def test_a_block_taller_than_a_column_is_split_and_reported():
    step = t.Item(None, (para("a", "b", "c", "d", "e", "f"),))
    panel = t.Panel(heading("H"), (step,), heading("H (continued)"), (1, 1, 1), (0, 0, 0), padding_em=0.0,
                    gap_em=0.0, space_before_em=0.0)
    flowed, cols = flow([panel], 4)
    assert flowed.oversized
    assert "".join("".join(c) for c in cols).replace("H (continued)", "") == "Habcdef"


def test_a_step_kept_whole_breaks_at_a_pages_foot_only_when_asked_and_never_leaves_a_lone_line():
    """A step kept whole (``Item.whole``) moves on whole to the next column; with ``page_feet``
    (a card going on over its pages) the foot of a page's last column takes its first lines
    rather than stay empty, never one line alone, and nothing is lost."""
    step = t.Item(None, (para("s1", "s2", "s3", "s4", "s5", "s6"),), whole=True)
    cols = [Column(0.0, 1000.0, WIDTH, 50.0)]  # one column of five lines a page

    def pages(blocks, page_feet: bool) -> list[list[str]]:
        flowed = flow_columns(slice_blocks(tuple(blocks), SIZE, WIDTH), lambda page: cols, page_feet=page_feet)
        return [[op.text.rstrip(" ") for op in page if isinstance(op, d.GlyphRun)] for page in flowed.content]

    assert pages([para("x1", "x2"), step], False) == [["x1", "x2"], ["s1", "s2", "s3", "s4", "s5"], ["s6"]]
    assert pages([para("x1", "x2"), step], True) == [["x1", "x2", "s1", "s2", "s3"], ["s4", "s5", "s6"]]
    # room for one line at the foot: a step's first line is never left there alone; the step,
    # taller than a page, breaks at the next page's foot, and its last line never starts a page alone
    assert pages([para("x1", "x2", "x3", "x4"), step], True) == [["x1", "x2", "x3", "x4"], ["s1", "s2", "s3", "s4"],
                                                                  ["s5", "s6"]]
    assert pages([para("x1"), step], True) == [["x1", "s1", "s2", "s3", "s4"], ["s5", "s6"]]
