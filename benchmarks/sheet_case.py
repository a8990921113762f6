"""The benchmark's print-sheet case: cards on sheets against the same cards combined.

``sheets``: up to 300 of the run's exercises as index cards (``index-card-3x5``), built with
``--combine`` into one PDF, and again with ``--sheet A3`` (n-up, crop marks) in the same run,
and with ``--sheet A4 --copies 2`` (two of each card, most copies beside their first print).
Target from the accessibility and print-sheets issue: the sheets cost at most 1.3x the combined
build, and the file is no bigger. Both are fresh subprocesses measured by ``procmon``, the
sheets build after the combined one (so neither is first to warm the file cache).
"""

from __future__ import annotations

from common import Row, Run, cardmaker_cmd, fmt_mb, verdict

SHEET_CARDS = 300
SHEET_LAYOUT = "index-card-3x5"
SHEET_RATIO = 1.3


def case_sheets(run: Run) -> None:
    count = min(run.count, SHEET_CARDS)
    src, _ = run.input_dir(count)
    base = [*cardmaker_cmd(), "build", str(src), "-l", SHEET_LAYOUT, "--jobs", str(run.jobs), "-q", "--force"]
    combined, sheets = run.work / "sheet-case-combined.pdf", run.work / "sheet-case-sheets.pdf"
    run.measure([*base, "--combine", str(combined)])  # untimed: caches and the record warm alike
    plain = run.measure([*base, "--combine", str(combined)])
    for name, options in (("on A3", ("--sheet", "A3")), ("on A4, --copies 2", ("--sheet", "A4", "--copies", "2"))):
        placed = run.measure([*base, "--combine", str(sheets), *options])
        row = Row(f"sheets x{count} ({SHEET_LAYOUT} {name})", placed.seconds, plain.seconds, placed.peak_mb,
                  plain.peak_mb, f"ratio<={SHEET_RATIO}, file no bigger",
                  detail=f"baseline = the same cards --combine'd without sheets; files {fmt_mb(sheets)} vs "
                         f"{fmt_mb(combined)} MB")
        smaller = sheets.exists() and combined.exists() and sheets.stat().st_size <= combined.stat().st_size
        row.verdict = verdict(**{"ratio": row.ratio is not None and row.ratio <= SHEET_RATIO, "size": smaller})
        run.rows.append(row)
