"""Plain-text exercise importer: the sample, tolerated variations, nothing lost, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cardmaker.errors import DataError
from cardmaker.load.text_import import import_file, parse_exercise_text, to_yaml

SAMPLE = Path(__file__).parent / "fixtures" / "assisted-lying-hamstring-stretch.txt"
HEADINGS = {"Instructions", "Tips & Tricks", "Frequently Asked Questions"}


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def section_bullets(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(heading) + 1
    out = []
    for line in lines[start:]:
        if not line.startswith("- "):
            break
        out.append(line[2:])
    return out


def all_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in all_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in all_strings(v)]
    return []


def doc(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def minimal(*sections: str) -> str:
    return doc("Plank", "Hold a straight line. Breathe.", *sections)


# --- the sample -------------------------------------------------------------------------------

def test_sample_fields():
    data = parse_exercise_text(sample_text(), source=str(SAMPLE))
    assert list(data) == ["name", "id", "summary", "description", "steps", "tips", "cautions", "faq"]
    assert data["name"] == "Assisted Lying Hamstring Stretch"
    assert data["id"] == "assisted-lying-hamstring-stretch"
    assert data["summary"] == ("Assisted Lying Hamstring Stretch is a partner-assisted flexibility "
                               "drill for the back of the thigh.")
    assert data["description"].count("\n\n") == 4
    assert data["steps"] == section_bullets(sample_text(), "Instructions")
    assert len(data["steps"]) == 8
    assert len(data["faq"]) == 8
    assert data["faq"][0] == {"q": "What does the Assisted Lying Hamstring Stretch target most?",
                              "a": "It primarily targets the hamstrings on the raised leg."}
    assert all(set(pair) == {"q", "a"} and pair["q"].endswith("?") for pair in data["faq"])


def test_sample_cautions():
    data = parse_exercise_text(sample_text())
    stop = "Stop short of any sharp, burning, or tingling sensation and reset the position."
    assert stop in data["cautions"] and stop not in data["tips"]
    pain = next(t for t in section_bullets(sample_text(), "Tips & Tricks") if "pain" in t)
    assert pain in data["cautions"] and pain not in data["tips"]
    assert len(data["tips"]) + 2 == len(section_bullets(sample_text(), "Tips & Tricks"))
    # a description warning is copied, not moved
    warning = next(c for c in data["cautions"] if c.startswith("If the lower back starts to arch"))
    assert warning.endswith("reduce the angle immediately.")
    assert warning in data["description"]
    # "sharp pull" in the description is not a warning sentence by the description rule
    assert not any("sharp pull" in c for c in data["cautions"])


def test_nothing_lost():
    text = sample_text()
    _, yaml_text = import_file(SAMPLE)
    strings = all_strings(yaml.safe_load(yaml_text))
    sentences = []
    for line in text.splitlines():
        line = re.sub(r"^- ", "", line.strip())
        if line and line not in HEADINGS:
            sentences += [s for s in re.split(r"(?<=[.?!])(?:\s+|$)", line) if s.strip()]
    assert len(sentences) == 47
    missing = [s for s in sentences if not any(s in string for string in strings)]
    assert missing == []


def test_yaml_round_trip_and_format():
    exercise_id, yaml_text = import_file(SAMPLE)
    data = parse_exercise_text(sample_text())
    assert exercise_id == "assisted-lying-hamstring-stretch"
    assert yaml.safe_load(yaml_text) == data
    assert re.fullmatch(r"# Imported from assisted-lying-hamstring-stretch\.txt by cardmaker import; "
                        r"unedited [0-9a-f]{16}", yaml_text.splitlines()[0])
    assert "\ndescription: |" in yaml_text
    keys = [line.split(":")[0] for line in yaml_text.splitlines() if re.match(r"^\w+:", line)]
    assert keys == ["name", "id", "summary", "description", "steps", "tips", "cautions", "faq"]


@pytest.mark.parametrize("value", [
    "trailing space \nsecond line",
    "  leading spaces\nand: a colon",
    "# not a comment\n- not a list\n",
    "quotes ' \" and a tab\tin it\n\nthird",
    "yes",
    "123",
    "",
    "ends with newline\n",
])
def test_round_trip_awkward_strings(value):
    data = {"name": "X", "id": "x", "description": value, "steps": [value, "a: b"],
            "faq": [{"q": value, "a": "- dash"}]}
    assert yaml.safe_load(to_yaml(data)) == data


# --- encodings and line endings ---------------------------------------------------------------

UNICODE_DOC = doc(
    "Kniebeuge mit Gewicht – Łódź-Variante",
    "Die Übung stärkt Oberschenkel und Gesäß. Żółw geht langsam, schön ruhig.",
    "Instructions",
    "- Füße schulterbreit aufstellen, Blick nach vorn.",
    "- Gewicht über die Fersen verlagern, Rücken gerade: große Sorgfalt.",
    "Tips",
    "- Atme ruhig und gleichmäßig; zażółć gęślą jaźń.",
    "FAQ",
    "Ist die Übung für Anfänger geeignet?",
    "Ja, mit leichtem Gewicht und über ß und ł hinaus.",
)


def test_unicode_round_trip(tmp_path):
    path = tmp_path / "kniebeuge.txt"
    path.write_text(UNICODE_DOC, encoding="utf-8")
    exercise_id, yaml_text = import_file(path)
    assert exercise_id == "kniebeuge-mit-gewicht-lodz-variante"
    for ch in "äöüßłżŁÜ":
        assert ch in yaml_text  # kept as is, not \u-escaped
    data = yaml.safe_load(yaml_text)
    assert data == parse_exercise_text(UNICODE_DOC)
    assert data["name"] == "Kniebeuge mit Gewicht – Łódź-Variante"
    assert data["tips"] == ["Atme ruhig und gleichmäßig; zażółć gęślą jaźń."]
    assert data["summary"] == "Die Übung stärkt Oberschenkel und Gesäß."


def test_crlf_and_bom(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + sample_text().replace("\n", "\r\n").encode("utf-8"))
    exercise_id, yaml_text = import_file(path)
    assert exercise_id == "assisted-lying-hamstring-stretch"
    assert yaml.safe_load(yaml_text) == parse_exercise_text(sample_text())
    assert "\r" not in yaml_text and "\ufeff" not in yaml_text


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Übung\nSchön.\nInstructions\n- Gehen.\n".encode("latin-1"))
    with pytest.raises(DataError) as info:
        import_file(path)
    err = info.value
    assert str(err.file) == str(path) and err.line == 1
    assert "not valid UTF-8 (byte 0)" in err.message
    assert "save the file with UTF-8 encoding" in err.hint
    path.write_bytes(b"Title\nOkay.\nInstructions\n- Caf\xe9\n")
    with pytest.raises(DataError) as info:
        import_file(path)
    assert info.value.line == 4 and "(byte 30)" in info.value.message


# --- tolerated variations ---------------------------------------------------------------------

@pytest.mark.parametrize("heading", ["Instructions", "Instructions:", "INSTRUCTIONS", "Steps",
                                     "How to do it", "how to do it:", "## Steps", "Instructions  "])
def test_instruction_headings(heading):
    data = parse_exercise_text(minimal(heading, "- Get down.", "- Hold."))
    assert data["steps"] == ["Get down.", "Hold."]


@pytest.mark.parametrize("heading", ["Tips", "Tips and Tricks", "TIPS & TRICKS:", "tips:"])
def test_tip_headings(heading):
    data = parse_exercise_text(minimal("Instructions", "- Hold.", heading, "- Squeeze glutes."))
    assert data["tips"] == ["Squeeze glutes."]


@pytest.mark.parametrize("heading", ["FAQ", "FAQs", "faq:", "Frequently asked questions"])
def test_faq_headings(heading):
    data = parse_exercise_text(minimal("Instructions", "- Hold.", heading, "How long?", "60 s."))
    assert data["faq"] == [{"q": "How long?", "a": "60 s."}]


@pytest.mark.parametrize("bullet", ["- ", "* ", "• ", "1. ", "1) ", "  - ", "-"])
def test_bullet_styles(bullet):
    data = parse_exercise_text(minimal("Instructions", f"{bullet}Get down.", f"{bullet}Hold."))
    assert data["steps"] == ["Get down.", "Hold."]


def test_numbered_steps_and_continuation_lines():
    data = parse_exercise_text(minimal("Instructions", "1. Get down", "   on the floor.",
                                       "2) Hold.", "10. Rest."))
    assert data["steps"] == ["Get down on the floor.", "Hold.", "Rest."]


def test_blank_lines_trailing_spaces_and_optional_sections():
    text = doc("", "  Plank   ", "", "First para.  ", "", "", "Second para. More.", "",
               "Instructions:  ", "", "- Get down.   ", "", "- Hold.", "", "")
    data = parse_exercise_text(text)
    assert data == {"name": "Plank", "id": "plank", "summary": "First para.",
                    "description": "First para.\n\nSecond para. More.",
                    "steps": ["Get down.", "Hold."]}


def test_only_title_and_steps():
    data = parse_exercise_text(doc("Plank", "Instructions", "- Hold."))
    assert data == {"name": "Plank", "id": "plank", "steps": ["Hold."]}


def test_faq_q_a_prefixes_and_multiline_answers():
    data = parse_exercise_text(minimal(
        "Instructions", "- Hold.", "FAQs",
        "Q: How long should I hold it?", "A: Start with 20 seconds.", "Build up slowly.",
        "", "Q: Can I do it daily", "A: Yes.",
        "Does it help the back?", "It can.", "", "Ask a coach first."))
    assert data["faq"] == [
        {"q": "How long should I hold it?", "a": "Start with 20 seconds. Build up slowly."},
        {"q": "Can I do it daily", "a": "Yes."},
        {"q": "Does it help the back?", "a": "It can. Ask a coach first."},
    ]


@pytest.mark.parametrize("heading", ["Cautions", "Safety:", "WARNINGS"])
def test_cautions_section(heading):
    data = parse_exercise_text(minimal("Instructions", "- Hold.", heading, "- Mind the wrists.",
                                       "Tips", "- Never hold your breath.", "- Squeeze glutes."))
    assert data["cautions"] == ["Mind the wrists.", "Never hold your breath."]
    assert data["tips"] == ["Squeeze glutes."]


@pytest.mark.parametrize("tip, caution", [
    ("Stop if it hurts.", True), ("Never round the back.", True), ("Avoid jerky moves.", True),
    ("Do not hold your breath.", True), ("Don't rush.", True), ("Don’t rush.", True),
    ("Back off at any numbness.", True), ("Sit down if you feel dizzy.", True),
    ("Painful knees mean stop.", True), ("A sharp twinge is a signal.", True),
    ("Sharpen your focus.", False), ("Stopwatch the hold.", False), ("Keep the neck long.", False),
])
def test_tip_caution_rule(tip, caution):
    data = parse_exercise_text(minimal("Instructions", "- Hold.", "Tips", f"- {tip}"))
    assert (tip in data.get("cautions", [])) is caution
    assert (tip in data.get("tips", [])) is not caution


def test_description_warnings_are_copied():
    text = doc("Plank", "Brace hard. Stop if your back sags. You should never hold your breath. "
               "If your shoulders ache, stop immediately. Rest well.",
               "Instructions", "- Hold.")
    data = parse_exercise_text(text)
    assert data["cautions"] == ["Stop if your back sags.", "You should never hold your breath.",
                                "If your shoulders ache, stop immediately."]
    assert "Stop if your back sags." in data["description"]


# --- errors -----------------------------------------------------------------------------------

def raises(text: str) -> DataError:
    with pytest.raises(DataError) as info:
        parse_exercise_text(text, source="plank.txt")
    assert info.value.file == "plank.txt"
    assert "\n" not in str(info.value)
    return info.value


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\ufeff"])
def test_error_empty(text):
    err = raises(text)
    assert err.line == 1
    assert err.message == ("the document is empty; expected a title line, description paragraphs "
                           "and an 'Instructions' section")


def test_error_no_instructions():
    err = raises(doc("Plank", "Hold it.", "Tips", "- Breathe."))
    assert err.message == ("no 'Instructions' section found; expected a line 'Instructions' "
                           "followed by '- step' lines")
    assert err.line == 3
    assert raises(doc("Plank", "Hold it.", "More.")).line == 4


def test_error_instructions_without_items():
    err = raises(doc("Plank", "Hold it.", "Instructions", "", "Tips", "- Breathe."))
    assert err.line == 3
    assert "'Instructions' section has no steps" in err.message and "'- step'" in err.message


@pytest.mark.parametrize("heading", ["Instructions", "Tips"])
def test_error_text_in_bullet_section(heading):
    before = ["Instructions", "- Hold."] if heading == "Tips" else []
    err = raises(doc("Plank", "Hold it.", *before, heading, "- Fine.", "", "Just prose here."))
    assert err.line == 6 + len(before)
    assert f"unexpected text in the '{heading}' section" in err.message
    assert "expected a bullet line starting with '- '" in err.message


def test_error_faq_question_without_answer():
    err = raises(minimal("Instructions", "- Hold.", "FAQ", "How long?", "Why?", "Because."))
    assert err.line == 6
    assert err.message == ("the FAQ question 'How long?' has no answer; "
                           "expected an answer line after it")
    err = raises(minimal("Instructions", "- Hold.", "FAQ", "How long?", "60 s.", "", "Why?", ""))
    assert err.line == 9 and "'Why?' has no answer" in err.message


def test_error_faq_answer_first():
    err = raises(minimal("Instructions", "- Hold.", "FAQ", "An answer with no question."))
    assert err.line == 6 and "expected a question line ending with '?'" in err.message


def test_error_location_in_str():
    err = raises(doc("Plank", "Instructions", "oops"))
    assert str(err).startswith("plank.txt:3: unexpected text in the 'Instructions' section")


def test_a_paragraph_wrapped_by_an_editor_is_one_paragraph_and_the_summary_a_whole_sentence():
    """The probe's physio document, wrapped at 75 characters: each line had become a paragraph,
    and the summary the first line's half sentence."""
    text = ("Side-Lying Clamshell\n\n"
            "The clamshell strengthens the gluteus medius, a key hip stabiliser after\n"
            "knee and hip injuries. It is commonly prescribed after ACL repair, and it\n"
            "Needs no equipment but a mat for most people who do it at home.\n"
            "Equipment: mat, mini-band (optional)\n\n"
            "A second paragraph of one line.\n\n"
            "Instructions\n- Lie on your side.\n")
    data = parse_exercise_text(text)
    assert data["summary"] == ("The clamshell strengthens the gluteus medius, a key hip stabiliser after knee and "
                               "hip injuries.")
    assert data["description"].split("\n\n") == [
        "The clamshell strengthens the gluteus medius, a key hip stabiliser after knee and hip injuries. It is "
        "commonly prescribed after ACL repair, and it Needs no equipment but a mat for most people who do it at home.",
        "A second paragraph of one line."]
    assert data["equipment"] == ["mat", "mini-band (optional)"]  # a label line is read into its field
    one_a_line = parse_exercise_text("Plank\nFirst paragraph, no full stop\nSecond one\n\nInstructions\n- Hold.\n")
    assert one_a_line["description"].split("\n\n") == ["First paragraph, no full stop", "Second one"]
    labels = parse_exercise_text("Plank\nSets and reps\n3 sets of 10 on each side.\nLevel: beginner\n"
                                 "equipment: mat\n\nInstructions\n- Hold.\n")  # short lines are no wraps
    assert labels["description"].split("\n\n") == ["Sets and reps", "3 sets of 10 on each side."]
    assert labels["level"] == "beginner" and labels["equipment"] == ["mat"]


