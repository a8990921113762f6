"""Jobs: what `cardmaker build` and `cardmaker booklet` do, as library calls a service can make.

A job is a dataclass of options (``BuildJob``, ``BookletJob``); ``run_build`` and ``run_booklet``
run one and return a ``JobResult`` (outputs written, the PDF when no file was named, errors and
warnings as data). Progress goes to an optional callback, one ``batch.Outcome`` at a time; a
problem that stops the whole job raises a located ``CardmakerError`` (``OptionError`` for
options that do not go together). Nothing here prints or exits: the command line is a thin
layer that parses options, calls these, and says what happened.
"""

from cardmaker.jobs.booklet import BookletJob, run_booklet
from cardmaker.jobs.build import BuildJob, BuildPlan, prepare_build, run_build
from cardmaker.jobs.common import JobResult, OptionError

__all__ = ["BookletJob", "BuildJob", "BuildPlan", "JobResult", "OptionError", "prepare_build", "run_booklet",
           "run_build"]
