"""Draws kraftwerk-logo.png, the made-up gym logo of the branded example layout.

Run from anywhere: python layouts/examples/make_logo.py (needs Pillow).
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
BOLD = HERE.parent.parent / "cardmaker" / "fonts" / "NotoSans-Bold.ttf"

image = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
draw = ImageDraw.Draw(image)
draw.rounded_rectangle((8, 8, 232, 232), radius=44, fill="#1f3a2e")
draw.polygon([(134, 26), (78, 112), (116, 112), (102, 168), (164, 80), (124, 80), (148, 26)], fill="#f2b632")
font = ImageFont.truetype(str(BOLD), 44)
draw.text((120, 200), "KW", font=font, fill="#ffffff", anchor="mm")
image.save(HERE / "kraftwerk-logo.png", optimize=True)