def test_usual_names_of_sections_are_read_and_a_stray_line_says_how_to_mend_it():
    data = parse_exercise_text("Bridge\n\nInstructions\n- Lift the hips.\n\nPrecautions:\n- Stop if the back hurts.\n"
                               "\nCoaching cues\n- Squeeze the glutes.\n")
    assert data["cautions"] == ["Stop if the back hurts."] and data["tips"] == ["Squeeze the glutes."]
    with pytest.raises(DataError) as caught:
        parse_exercise_text("Bridge\n\nInstructions\n- Lift the hips\nand hold them.\n")
    assert caught.value.line == 5 and "indent a line that goes on in the bullet above" in caught.value.hint


def test_a_dose_written_in_the_document_is_read_into_the_prescription():
    """The probe's physio document said "Dosage: 3 sets x 12 reps"; it stayed in the description
    and no card printed a dose. Label lines and a Dosage section are read; a line that is not a
    dose whole stays in the description as written."""
    text = ("Clamshell\nA side-lying hip exercise for the gluteus medius.\nLevel: beginner\n"
            "Targets: gluteus medius, hip abductors\nDosage: 3 sets x 12 reps each side, rest 45 s\n"
            "Dose: as many as you can, slowly\n\nInstructions\n- Lie on your side.\n- Lift the top knee.\n")
    data = parse_exercise_text(text)
    assert data["prescription"] == {"sets": "3", "reps": "12 each side", "rest": "45 s"}
    assert data["level"] == "beginner" and data["muscles"] == ["gluteus medius", "hip abductors"]
    assert data["description"].split("\n\n") == ["A side-lying hip exercise for the gluteus medius.",
                                                   "Dose: as many as you can, slowly"]  # not a dose: kept
    section = parse_exercise_text("Wall sit\n\nInstructions\n- Slide down the wall.\n\nDosage\n"
                                  "- 3 x 30 s hold\n- twice daily\n")
    assert section["prescription"] == {"sets": "3", "hold": "30 s", "frequency": "twice daily"}
    assert "description" not in section
    back = yaml.safe_load(to_yaml(data))
    assert back["prescription"] == data["prescription"]


