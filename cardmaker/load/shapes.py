"""What each kind of file may hold: its keys and the kind of value under each, one table per
file kind (exercise, layout, program).

The loaders read their key lists, choices and ranges from these tables (``load/exercise.py``,
``load/layout_check.py``, ``load/layout_print.py``, ``load/program.py``), and ``cardmaker schema``
turns the same tables into JSON Schema (``Kind.json``), so an editor's completion and checks
cannot drift from what ``validate`` accepts. The loaders still do what a schema cannot: line
numbers, "did you mean", fonts that lack a character, files that must exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cardmaker.model.exercise import PRESCRIPTION_KEYS
from cardmaker.model.layout import (BOOKLET_STARTS, CROP_MARKS, DUPLEX_FLIPS, IMPOSITIONS, MARKERS, SECTION_NAMES,
                                    SHEET_NAMES, Footer, Header, Theme)
from cardmaker.units import POINTS_PER


class Kind:
    """A kind of value; ``json`` is its JSON Schema (draft 2020-12)."""

    def json(self) -> dict:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Kind):
    """Text as written (a bare number or date is read as its text); ``template``: may name fields."""

    template: bool = False

    def json(self) -> dict:
        return {"type": ["string", "number"]}


@dataclass(frozen=True)
class Texts(Kind):
    """A list of texts; one text alone means a list of one."""

    def json(self) -> dict:
        return {"anyOf": [{"type": ["string", "number"]}, {"type": "array", "items": {"type": ["string", "number"]}}]}


@dataclass(frozen=True)
class Length(Kind):
    """A length: a number of points, or text such as ``12mm``, ``0.5in``, ``10pt``."""

    def json(self) -> dict:
        units = "|".join(POINTS_PER)
        return {"anyOf": [{"type": "number"},
                          {"type": "string", "pattern": rf"^\s*-?(\d+(\.\d+)?|\.\d+)\s*({units})?\s*$"}]}


@dataclass(frozen=True)
class Lengths(Kind):
    """One length, or a list of ``counts`` lengths."""

    counts: tuple[int, ...]

    def json(self) -> dict:
        one = Length().json()
        return {"anyOf": [one, *({"type": "array", "items": one, "minItems": n, "maxItems": n} for n in self.counts)]}


@dataclass(frozen=True)
class Number(Kind):
    low: float
    high: float
    whole: bool = False

    def json(self) -> dict:
        return {"type": "integer" if self.whole else "number", "minimum": self.low, "maximum": self.high}


@dataclass(frozen=True)
class Choice(Kind):
    options: tuple

    def json(self) -> dict:
        return {"enum": list(self.options)}


@dataclass(frozen=True)
class Flag(Kind):
    def json(self) -> dict:
        return {"type": "boolean"}


@dataclass(frozen=True)
class File(Kind):
    """A file path, relative to the file naming it; empty or null: none."""

    def json(self) -> dict:
        return {"type": ["string", "null"]}


@dataclass(frozen=True)
class Colour(Kind):
    """``#rrggbb`` (or ``#rgb``) or ``cmyk(c, m, y, k)`` in percent."""

    def json(self) -> dict:
        number = r"\s*\d+(\.\d+)?\s*"
        return {"type": "string",
                "pattern": rf"^\s*(#[0-9a-fA-F]{{3}}|#[0-9a-fA-F]{{6}}|cmyk\({number}(,{number}){{3}}\))\s*$"}


@dataclass(frozen=True)
class Pattern(Kind):
    """Text of a given shape (a page size, an n-up grid)."""

    regex: str
    what: str

    def json(self) -> dict:
        return {"type": "string", "pattern": self.regex, "description": self.what}


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind
    single_allowed: bool = False  # one item alone means a list of one

    def json(self) -> dict:
        items = {"type": "array", "items": self.item.json()}
        return {"anyOf": [self.item.json(), items]} if self.single_allowed else items


@dataclass(frozen=True)
class OneOf(Kind):
    kinds: tuple[Kind, ...]

    def json(self) -> dict:
        return {"anyOf": [k.json() for k in self.kinds]}


@dataclass(frozen=True)
class Nullable(Kind):
    """``kind``, or written out empty (``key:`` with nothing after it): the same as leaving it out."""

    kind: Kind

    def json(self) -> dict:
        return {"anyOf": [self.kind.json(), {"type": "null"}]}


