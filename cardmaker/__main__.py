"""``python -m cardmaker``."""

from cardmaker.cli import main

main()
