"""Render: fonts, styles and page templates that turn a story into PDF bytes (cards, with fit)."""

from reportlab import rl_config

# Set once for every PDF cardmaker writes: binary streams, no base-85 pass over pages, images and
# fonts (a quarter smaller and faster).
rl_config.useA85 = 0
