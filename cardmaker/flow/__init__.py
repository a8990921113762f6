"""Flow: an Exercise and its Layout → the block tree (``tree``, built by ``card_tree``); no reportlab."""
