"""What a booklet holds besides its exercises: the cover's words and how exercises are ordered."""

from __future__ import annotations

from dataclasses import dataclass

GROUPINGS = ("category", "muscle", "none")
SORTS = ("name", "file")


@dataclass(frozen=True)
class BookletOptions:
    title: str = "Exercise booklet"
    subtitle: str = ""
    author: str = ""  # the coach
    client: str = ""
    date: str = ""  # printed as given; none by default, so the same inputs give the same file
    group_by: str = "category"  # category | muscle | none
    sort: str = "name"  # name | file (the order the files were given in)
    lang: str = "en"  # the text's language, for screen readers and hyphenation in viewers
