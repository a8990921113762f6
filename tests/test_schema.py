"""`cardmaker schema`: JSON Schemas made from the loaders' own tables (``load.shapes``). Every
bundled file passes its schema, and known-bad files fail both the schema and ``validate``, so
an editor and cardmaker agree."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from cardmaker.load.layout import builtin_dir, builtin_names, resolved_yaml
from cardmaker.load.layout_print import PRINT_KEYS
from cardmaker.load.schema import json_schema
from cardmaker.load.shapes import FILE_KINDS, LAYOUT
from conftest import DATA, REPO, write


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: a date stays text."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _problems(kind: str, text: str) -> list[str]:
    """Every message, including those under an "any of" (a file holds one exercise or a list)."""
    validator = jsonschema.Draft202012Validator(json_schema(kind))

    def messages(error) -> list[str]:
        return [error.message] + [m for sub in error.context or () for m in messages(sub)]

    return [m for e in validator.iter_errors(yaml.load(text, _EditorLoader)) for m in messages(e)]


BUNDLED = ([("exercise", p) for p in sorted(DATA.glob("*.yaml"))]
           + [("layout", p) for p in sorted(builtin_dir().glob("*.yaml"))]
           + [("layout", p) for p in sorted((builtin_dir() / "examples").glob("*.yaml"))]
           + [("program", p) for p in sorted((REPO / "examples").glob("*.yaml"))])


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_each_schema_is_a_valid_draft_2020_12_schema(kind: str):
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("kind, path", BUNDLED, ids=[f"{k}:{p.name}" for k, p in BUNDLED])
def test_every_bundled_file_passes_its_schema(kind: str, path: Path):
    assert _problems(kind, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("name", builtin_names())
def test_each_resolved_builtin_layout_passes(name: str):
    """What `layouts show` prints (the whole layout, every key set) is what users copy."""
    assert _problems("layout", resolved_yaml(name)) == []


BAD = [
    ("exercise", "name: A\n", "'steps' is a required property"),
    ("exercise", "name: A\nsteps: [x]\nstep: [y]\n", "Additional properties"),
    ("exercise", "name: A\nsteps: [x]\nimages: [{caption: End}]\n", "'file' is a required property"),
    ("exercise", "name: A\nsteps: [{image: a.png}]\n", "'text' is a required property"),
    ("exercise", "name: A\nsteps: [x]\nfaq: [{q: Why}]\n", "'a' is a required property"),
    ("exercise", "name: A\nsteps: [x]\nprescription: {sets: 3, laps: 2}\n", "Additional properties"),
    ("exercise", "name: A\nsteps: [x]\nmuscles: {primary: [a], tertiary: [b]}\n", "Additional properties"),
    ("layout", "fit: {mode: squeeze}\n", "'squeeze' is not one of"),
    ("layout", "page: {margins: [1mm, 2mm, 3mm]}\n", "margins"),
    ("layout", "page: {bleed: 3 furlongs}\n", "bleed"),
    ("layout", "theme: {text: navy}\n", "does not match"),
    ("layout", "sections: [{warmup: Warm-up}]\n", "Additional properties"),
    ("layout", "sections: [{faq: {heading: FAQ, box: true}}]\n", "Additional properties"),
    ("layout", "sections: [{steps: {heading: Steps, scale: 9}}]\n", "is greater than the maximum"),
    ("layout", "body: {columns: 3}\n", "is not one of"),
    ("layout", "header: {summary: sometimes}\n", "is not of type 'boolean'"),
    ("layout", "print: {n_up: lots}\n", "does not match"),
    ("program", "title: T\nexercises: [{id: a, qty: 0}]\n", "is less than the minimum"),
    ("program", "title: T\nweeks: 13\nexercises: [{id: a}]\n", "is greater than the maximum"),
    ("program", "exercises: [{id: a}]\n", "'title' is a required property"),
]


@pytest.mark.parametrize("kind, text, message", BAD, ids=[f"{k}:{t.strip()[:40]}" for k, t, _ in BAD])
def test_known_bad_files_fail_the_schema_and_validate_alike(cli, tmp_path: Path, kind: str, text: str,
                                                            message: str):
    problems = _problems(kind, text)
    assert any(message in p for p in problems), problems
    assert _validate_fails(cli, tmp_path, kind, text)


def _validate_fails(cli, tmp_path: Path, kind: str, text: str) -> bool:
    """Whether cardmaker itself refuses the same text (a layout over card-a4, whose other keys
    are complete; a program over the bundled exercises, its id changed to one of theirs)."""
    if kind == "exercise":
        return cli("validate", str(write(tmp_path / "bad.yaml", text))).code != 0
    if kind == "layout":
        layout = write(tmp_path / "bad.yaml", "extends: card-a4\n" + text)
        return cli("validate", str(DATA / "goblet-squat.yaml"), "-l", str(layout)).code != 0
    program = write(tmp_path / "bad.yaml", text.replace("id: a", "id: goblet-squat"))
    return cli("booklet", str(DATA), "--program", str(program), "-o", str(tmp_path / "b.pdf")).code != 0


def test_the_schema_knows_every_key_the_loaders_know():
    """The print keys come from PrintSettings in the loader: the schema must list the same."""
    assert sorted(LAYOUT.fields["print"].keys) == sorted(PRINT_KEYS)


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_the_command_prints_the_schema_as_json(cli, kind: str):
    result = cli("schema", kind)
    assert result.code == 0, result.text
    assert json.loads(result.out) == json_schema(kind)


def test_an_unknown_kind_is_a_usage_error(cli):
    result = cli("schema", "poster")
    assert result.code == 2 and "exercise" in result.text and "Traceback" not in result.text