def test_a_labelled_line_not_read_is_kept_with_a_warning_naming_its_line():
    """A probe's "Dosage: 3 sets to fatigue" stayed in the description, which card-a4 does not
    print: the card's dose box said only "rest 90 s", without a word. It now warns, at its line."""
    warnings: list = []
    data = parse_exercise_text("Clamshell\n\nInstructions\n- Lie on your side.\n\nDosage\n- 3 sets to fatigue\n"
                               "Rest: 90 s\nReps: 12\nRest: 60 s\n", "doc.txt", warnings)
    assert data["prescription"] == {"rest": "90 s", "reps": "12"}
    assert data["description"].split("\n\n") == ["3 sets to fatigue", "Rest: 60 s"]
    assert [(w.line, w.file) for w in warnings] == [(7, "doc.txt"), (10, "doc.txt")]
    assert "'3 sets to fatigue' is not a dose cardmaker can read" in str(warnings[0])
    assert "'Rest: 60 s' gives the rest a second time" in str(warnings[1])
    assert all("kept in the description, which most card layouts do not print" in str(w) for w in warnings)


def test_label_lines_are_read_wherever_they_stand_and_a_wrapped_one_is_joined():
    """After the FAQ, "Level:" and "Dosage:" lines had joined the last answer; a wrapped
    "Equipment:" line lost its last item to the description; "each side" was dropped from a hold
    and "2 minutes" printed "2 minute s"."""
    data = parse_exercise_text(
        "Clamshell\nA side-lying hip exercise.\nEquipment: mat, resistance band, a sturdy\n"
        "chair\n\nInstructions\n- Lie on your side.\n\nFAQ\nHow often?\nEvery day.\n\nLevel: beginner\n"
        "Dosage: 3 x 30 s hold each side, rest 2 minutes\nTargets: glutes and hamstrings\n")
    assert data["faq"] == [{"q": "How often?", "a": "Every day."}]
    assert data["level"] == "beginner" and data["muscles"] == ["glutes", "hamstrings"]
    assert data["equipment"] == ["mat", "resistance band", "a sturdy chair"]
    assert data["prescription"] == {"sets": "3", "hold": "30 s each side", "rest": "2 min"}
    assert data["description"] == "A side-lying hip exercise."
    labelled = parse_exercise_text("Wall sit\n\nInstructions\n- Slide down.\n\nDosage\nSets: 3\n"
                                   "Hold: 1-2 minutes\nReps: 10 each side\nTempo: 3-1-1\nEquipment: none\n")
    assert labelled["prescription"] == {"sets": "3", "hold": "1-2 min", "reps": "10 each side", "tempo": "3-1-1"}
    assert "equipment" not in labelled and "description" not in labelled


