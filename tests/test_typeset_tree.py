"""The neutral block tree: plain frozen data, importable without reportlab."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from cardmaker.flow.tree import Heading, Item, Mark, Panel, Paragraph, Run, Style


def test_tree_and_its_builder_import_no_reportlab():
    code = ("import sys, cardmaker.flow.tree, cardmaker.flow.card_tree, cardmaker.typeset.display; "
            "print(any(m.startswith('reportlab') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_blocks_are_frozen_and_hold_plain_values():
    para = Paragraph((Run("Stand ", "F"), Run("tall", "F-Bold")), Style(size=1.2, color=(0.1, 0.2, 0.3)))
    assert para.text == "Stand tall"
    with pytest.raises(dataclasses.FrozenInstanceError):
        para.role = "lead"  # type: ignore[misc]
    heading = Heading(Paragraph((Run("Tips", "F-Bold"),), Style()))
    panel = Panel(heading, (Item(Mark("", (0, 0, 1)), (para,)),), heading, (1, 1, 1), (0, 0, 1))
    assert hash(panel)  # frozen all the way down: usable as a cache key


def test_card_tree_from_a_sample_exercise():
    from cardmaker.flow.card_tree import card_tree
    from cardmaker.style.plain_styles import Faces
    from cardmaker.load.exercise import load_exercises
    from cardmaker.load.layout import load_layout
    from cardmaker.flow import tree as t
    from pathlib import Path

    ex = load_exercises(Path(__file__).resolve().parent.parent / "data" / "goblet-squat.yaml")[0]
    card = card_tree(ex, load_layout("wall-card-a4"), Faces("R", "B", "I", ("F",)), aspect=1.2)
    steps = [b for b in card.body if isinstance(b, t.Item)]
    assert [s.mark.label for s in steps] == [str(i) for i in range(1, len(ex.steps) + 1)]
    assert steps[0].paragraphs[0].text == ex.steps[0]
    panels = [b for b in card.body if isinstance(b, t.Panel)]
    assert [p.heading.paragraph.text for p in panels] == ["DOSE", "Safety", "Tips"]  # the dose box first
    assert len(panels[2].items) == 2  # the wall card prints the first two tips
    assert panels[2].continued.paragraph.text == "Tips (continued)"
    footer, = card.footer  # the footer's line beside the QR code, with its address under the code
    assert isinstance(footer, t.Beside) and isinstance(footer.aside, t.QRCode) and footer.aside.value == ex.video
    assert footer.under.text == ex.video and footer.share == 0.55
