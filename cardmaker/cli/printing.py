"""Print-production options shared by `build` and `booklet`. Each may also be set in the
layout's `print:` section; an option given here wins over the layout, which wins over the default."""

from __future__ import annotations

import math
import click

from cardmaker.model.layout import CROP_MARKS, DUPLEX_FLIPS, IMPOSITIONS, SHEET_NAMES
from cardmaker.press.geometry import parse_n_up

OPTIONS = {
    "sheet": click.option("--sheet", type=click.Choice([*SHEET_NAMES, "none"], case_sensitive=False), default=None,
                          help="Paper size: cards several to a sheet (with --combine or -o -; none: one card a "
                               "page, whatever the layout says); for --impose, the sheet the spreads go on "
                               "(default: the one they fit, e.g. A4 for A5 pages)."),
    "n_up": click.option("--n-up", "n_up", default=None, metavar="auto|CxR",
                         help="Cards per sheet: auto (as many as fit; the default) or columns x rows, e.g. 2x2."),
    "crop_marks": click.option("--crop-marks", type=click.Choice(CROP_MARKS), default=None,
                               help="Crop marks at every cut or at the outer edges only, outside the trim (for "
                                    "a print shop); cut-lines: cards touching, a thin line on each cut, as many "
                                    "cards as the paper holds (for scissors or a home trimmer) "
                                    "(default: all on card sheets, none on imposed booklets)."),
    "duplex": click.option("--duplex", type=click.Choice(DUPLEX_FLIPS), default=None,
                           help="The paper edge the printer flips two-sided sheets on; backs are placed to match "
                                "(default: long for card sheets, short for imposed booklets)."),
    "back_offset": click.option("--back-offset", default=None, metavar="X,Y",
                                help="Move every back by X,Y mm (see `cardmaker calibrate`)."),
    "manual_duplex": click.option("--manual-duplex/--auto-duplex", "manual_duplex", default=None,
                                  help="For printers without duplex: all fronts first, then all backs in reverse order."),
    "impose": click.option("--impose", type=click.Choice(IMPOSITIONS), default=None,
                           help="saddle-stitch: print-ready sheets, two pages a side in the order that folds and "
                                "staples into the booklet."),
    "parts": click.option("--parts", type=click.IntRange(1, 50), default=None, metavar="N",
                          help="With --impose: bind the booklet as N stapled parts, one after the other (a stapled "
                               "booklet holds at most 64 pages)."),
    "creep": click.option("--creep", type=click.FloatRange(0, 5), default=None, metavar="MM",
                          help="With --impose: pull the innermost sheet's pages this far towards the spine."),
}


def print_options(*names: str):
    """The named options, as one decorator."""
    def decorate(command):
        for name in reversed(names):
            command = OPTIONS[name](command)
        return command
    return decorate


def given(press: dict) -> dict:
    """The options the user gave, checked (None: not given); lengths stay in mm."""
    out = {k: v for k, v in press.items() if v is not None}
    if "n_up" in out:
        try:
            parse_n_up(out["n_up"])
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--n-up") from None
        out["n_up"] = out["n_up"].strip().lower()
    if "back_offset" in out:
        try:
            dx, dy = (float(v) for v in out["back_offset"].split(","))
            if not (abs(dx) <= 20 and abs(dy) <= 20):  # also refuses nan
                raise ValueError
        except ValueError:
            raise click.BadParameter("expected X,Y in mm, each within ±20, e.g. 0.5,-1",
                                     param_hint="--back-offset") from None
        out["back_offset"] = (dx, dy)
    if "creep" in out:
        if not math.isfinite(out["creep"]):  # click's FloatRange lets NaN through
            raise click.BadParameter("expected a number of mm from 0 to 5", param_hint="--creep")
    return out


def flags(options: dict) -> str:
    """The options as the user typed them, for a message: '--n-up, --duplex'."""
    names = {"manual_duplex": "--manual-duplex/--auto-duplex"}
    return ", ".join(names.get(k, "--" + k.replace("_", "-")) for k in options)


def usage_error(error) -> click.UsageError:
    """A job's ``OptionError`` as the usage error (exit 2) that names the options as typed."""
    needs = {"sheet": "place cards on sheets: add --sheet A4|Letter|A3 (and --combine FILE.pdf)",
             "impose": "lay out imposed sheets: add --impose saddle-stitch"}
    if error.needs == "one file":
        return click.UsageError("--sheet places cards on sheets of one PDF: use it with --combine FILE.pdf or -o -")
    if error.needs in needs:
        return click.UsageError(f"{flags(error.options)} {needs[error.needs]}")
    return click.UsageError(str(error))