def test_a_german_document_is_read_and_a_summary_does_not_end_at_an_abbreviation():
    data = parse_exercise_text(
        "Brücke\nDie Brücke kräftigt die Gesäßmuskulatur, z. B. nach einer Operation. Sie braucht nur eine Matte.\n"
        "Niveau: Einsteiger\nZielmuskeln: Gesäß, hintere Oberschenkel\nDosierung: 3 Sätze à 12 Wdh., 60 s Pause\n\n"
        "Ausführung\n- Lege dich auf den Rücken.\n- Hebe das Becken.\n\nHinweise\n- Spanne den Bauch an.\n"
        "- Bei Schmerzen sofort abbrechen.\n")
    assert data["summary"] == "Die Brücke kräftigt die Gesäßmuskulatur, z. B. nach einer Operation."
    assert data["steps"] == ["Lege dich auf den Rücken.", "Hebe das Becken."]
    assert data["tips"] == ["Spanne den Bauch an."] and data["cautions"] == ["Bei Schmerzen sofort abbrechen."]
    assert data["level"] == "Einsteiger" and data["muscles"] == ["Gesäß", "hintere Oberschenkel"]
    assert data["prescription"] == {"sets": "3", "reps": "12", "rest": "60 s"}
    english = parse_exercise_text("Plank\nHold the position approx. 30 seconds. Then rest.\n\nInstructions\n- Hold.\n")
    assert english["summary"] == "Hold the position approx. 30 seconds."
    with pytest.raises(DataError) as caught:
        parse_exercise_text("Plank\n\nSo wird's gemacht\n- Halten.\n")
    assert "Anleitung" in caught.value.hint and "Dosage" in caught.value.hint


