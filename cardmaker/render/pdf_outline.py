"""Outline entries (title, destination, level) → a PDF outline: the bookmarks a viewer lists.

Takes the entries in document order, each with its nesting level (a booklet's exercises one
level under their group's entry, a combined file's cards all at one level), and the PDF syntax of
each entry's destination; gives the outline's objects, all entries open, written into the file
(packed into its object streams: they are small), and the number of the outline's root.
"""

from __future__ import annotations

from typing import Callable

from cardmaker.render.pdf_file import PdfFile, text_string


def write_outline(pdf: PdfFile, entries: list[tuple[str, str, int]], dest: Callable[[str], str]) -> int:
    """``entries``: (title, destination name, level); ``dest(name)``: that destination as PDF
    syntax. The outline root's object number."""
    root = pdf.reserve()
    nums = [pdf.reserve() for _ in entries]
    parents, children = nest([level for _, _, level in entries])
    for k, (title, name, _) in enumerate(entries):
        parent = root if parents[k] is None else nums[parents[k]]
        siblings = children[parents[k]]
        at = siblings.index(k)
        links = [f"/Parent {parent} 0 R"]
        if at:
            links.append(f"/Prev {nums[siblings[at - 1]]} 0 R")
        if at + 1 < len(siblings):
            links.append(f"/Next {nums[siblings[at + 1]]} 0 R")
        if children.get(k):
            links.append(f"/First {nums[children[k][0]]} 0 R /Last {nums[children[k][-1]]} 0 R "
                         f"/Count {_descendants(k, children)}")
        pdf.pack(nums[k], f"<< /Title {text_string(title)} {' '.join(links)} /Dest {dest(name)} >>")
    top = children[None]
    return pdf.pack(root, f"<< /Type /Outlines /First {nums[top[0]]} 0 R /Last {nums[top[-1]]} 0 R "
                          f"/Count {len(entries)} >>")


def nest(levels: list[int]) -> tuple[list[int | None], dict[int | None, list[int]]]:
    """Outline entries by level → (each entry's parent index, None at the top; parent → children)."""
    parents: list[int | None] = []
    children: dict[int | None, list[int]] = {None: []}
    stack: list[tuple[int, int]] = []  # (level, index) of the open ancestors
    for k, level in enumerate(levels):
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        parents.append(parent)
        children.setdefault(parent, []).append(k)
        stack.append((level, k))
    return parents, children


def _descendants(k: int, children: dict[int | None, list[int]]) -> int:
    return sum(1 + _descendants(c, children) for c in children.get(k, ()))
