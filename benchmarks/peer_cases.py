"""The benchmark's peer cases: cardmaker against Typst, and against the raw-canvas floor.

- ``typst``: ``cardmaker build --combine`` of the wall cards against ``typst_peer.py`` (the same
  seed text typeset by Typst at a fixed size, compiled in a fresh process through the ``typst``
  package). Target from the engine issue: cardmaker faster in wall time, at under 1/4 of Typst's
  peak memory (whole process tree each). A second row, "same job", gives cardmaker Typst's own
  job (``typst_job.yaml``: the same sections at a fixed 14 pt in two columns, going on over the
  pages a card needs, on the inputs
  without their pictures and video): the engine against Typst with no composition, no pictures
  and no QR code. A report, no target.
- ``floor``: cardmaker's cards (one PDF each, and combined) against ``floor_canvas.py``, reportlab's
  canvas drawing the same text at fixed positions with no layout, in one process. A report: the
  per-card times side by side, no target.

Every command is a fresh subprocess of this Python, measured by ``procmon`` as in ``run.py``;
each peer gets a small untimed run first, as cardmaker and the baseline do.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import yaml

from common import (HERE, Row, Run, cardmaker_build, cardmaker_cmd, cardmaker_combine, fmt_mb, num, stderr_value,
                    verdict)

TYPST_PEER = HERE / "typst_peer.py"
TYPST_JOB = HERE / "typst_job.yaml"
PICTURE_KEYS = ("image", "images", "video")
FLOOR = HERE / "floor_canvas.py"
TYPST_MEMORY_SHARE = 0.25  # cardmaker's peak at most a quarter of Typst's


def typst_available() -> bool:
    return importlib.util.find_spec("typst") is not None


def _pages(pdf) -> str:
    """The page count of ``pdf`` ('?' when it cannot be read)."""
    try:
        from pypdf import PdfReader

        return str(len(PdfReader(pdf).pages))
    except Exception:  # a failed build: its row says so
        return "?"


def case_typst(run: Run) -> None:
    """All wall cards in one PDF: cardmaker --combine against Typst on the same inputs."""
    src, _ = run.input_dir(run.count)
    target = f"faster and peak < {TYPST_MEMORY_SHARE:g}x Typst's"
    if not typst_available():
        run.rows.append(Row(f"combine vs typst x{run.count}", target=target, verdict="n/a",
                            detail="typst not installed: pip install -e '.[bench]'"))
        return
    warm, _ = run.input_dir(9)
    subprocess.run([sys.executable, str(TYPST_PEER), str(warm), str(run.work / "warm-typst.pdf")],
                   capture_output=True)
    cm, cm_pdf = cardmaker_combine(run)
    ty_pdf = run.work / "typst-combined.pdf"
    ty = run.measure([sys.executable, str(TYPST_PEER), str(src), str(ty_pdf)])
    share = cm.peak_mb / ty.peak_mb if ty.peak_mb else None
    row = Row(f"combine vs typst x{run.count}", cm.seconds, ty.seconds, cm.peak_mb, ty.peak_mb, target,
              detail=f"peak memory ratio {num(share, 2)} (by PSS, shared pages split among processes: "
                     f"{cm.peak_pss_mb:.0f} / {ty.peak_pss_mb:.0f} MB = "
                     f"{num(cm.peak_pss_mb / ty.peak_pss_mb if ty.peak_pss_mb else None, 2)}; the verdict "
                     f"uses RSS); cardmaker --jobs {run.jobs}, shrink-to-fit, "
                     f"pictures, QR, {_pages(cm_pdf)} pages; typst {stderr_value(ty, 'pages')} pages at 14 pt, text only "
                     f"(source {seconds_after(ty, 'source')} s, compile {seconds_after(ty, 'compile')} s)")
    row.verdict = verdict(**{"exit status": cm.ok and cm_pdf.exists() and ty.ok,
                             "time": row.ratio is not None and row.ratio < 1.0,
                             "memory": share is not None and share < TYPST_MEMORY_SHARE})
    run.rows.append(row)
    run.sizes.append((f"combined PDF of {run.count} cards vs Typst's: MB", fmt_mb(cm_pdf), fmt_mb(ty_pdf), "-", ""))
    _same_job(run, src, ty)


def _same_job(run: Run, src: Path, ty) -> None:
    """Typst's own job done by cardmaker (``TYPST_JOB`` on the inputs without pictures or video),
    against the Typst run above: a report of the engine alone against Typst."""
    text_only = run.work / f"{src.name}-text-only"
    if not text_only.exists():
        _without_pictures(src, text_only)
    pdf = run.work / "cm-typst-job.pdf"
    cm = run.measure([*cardmaker_cmd(), "build", str(text_only), "--combine", str(pdf), "-l", str(TYPST_JOB),
                      "--jobs", str(run.jobs), "-q", "--force"])
    run.rows.append(Row(f"same job vs typst x{run.count}", cm.seconds, ty.seconds, cm.peak_mb, ty.peak_mb, "report",
                        verdict="ok" if cm.ok and pdf.exists() else "FAIL: exit status",
                        detail=f"cardmaker --jobs {run.jobs} on Typst's job: its sections at a fixed 14 pt, "
                               f"two columns, text only (no pictures, no QR, no composition), {_pages(pdf)} pages; "
                               f"PSS {cm.peak_pss_mb:.0f} / {ty.peak_pss_mb:.0f} MB"))


def _without_pictures(src: Path, dst: Path) -> None:
    """A copy of the exercise files in ``src`` with their pictures and video taken out (a step
    given with its own picture kept as its text)."""
    dst.mkdir()
    for file in sorted(src.iterdir()):
        if file.suffix not in (".yaml", ".yml"):
            continue
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for exercise in data if isinstance(data, list) else [data]:
            for key in PICTURE_KEYS:
                exercise.pop(key, None)
            if isinstance(exercise.get("steps"), list):
                exercise["steps"] = [s["text"] if isinstance(s, dict) else s for s in exercise["steps"]]
        (dst / file.name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def seconds_after(result, part: str) -> str:
    """The seconds a peer printed after ``part`` on stderr ('source 0.62 s, compile 3.20 s')."""
    words = result.output.replace(",", " ").split()
    return next((words[i + 1] for i, w in enumerate(words[:-1]) if w == part), "?")


def case_floor(run: Run) -> None:
    """cardmaker's time per card against the raw-canvas floor's, one PDF per card and combined."""
    src, _ = run.input_dir(run.count)
    warm, _ = run.input_dir(9)
    subprocess.run([sys.executable, str(FLOOR), "cards", str(warm), str(run.work / "warm-floor")],
                   capture_output=True)
    cm, cm_out, _ = cardmaker_build(run, run.count)
    built = len(list(cm_out.glob("*.pdf"))) if cm_out.exists() else 0
    fl = run.measure([sys.executable, str(FLOOR), "cards", str(src), str(run.work / "floor-cards")])
    run.rows.append(floor_row(f"floor cards x{run.count}", cm, fl, built or run.count, run))
    cmc, cm_pdf = cardmaker_combine(run)
    fl_pdf = run.work / "floor-combined.pdf"
    flc = run.measure([sys.executable, str(FLOOR), "combine", str(src), str(fl_pdf)])
    run.rows.append(floor_row(f"floor combine x{run.count}", cmc, flc, built or run.count, run))
    run.sizes.append((f"combined PDF of {run.count} cards vs the floor's: MB", fmt_mb(cm_pdf), fmt_mb(fl_pdf),
                      "-", ""))


def floor_row(case: str, cm, fl, cards: int, run: Run) -> Row:
    """Both sides' wall time per card, and the floor's drawing and saving alone."""
    per = lambda seconds: 1000 * seconds / cards  # noqa: E731
    draw = seconds_after(fl, "draw+save")
    draw_ms = f"{per(float(draw)):.2f}" if draw != "?" else "?"
    return Row(case, cm.seconds, fl.seconds, cm.peak_mb, fl.peak_mb, "report",
               "ok" if cm.ok and fl.ok else "see below",
               f"per card: cardmaker {per(cm.seconds):.2f} ms (--jobs {run.jobs}) vs floor {per(fl.seconds):.2f} ms "
               f"(1 process; draw+save alone {draw_ms} ms); floor {stderr_value(fl, 'pages')} pages")