@dataclass(frozen=True)
class Mapping(Kind):
    """A mapping of known keys (any other key is an error), some required. With ``empty_is_absent``
    any key that is not required may be written out empty; otherwise only texts and files may."""

    fields: dict[str, Kind]
    required: tuple[str, ...] = ()
    description: str = ""
    empty_is_absent: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.fields)

    def json(self) -> dict:
        def property_of(key: str, kind: Kind) -> dict:
            may_be_empty = key not in self.required and (self.empty_is_absent or isinstance(kind, (Text, Texts)))
            return Nullable(kind).json() if may_be_empty and not isinstance(kind, (Nullable, File)) else kind.json()

        out = {"type": "object", "properties": {k: property_of(k, v) for k, v in self.fields.items()},
               "additionalProperties": False}
        if self.required:
            out["required"] = list(self.required)
        if self.description:
            out["description"] = self.description
        return out


@dataclass(frozen=True)
class Words(Kind):
    """A mapping of any words to texts (a layout's ``terms``)."""

    def json(self) -> dict:
        return {"type": "object", "additionalProperties": {"type": ["string", "number"]}}


@dataclass(frozen=True)
class OneKeyOf(Kind):
    """A mapping of exactly one key, each key with its kind (a layout's section entry)."""

    options: dict[str, Kind] = field(default_factory=dict)

    def json(self) -> dict:
        return {"type": "object", "minProperties": 1, "maxProperties": 1,
                "properties": {k: v.json() for k, v in self.options.items()}, "additionalProperties": False}


# -- exercise files --------------------------------------------------------------------------

