"""Flow: an Exercise and its Layout → the block tree (``tree``, built by ``card_tree``; a booklet's
by ``booklet_tree``, with a program's schedule and log sheet from ``booklet_tables``); no reportlab."""
