"""The neutral block tree: plain frozen data, importable without reportlab."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from cardmaker.flow.tree import Heading, Item, Mark, Panel, Paragraph, Run, Style


def test_tree_imports_no_reportlab():
    code = "import sys, cardmaker.flow.tree; print(any(m.startswith('reportlab') for m in sys.modules))"
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
