"""Flow: an Exercise and its Layout → reportlab flowables (the story of a card)."""
