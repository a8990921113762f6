"""What every importer gives: records (an exercise mapping in YAML key order, the pictures to copy
beside it, notes worth telling the user) or a located error for a record that cannot be mapped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# the order keys are written in, so every importer's YAML reads the same way
KEY_ORDER = ("name", "id", "category", "level", "summary", "description", "steps", "tips", "cautions",
             "equipment", "muscles", "image", "images", "video", "tags", "faq", "credit")


@dataclass(frozen=True)
class ImportOptions:
    """What the user chose: the folder pictures are found under, and the translation to take."""

    images: Path | None = None
    lang: str = "en"


@dataclass(frozen=True)
class Picture:
    """A picture to copy next to the written YAML: from ``source`` to a file called ``name``."""

    source: Path
    name: str


@dataclass
class Record:
    """One exercise mapped from a source file; ``line`` is where it starts there, ``label`` how
    messages name it ("record 12 'Iron Cross'")."""

    data: dict
    label: str
    line: int | None = None
    named_by: str = "id"  # what gives the file name: "title" for a text document
    pictures: list[Picture] = field(default_factory=list)
    notes: list = field(default_factory=list)  # a text (at the record's line) or a located CardmakerError
    comments: dict[str, str] = field(default_factory=dict)  # a comment above a key in the YAML file

    @property
    def ident(self) -> str:
        return self.data["id"]


def ordered(data: dict) -> dict:
    """``data`` in ``KEY_ORDER`` without empty values (an empty list or text is 'not given'; but
    ``steps: []`` is kept: an exercise imported without steps says so, and the card prints none)."""
    return {key: data[key] for key in KEY_ORDER
            if data.get(key) not in (None, "", [], {}) or (key == "steps" and data.get(key) == [])}


def usable_picture(found: Path, notes: list[str], label: str) -> bool:
    """Whether a picture found can go on a card; if not (not an image, too many pixels), a note
    says why, and the record is imported without it."""
    from cardmaker.load.image_check import image_problem

    problem = image_problem(found)
    if problem:
        notes.append(f"{label}: {problem}: {found}; imported without it")
    return problem is None


def locate_picture(images: Path | None, relative: str) -> Path | None:
    """``relative`` (a path as a data set names it) under ``images`` (or its ``exercises/``
    folder), if a file is there. The path stays inside ``images``: a name with '..' or an
    absolute one is not looked up."""
    if images is None or not relative:
        return None
    parts = Path(relative.replace("\\", "/")).parts
    if not parts or Path(relative).is_absolute() or ".." in parts:
        return None
    for base in (images, images / "exercises"):  # the folder itself, or a checkout of the data set
        candidate = base.joinpath(*parts)
        if candidate.is_file():
            return candidate
    return None