@pytest.mark.parametrize("words, fields", [
    ("3 sets x 12 reps", {"sets": "3", "reps": "12"}),
    ("3 × 8-12 reps · rest 2 min", {"sets": "3", "reps": "8-12", "rest": "2 min"}),
    ("2 sets of 15 reps each side", {"sets": "2", "reps": "15 each side"}),
    ("hold 30 seconds; 3 sets", {"hold": "30 s", "sets": "3"}),
    ("2 x 12, 3 times per week", {"sets": "2", "reps": "12", "frequency": "3 times per week"}),
    ("tempo 3-1-1 and 8 kg", {"tempo": "3-1-1", "load": "8 kg"}),
    ("2-3 sets of 10-15, 3x/week", {"sets": "2-3", "reps": "10-15", "frequency": "3x/week"}),
    ("hold 20-30 seconds", {"hold": "20-30 s"}),
    ("AMRAP", None),
    ("3 x 30 s hold each side", {"sets": "3", "hold": "30 s each side"}),
    ("3 x 12, rest 2 minutes", {"sets": "3", "reps": "12", "rest": "2 min"}),
    ("3x12 @ 20 kg", {"sets": "3", "reps": "12", "load": "20 kg"}),
    ("3 Sätze à 12 Wdh., 60 s Pause", {"sets": "3", "reps": "12", "rest": "60 s"}),
    ("3 x AMRAP", {"sets": "3", "reps": "AMRAP"}),
    ("Pause 1,5 min", {"rest": "1,5 min"}),
    ("3 x 10, 2,5 kg", {"sets": "3", "reps": "10", "load": "2,5 kg"}),
    ("3 sets x 12 reps and be careful", None),
    ("slowly", None),
    ("3 sets, 4 sets", None),
])
def test_dose_words(words, fields):
    from cardmaker.load.dose_words import read_dose

    assert read_dose(words) == fields


