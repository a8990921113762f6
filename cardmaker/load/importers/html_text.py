"""An HTML description (wger's) → plain paragraphs and list items, with the standard html.parser.

Items of ``<ol>``/``<ul>`` become list items (a nested list's items too, each on its own);
the text of every other block (``<p>``, ``<div>``, headings, text outside any tag) becomes a
paragraph. Inline markup is dropped, entities are decoded, white space is collapsed, ``<br>``
ends a paragraph. Scripts and styles are left out. Nothing is interpreted as markup later:
the result is plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article",
           "table", "tr", "td", "th", "dd", "dt"}
_LISTS = {"ol", "ul"}
_SKIPPED = {"script", "style", "template"}


@dataclass(frozen=True)
class PlainText:
    paragraphs: tuple[str, ...]
    items: tuple[str, ...]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.items: list[str] = []
        self.buffer: list[str] = []
        self.lists = 0  # depth of <ol>/<ul>
        self.skipping = 0

    def flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if text:
            (self.items if self.lists else self.paragraphs).append(text)

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _LISTS or tag == "li" or tag in _BLOCKS or tag == "br":
            self.flush()
            self.lists += tag in _LISTS

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _LISTS or tag == "li" or tag in _BLOCKS:
            self.flush()
            if tag in _LISTS:
                self.lists = max(0, self.lists - 1)

    def handle_data(self, data):
        if not self.skipping:
            self.buffer.append(data)


def html_to_text(html: str) -> PlainText:
    """``'<p>Stand tall.</p><ol><li>Bend</li><li>Rise</li></ol>'`` →
    paragraphs ``('Stand tall.',)``, items ``('Bend', 'Rise')``."""
    collector = _Collector()
    collector.feed(html or "")
    collector.close()
    collector.flush()
    return PlainText(tuple(collector.paragraphs), tuple(collector.items))
