"""What the benchmark's cases share: the run being gathered, a result row, the commands and the
small formatting helpers. ``run.py`` holds the cardmaker-against-baseline cases and the report,
``peer_cases.py`` the Typst peer and the raw-canvas floor."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from corpus_inputs import CorpusStats, make_corpus_inputs
from make_inputs import Generated, make_inputs
from procmon import Measured, run_measured

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "baseline_platypus.py"
LAYOUT = "wall-card-a4"
MEMORY_GROWTH_LIMIT = 1.15  # "does not grow with count": 4x the exercises, at most 15% more memory
SHRINK_SAMPLE = 200


@dataclass
class Row:
    """One line of the results table; None prints as '-'."""

    case: str
    cm_s: float | None = None
    bl_s: float | None = None
    cm_mb: float | None = None
    bl_mb: float | None = None
    target: str = ""
    verdict: str = ""
    detail: str = ""

    @property
    def ratio(self) -> float | None:
        return self.cm_s / self.bl_s if self.cm_s and self.bl_s else None


SOURCES = ("samples", "corpus")  # the nine samples cycled; free-exercise-db's real exercises


@dataclass
class Run:
    """What every case needs: the options, the input set, the work folder, the inputs made so
    far, the builds already measured, and the report being gathered (rows, output sizes,
    exercises cardmaker rejected, failures)."""

    count: int
    jobs: int
    work: Path
    source: str = "samples"
    rows: list[Row] = field(default_factory=list)
    sizes: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    inputs: dict[int, tuple[Path, list[Generated]]] = field(default_factory=dict)
    builds: dict[tuple, tuple[Measured, Path]] = field(default_factory=dict)

    def input_dir(self, count: int) -> tuple[Path, list[Generated]]:
        """A folder of ``count`` exercises of this run's input set (made once, reused by every
        case): the samples cycled, or the first ``count`` real exercises of the corpus."""
        if count not in self.inputs:
            folder = self.work / f"in-{self.source}-{count}"
            if self.source == "corpus":
                made, stats = make_corpus_inputs(count, folder)
                if count == self.count:
                    self.notes.append(corpus_note(stats))
            else:
                made = make_inputs(count, folder)
            self.inputs[count] = (folder, made)
        return self.inputs[count]

    def measure(self, cmd: list[str]) -> Measured:
        """Run a command; a crash is remembered for the report (and the exit status). A
        cardmaker run that only rejected some exercises (it says "N failed" and exits 1) is no
        crash: the rejections are listed in the report, every one, under their own heading."""
        result = run_measured(cmd)
        if not result.ok:
            errors = rejections(result)
            if errors is None:
                self.failures.append(result.describe_failure())
            else:
                how = "build --combine" if "--combine" in cmd else "build -o DIR"
                self.rejected.append(f"`cardmaker {how}`: {errors[0]}" +
                                     "".join(f"\n    {line}" for line in errors[1:]))
        return result


def corpus_note(stats: CorpusStats) -> str:
    return (f"input: {stats.records} real exercises from free-exercise-db, converted to YAML; "
            f"{stats.no_steps} without instructions got steps [\"(no instructions given)\"]; "
            f"{stats.with_image} with a picture found on disk")


def rejections(result: Measured) -> list[str] | None:
    """For a cardmaker run that finished but failed some exercises: its summary line, then its
    error lines. None for anything else (a crash)."""
    lines = result.output.strip().splitlines()
    summary = next((ln for ln in reversed(lines) if re.search(r"\b\d+ failed\b", ln)), None)
    if result.returncode != 1 or summary is None or "Traceback" in result.output:
        return None
    return [summary, *(ln for ln in lines if ln.startswith("error:"))]


def cardmaker_cmd() -> list[str]:
    """The venv's ``cardmaker`` script next to this Python, else ``python -m cardmaker``."""
    script = Path(sys.executable).with_name("cardmaker")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cardmaker"]


def baseline_cmd(mode: str, src: Path, out: Path) -> list[str]:
    return [sys.executable, str(BASELINE), mode, str(src), str(out)]


def pdf_sizes(folder: Path, made: list[Generated], with_image: bool | None) -> list[int]:
    """Sizes in bytes of ``<id>.pdf`` in ``folder`` for the chosen exercises (all when None)."""
    chosen = [g for g in made if with_image is None or g.has_image == with_image]
    return [(folder / f"{g.id}.pdf").stat().st_size for g in chosen if (folder / f"{g.id}.pdf").exists()]


def stderr_pages(result: Measured) -> str:
    """The page count the baseline prints (``pages=N``), for the detail column."""
    return stderr_value(result, "pages")


def stderr_value(result: Measured, key: str) -> str:
    """A ``key=value`` word a helper script printed on stderr ("?" when missing)."""
    for word in result.output.split():
        if word.startswith(f"{key}="):
            return word[len(key) + 1:].rstrip(",")
    return "?"


def fmt_kb(sizes: list[int]) -> str:
    return f"{sum(sizes) / len(sizes) / 1024:.1f} / {max(sizes) / 1024:.1f}" if sizes else "-"


def cardmaker_build(run: Run, count: int) -> tuple[Measured, Path, list[Generated]]:
    """``cardmaker build`` of ``count`` wall cards into a fresh folder (``--force`` as well, so
    the incremental build never skips a card)."""
    src, made = run.input_dir(count)
    if ("cards", count) not in run.builds:  # measured once per run, read by every case that needs it
        out = run.work / f"cm-cards-{count}"
        cm = run.measure([*cardmaker_cmd(), "build", str(src), "-o", str(out), "-l", LAYOUT,
                          "--jobs", str(run.jobs), "-q", "--force"])
        run.builds["cards", count] = cm, out
    return (*run.builds["cards", count], made)


def cardmaker_combine(run: Run) -> tuple[Measured, Path]:
    """``cardmaker build --combine``: all of the run's wall cards in one PDF (measured once)."""
    if ("combine", run.count) not in run.builds:
        src, _ = run.input_dir(run.count)
        cm_pdf = run.work / "cm-combined.pdf"
        cm = run.measure([*cardmaker_cmd(), "build", str(src), "--combine", str(cm_pdf), "-l", LAYOUT,
                          "--jobs", str(run.jobs), "-q", "--force"])
        run.builds["combine", run.count] = cm, cm_pdf
    return run.builds["combine", run.count]


def fmt_mb(path: Path) -> str:
    return f"{path.stat().st_size / 2**20:.2f}" if path.exists() else "-"


def verdict(**met: bool) -> str:
    """PASS, or FAIL naming each part of the target that was missed."""
    missed = [name for name, ok in met.items() if not ok]
    return "FAIL: " + ", ".join(missed) if missed else "PASS"


def num(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def load_exercises(folder: Path) -> list[dict]:
    """The generated exercise files of ``folder``, in name order, read as cardmaker reads them (libyaml)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = []
    for path in sorted(folder.glob("*.yaml")):
        with open(path, encoding="utf-8") as f:
            out.append(yaml.load(f, Loader=loader))
    return out
