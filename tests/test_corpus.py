"""The corpus of bad inputs (``tests/corpus/*/case.yaml``): each case runs the real command in
a subprocess, with a memory limit and a hang guard, and checks the documented outcome.

A case folder holds its input files and ``case.yaml``:

    about: what the case is                  # one line
    make:                                    # optional: inputs too big or odd to keep in git
      - {file: in/huge.yaml, kind: long_step}
    runs:                                    # one or more commands, in order
      - args: [build, "{case}/in", -o, "{out}/cards"]   # {case}: a private copy of the folder
        exit: 1                              # 0 ok, 1 input problem, 2 usage
        errors: ["in/bad.yaml:2: steps:"]    # each in some 'error:' line (paths relative to {case})
        warnings: []                         # each in some 'warning:' line
        built: [cards/good.pdf]              # PDFs under {out} that must exist
        absent: [cards/bad.pdf]              # files under {out} that must not
        text: {cards/good.pdf: ["<b>"]}      # phrases each PDF's text must hold
        no_links: [cards/good.pdf]           # PDFs without any link annotation
        absent_in_case: [pwned]              # files under {case} (the working directory) that must not
                                             # exist afterwards: for inputs that could only name a
                                             # fixed relative path, such as a shell command in a tag

Every run, whatever the case: no traceback; every problem on one line; every PDF written
opens in pypdfium2 (each page rendered) and passes ``qpdf --check``; no temporary file left.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import pdf_text

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p.parent for p in CORPUS.glob("*/case.yaml"))
MEMORY_LIMIT = 3 * 2**30  # address space per run: a decompression bomb must be refused, not survived
HANG_GUARD = 120  # seconds; not a speed test, only "it ends"
CHECKED_LINES = ("error:", "warning:", "Error:", "Usage:", "Try ")


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cardmaker(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": "0", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "cardmaker", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=HANG_GUARD, preexec_fn=_limit_memory, env=env)


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_corpus_case(case: Path, tmp_path: Path):
    from corpus_make import MAKERS

    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    work, out = tmp_path / "case", tmp_path / "out"
    shutil.copytree(case, work, symlinks=True)
    out.mkdir()
    for item in spec.get("make", []):
        target = work / item["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        MAKERS[item["kind"]](target, **item.get("with", {}))
    for run in spec["runs"]:
        args = [str(a).format(case=work, out=out) for a in run["args"]]
        proc = run_cardmaker(args, work)
        where = f"{case.name}: cardmaker {' '.join(args)}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, where
        assert proc.returncode == run["exit"], where
        lines = proc.stderr.splitlines()
        for line in lines:  # a message is one line; nothing else (no indented continuation) is printed
            assert line and not line[0].isspace(), where
        errors = [line for line in lines if line.startswith(("error:", "Error:"))]
        warnings = [line for line in lines if line.startswith("warning:")]
        for phrase in run.get("errors", []):
            phrase = phrase.format(case=work, out=out)
            assert any(phrase in line for line in errors), f"{phrase!r} not in errors\n{where}"
        for phrase in run.get("warnings", []):
            assert any(phrase.format(case=work, out=out) in line for line in warnings), where
        if run["exit"] == 0:
            assert not errors, where
        for name in run.get("built", []):
            assert (out / name).is_file(), f"{name} not built\n{where}"
        for name in run.get("absent", []):
            assert not (out / name).exists(), f"{name} should not exist\n{where}"
        for name in run.get("absent_in_case", []):
            assert not (work / name).exists(), f"{name} should not exist in the case folder\n{where}"
        for name, phrases in run.get("text", {}).items():
            text = pdf_text(out / name)
            for phrase in phrases:
                assert phrase in text, f"{phrase!r} not in {name}: {text[:500]}"
        for name in run.get("no_links", []):
            for page in PdfReader(out / name).pages:
                assert not [a for a in page.get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"]
    for pdf in out.rglob("*.pdf"):
        assert_readers_accept(pdf)
    leftovers = [p for p in (*out.rglob("*"), *work.rglob("*")) if p.name.endswith(".part")]
    assert not leftovers


def assert_readers_accept(pdf: Path) -> None:
    """qpdf finds nothing wrong (when installed) and pypdfium2 renders every page."""
    import pypdfium2

    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr, check.stdout + check.stderr
    document = pypdfium2.PdfDocument(pdf)
    try:
        assert len(document) > 0
        for page in document:
            page.render(scale=0.25)
    finally:
        document.close()