LANGUAGE = Pattern(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", "a language tag such as en, de or pt-BR")
PICTURE = Mapping({"file": File(), "caption": Text(), "alt": Text()}, required=("file",))
PICTURE_OR_PATH = OneOf((Text(), PICTURE))
STEP = Mapping({"text": Text(), "image": PICTURE_OR_PATH}, required=("text",))
EXERCISE_TEXTS = ("name", "id", "category", "level", "summary", "video", "credit")  # one text each
EXERCISE_LISTS = ("steps", "tips", "cautions", "equipment", "tags")  # lists of texts
EXERCISE = Mapping({
    **{k: Text() for k in EXERCISE_TEXTS},
    **{k: Texts() for k in EXERCISE_LISTS},
    "steps": ListOf(OneOf((Text(), STEP))),
    "muscles": OneOf((Texts(), Mapping({"primary": Texts(), "secondary": Texts()}))),
    "description": Text(),
    "image": PICTURE_OR_PATH,
    "images": ListOf(PICTURE_OR_PATH, single_allowed=True),
    "faq": ListOf(Mapping({"q": Text(), "a": Text()}, required=("q", "a"))),
    "prescription": Mapping({k: Text() for k in PRESCRIPTION_KEYS}),
    "language": LANGUAGE,
}, required=("name", "steps"), description="One exercise; a file holds one, or a list of them.",
    empty_is_absent=True)
EXERCISE_FILE = OneOf((EXERCISE, ListOf(EXERCISE)))

# -- layouts ---------------------------------------------------------------------------------

PAGE_SIZES = {  # width, height in points, portrait
    "a3": (842, 1191), "a4": (595.28, 841.89), "a5": (419.53, 595.28), "a6": (297.64, 419.53),
    "letter": (612, 792), "legal": (612, 1008),
    "3x5in": (216, 360), "4x6in": (288, 432), "5x7in": (360, 504),
}
FIT_MODES = ("shrink", "continue", "error")
IMAGE_POSITIONS = ("right", "left", "top")
LABEL_KEYS = ("primary", "secondary", "equipment", "sets", "reps", "hold", "rest", "tempo", "frequency",
              "load", "video", "continued", "start", "end", "notes", "cards",
              # booklet words
              "Contents", "Index", "By muscle", "By equipment", "Prepared for", "Coach", "Schedule", "Exercise",
              "Dose", "Every session", "Log sheet", "Week", "set", "Coach's note")
SECTION_FIELDS = {"heading": Text(), "side": Choice(("front", "back")), "scale": Number(0.5, 3),
                  "leading": Number(1, 3), "space_before": Number(0, 6), "box": Flag(), "marker": Choice(MARKERS),
                  "limit": Number(1, 10_000, whole=True), "optional": Flag()}
# options each section can use: the FAQ is question/answer pairs, the prescription a table
SECTION_OPTIONS = {"faq": ("heading", "side", "scale", "leading", "space_before", "limit", "optional"),
                   "prescription": ("heading", "side", "scale", "space_before")}
_FLAGS = {"summary", "muscles", "equipment", "qr", "video", "credit"}
_N_UP = Pattern(r"^\s*([Aa][Uu][Tt][Oo]|\d+\s*[xX]\s*\d+)\s*$", "auto, or columns x rows such as 2x2")
_LENGTHS = ("logo_height", "title_size", "title_max_size")  # the header's lengths
LAYOUT = Mapping({
    "extends": Text(),
    "description": Text(),
    "language": LANGUAGE,
    "page": Mapping({"size": Text(), "orientation": Choice(("portrait", "landscape")), "margins": Lengths((1, 2, 4)),
                     "bleed": Length()}),
    "fonts": Mapping({"regular": File(), "bold": File(), "italic": File()}),
    "fit": Mapping({"mode": Choice(FIT_MODES), "min_size": Length(), "max_size": Length(),
                    "comfortable_size": Length(), "legible_size": Length(), "max_pages": Number(1, 4, whole=True),
                    "front_max_size": Length()}),
    "body": Mapping({"columns": OneOf((Choice((1, 2)), ListOf(Choice((1, 2))))), "gap": Length(), "notes": Flag()}),
    "image": Mapping({"position": Choice(IMAGE_POSITIONS), "max_width": Length(), "max_height": Length(),
                      "min_scale": Number(0.2, 1), "min_share": Number(0, 0.8),
                      "crop": Number(0, 0.3), "placements": ListOf(Choice(IMAGE_POSITIONS), single_allowed=True),
                      "steps": Flag(), "captions": Flag()}),
    "header": Mapping({k: Flag() if k in _FLAGS else File() if k == "logo" else Length() if k in _LENGTHS
                       else Text(template=k != "gym") for k in Header.__dataclass_fields__}),
    "footer": Mapping({k: Flag() if k in _FLAGS else Text(template=True) for k in Footer.__dataclass_fields__}),
    "theme": Mapping({k: Colour() for k in Theme.__dataclass_fields__}),
    "sections": ListOf(OneKeyOf({name: OneOf((Text(), Mapping({k: SECTION_FIELDS[k] for k in
                                                                SECTION_OPTIONS.get(name, SECTION_FIELDS)})))
                                 for name in SECTION_NAMES})),
    "labels": Mapping({k: Text() for k in LABEL_KEYS}),
    "terms": Words(),
    "print": Mapping({"sheet": OneOf((Choice(SHEET_NAMES + ("none",)), Choice((None,)))), "n_up": _N_UP,
                      "crop_marks": Choice(CROP_MARKS), "duplex": Choice(DUPLEX_FLIPS), "manual_duplex": Flag(),
                      "impose": Choice(IMPOSITIONS), "creep": Length(), "parts": Number(1, 50, whole=True),
                      "back_offset": ListOf(Length())}),
    "booklet": Mapping({"start": Choice(BOOKLET_STARTS)}),
}, description="A cardmaker layout: a page template; 'extends' names the layout it changes.",
    empty_is_absent=True)

# -- programs --------------------------------------------------------------------------------

PROGRAM_TEXTS = ("title", "client", "coach", "start", "notes")
PROGRAM_ENTRY = Mapping({"id": Text(), **{k: Text() for k in PRESCRIPTION_KEYS}, "days": Texts(), "note": Text(),
                         "qty": Number(1, 1000, whole=True)}, required=("id",), empty_is_absent=True)
PROGRAM = Mapping({**{k: Text() for k in PROGRAM_TEXTS}, "days": Texts(), "weeks": Number(1, 12, whole=True),
                   "exercises": ListOf(PROGRAM_ENTRY)}, required=("title", "exercises"),
                  description="A training program for 'cardmaker booklet --program'.", empty_is_absent=True)

FILE_KINDS = {"exercise": EXERCISE_FILE, "layout": LAYOUT, "program": PROGRAM}