def test_a_sentence_that_starts_like_a_label_is_left_where_it_stands():
    """A review of the label lines: a step's indented line, an answer right under its
    question, and sentences that start with a field's name were read as fields and left out."""
    data = parse_exercise_text(
        "Clamshell\nLevel: keep your hips level throughout, do not let one side drop.\n"
        "Rest: lie down between sets if you feel dizzy or unwell.\n"
        "Targets: rotator cuff (supraspinatus, infraspinatus)\n\n"
        "Instructions\n- Lie on your side and lift your hips,\n  Hold: 30 seconds each side\n\n"
        "FAQ\nHow long should I rest?\nRest: about a minute.\nHow heavy?\nStart light.\n"
        "Weight: whatever lets you keep good form.\n")
    assert data["steps"] == ["Lie on your side and lift your hips, Hold: 30 seconds each side"]
    assert data["faq"] == [{"q": "How long should I rest?", "a": "Rest: about a minute."},
                           {"q": "How heavy?", "a": "Start light. Weight: whatever lets you keep good form."}]
    assert data["description"].split("\n\n") == [
        "Level: keep your hips level throughout, do not let one side drop.",
        "Rest: lie down between sets if you feel dizzy or unwell."]
    assert data["muscles"] == ["rotator cuff (supraspinatus, infraspinatus)"]
    assert "level" not in data and "prescription" not in data


