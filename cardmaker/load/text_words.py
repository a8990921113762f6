"""The words a plain-text exercise document is read by (``text_import``), in English and German,
one table each: section headings, the labels of lines that name a field, the words that make
a tip a safety warning, and the abbreviations a sentence does not end at.
"""

from __future__ import annotations

import re

# a heading line (any case, an optional ':' or markdown '#') → the section it opens
HEADINGS = {
    # English
    "instructions": "steps", "steps": "steps", "how to do it": "steps", "how to": "steps", "directions": "steps",
    "tips & tricks": "tips", "tips and tricks": "tips", "tips": "tips", "tips&tricks": "tips", "notes": "tips",
    "coaching cues": "tips", "cues": "tips",
    "cautions": "cautions", "caution": "cautions", "safety": "cautions", "warnings": "cautions",
    "warning": "cautions", "safety notes": "cautions", "precautions": "cautions", "contraindications": "cautions",
    "frequently asked questions": "faq", "faq": "faq", "faqs": "faq", "faq's": "faq",
    "dosage": "dose", "dose": "dose", "prescription": "dose",
    # German
    "anleitung": "steps", "ausführung": "steps", "durchführung": "steps", "übungsanleitung": "steps",
    "übungsausführung": "steps", "schritte": "steps", "so geht's": "steps", "so geht es": "steps",
    "tipps": "tips", "tipps & tricks": "tips", "tipps und tricks": "tips", "hinweise": "tips",
    "sicherheit": "cautions", "sicherheitshinweise": "cautions", "vorsicht": "cautions", "achtung": "cautions",
    "warnhinweise": "cautions", "kontraindikationen": "cautions",
    "häufige fragen": "faq", "fragen": "faq", "fragen & antworten": "faq", "fragen und antworten": "faq",
    "dosierung": "dose", "dosis": "dose", "belastung": "dose", "trainingsumfang": "dose",
}

# a line "Label: value" whose label names a field of its own (lists parted by commas or "and")
FIELD_LABELS = {
    "level": "level", "difficulty": "level", "niveau": "level", "schwierigkeit": "level",
    "schwierigkeitsgrad": "level", "stufe": "level",
    "category": "category", "kategorie": "category",
    "equipment": "equipment", "geräte": "equipment", "ausrüstung": "equipment", "hilfsmittel": "equipment",
    "targets": "muscles", "muscles": "muscles", "target muscles": "muscles", "zielmuskeln": "muscles",
    "muskeln": "muscles", "zielmuskulatur": "muscles",
}
LIST_FIELDS = ("equipment", "muscles")
NOTHING = frozenset({"none", "no equipment", "n/a", "-", "–", "keine", "keins", "ohne"})  # a list's "no item"
AND = re.compile(r"\s*(?:[,;]|\band\b|\bund\b|&)\s*", re.IGNORECASE)

# a tip is a safety warning (moved to the cautions) when it starts so or says one of these words
TIP_WARNING_START = re.compile(r"^(?:stop|never|avoid|do not|don['’]t|warning|caution"
                               r"|stopp|stoppe|nie|niemals|vermeide|vermeiden|achtung|vorsicht|warnung)\b",
                               re.IGNORECASE)
TIP_WARNING_WORD = re.compile(
    r"\b(?:pain|pains|painful|sharp|tingle|tingles|tingling|numb|numbness|dizzy|dizziness"
    r"|schmerz|schmerzen|schmerzhaft|abbrechen|schwindel|schwindelig|taub|taubheit|kribbeln)\b", re.IGNORECASE)
# a description sentence that is also a warning (copied to the cautions)
DESC_WARNING = re.compile(r"^if\b.*\b(?:reduce|stop)\b.*\bimmediately\b|\bstop if\b|\bshould never\b"
                          r"|^(?:never|do not|don['’]t|warning|caution|niemals|achtung|vorsicht|warnung)\b"
                          r"|\bsofort abbrechen\b|\bbei schmerzen\b", re.IGNORECASE)

# a period after these (or after a single letter: "z. B.", "J. Smith") does not end a sentence
ABBREVIATIONS = frozenset({
    "e.g", "i.e", "etc", "approx", "ca", "vs", "dr", "mr", "mrs", "ms", "nr", "incl", "excl",
    "bzw", "ggf", "evtl", "usw", "u.a", "d.h", "z.b", "u.u", "inkl", "zzgl", "bspw", "sog", "vgl",
})