def test_doses_are_read_in_line_order_and_a_clash_keeps_the_first_and_the_line():
    warnings: list = []
    data = parse_exercise_text("Row\nSets: 3\n\nInstructions\n- Pull.\n\nDosage\n- 3 x 12, rest 60 s\n"
                               "Rest: 90 s\nReps: 10 with a 3 s hold at the top\n", "row.txt", warnings)
    assert data["prescription"] == {"sets": "3", "reps": "12", "rest": "60 s"}
    assert [w.line for w in warnings] == [9, 10]
    assert "gives the rest a second time (the first kept: rest '60 s')" in str(warnings[0])
    assert data["description"].split("\n\n") == ["Rest: 90 s", "Reps: 10 with a 3 s hold at the top"]


def test_a_summary_ends_after_a_unit_and_a_document_in_decomposed_unicode_reads_the_same():
    import unicodedata

    data = parse_exercise_text("Calf stretch\nHold the stretch for 30 s. Then switch sides.\n\nInstructions\n- Lean.\n")
    assert data["summary"] == "Hold the stretch for 30 s."
    text = "Brücke\nSätze: 3\nGeräte: Matte\n\nAnleitung\n- Becken heben.\n"
    assert parse_exercise_text(unicodedata.normalize("NFD", text)) == parse_exercise_text(text)
    assert parse_exercise_text(text)["prescription"] == {"sets": "3"}


def test_a_warning_in_the_tips_or_the_description_reaches_the_cautions():
    """A probe's physio documents: the tip "Warning: do not lift the leg..." stayed a tip (the
    index card prints one tip: it was gone) and "Never go deeper than a right angle" stayed in a
    description no card prints: Wall Sit had no Safety section anywhere."""
    data = parse_exercise_text("Wall sit\nA wall sit builds the thighs. Never go deeper than a right angle at "
                               "the knee. Do it daily.\n\nInstructions\n- Slide down.\n\nTips\n"
                               "- Warning: do not lift the leg if your knee bends.\n- Keep your back flat.\n"
                               "- Vorsicht bei Knieproblemen.\n")
    assert data["cautions"] == ["Never go deeper than a right angle at the knee.",
                                "Warning: do not lift the leg if your knee bends.", "Vorsicht bei Knieproblemen."]
    assert data["tips"] == ["Keep your back flat."]
    assert "Never go deeper" in data["description"]  # copied, not moved
