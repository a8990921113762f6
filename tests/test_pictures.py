"""Pictures are printed at the layout's print resolution: a 12-megapixel photo is scaled down to
300 dpi at its printed size (a small PDF), a small picture is kept as it is."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from conftest import write


def embedded_images(pdf: Path) -> list[tuple[int, int, str]]:
    """(width, height, filter) of every image, soft masks included."""
    out = []
    for page in PdfReader(pdf).pages:
        for obj in page["/Resources"].get("/XObject", {}).values():
            obj = obj.get_object()
            if obj["/Subtype"] == "/Image":
                out.append((int(obj["/Width"]), int(obj["/Height"]), str(obj.get("/Filter"))))
                if "/SMask" in obj:
                    mask = obj["/SMask"].get_object()
                    out.append((int(mask["/Width"]), int(mask["/Height"]), str(mask.get("/Filter"))))
    return out


def printed_width(pdf: Path) -> float:
    """Points: the scale of the one image drawn (``w 0 0 h x y cm /Name Do``)."""
    content = PdfReader(pdf).pages[0].get_contents().get_data().decode("latin-1")
    return float(re.search(r"([\d.]+) 0 0 [\d.]+ [\d.-]+ [\d.-]+ cm\s*/\S+ Do", content).group(1))


def test_a_phone_photo_is_scaled_to_print_resolution(tmp_path: Path, cli):
    photo = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    photo.save(tmp_path / "photo.jpg", quality=95)
    write(tmp_path / "photo.yaml", "name: Photo\nimage: photo.jpg\nsteps: [Look.]\n")
    out = tmp_path / "out"
    assert cli("build", tmp_path / "photo.yaml", "-o", out).code == 0
    (width, height, kind), = embedded_images(out / "photo.pdf")
    assert "DCTDecode" in kind  # still a JPEG
    ppi = width / (printed_width(out / "photo.pdf") / 72)
    assert 300 <= ppi < 300 * 1.25 and height == round(width * 3 / 4)  # 300 dpi at its printed size
    assert (out / "photo.pdf").stat().st_size < 200_000
    first = (out / "photo.pdf").read_bytes()
    assert cli("build", tmp_path / "photo.yaml", "-o", out, "--force").code == 0
    assert (out / "photo.pdf").read_bytes() == first  # the same bytes every time


def test_a_transparent_png_keeps_its_mask_and_a_small_picture_its_pixels(tmp_path: Path, cli):
    Image.new("RGBA", (3000, 3000), (200, 30, 30, 128)).save(tmp_path / "big.png")
    Image.new("RGB", (300, 200), (0, 90, 160)).save(tmp_path / "small.png")
    write(tmp_path / "big.yaml", "name: Big\nimage: big.png\nsteps: [Look.]\n")
    write(tmp_path / "small.yaml", "name: Small\nimage: small.png\nsteps: [Look.]\n")
    out = tmp_path / "out"
    assert cli("build", tmp_path / "big.yaml", tmp_path / "small.yaml", "-o", out).code == 0
    big = embedded_images(out / "big.pdf")
    assert len(big) == 2 and max(w for w, _, _ in big) <= 1500  # the picture and its soft mask, at about 300 dpi as printed
    assert [(w, h) for w, h, _ in embedded_images(out / "small.pdf")] == [(300, 200)]


def test_pictures_print_as_they_look(tmp_path: Path, cli):
    """A phone photo's EXIF rotation is applied, 16-bit grey is scaled to 8 bits, a colour key
    is transparent: each checked in the rendered page."""
    import pypdfium2
    from PIL import ImageDraw

    photo = Image.new("RGB", (400, 300), (200, 200, 200))
    ImageDraw.Draw(photo).rectangle([0, 0, 100, 300], fill=(200, 0, 0))  # red at the left of the stored pixels
    exif = photo.getexif()
    exif[0x0112] = 6  # shown turned a quarter clockwise: the red band on top, the picture portrait
    photo.save(tmp_path / "turned.jpg", exif=exif, quality=95)
    Image.linear_gradient("L").convert("I").point(lambda v: v * 257).convert("I;16").save(tmp_path / "deep.png")
    key = Image.new("RGB", (300, 200), (255, 0, 255))
    ImageDraw.Draw(key).ellipse([50, 50, 250, 150], fill=(0, 120, 200))
    key.save(tmp_path / "key.png", transparency=(255, 0, 255))
    for name, file in (("turned", "turned.jpg"), ("deep", "deep.png"), ("key", "key.png")):
        write(tmp_path / f"{name}.yaml", f"name: {name}\nimage: {file}\nsteps: [Look.]\n")
    out = tmp_path / "out"
    assert cli("build", tmp_path, "-o", out, "-j", "1").code == 0

    def render(name: str) -> Image.Image:
        return pypdfium2.PdfDocument(out / f"{name}.pdf")[0].render(scale=1).to_pil().convert("RGB")

    def box(page: Image.Image, wanted) -> tuple[int, int, int, int]:
        """Bounding box of the pixels whose colour ``wanted`` accepts."""
        points = [(x, y) for y in range(0, page.height // 2, 2) for x in range(page.width // 2, page.width, 2)
                  if wanted(page.getpixel((x, y)))]  # the picture sits at the top right
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return min(xs), min(ys), max(xs), max(ys)

    red = lambda c: c[0] > 150 and c[1] < 80 and c[2] < 80  # noqa: E731
    grey = lambda c: all(abs(v - 200) < 6 for v in c)  # noqa: E731
    page = render("turned")
    x0, y0, x1, y1 = box(page, lambda c: red(c) or grey(c))
    assert y1 - y0 > x1 - x0  # portrait, as shown on the phone
    assert box(page, red)[1] == y0 and box(page, red)[3] < (y0 + y1) / 2  # the red band on top
    deep = render("deep")
    assert box(deep, lambda c: max(c) < 40)  # the dark end of the gradient: not a white box
    key = render("key")
    assert not [(x, y) for y in range(0, key.height // 2, 2) for x in range(0, key.width, 2)
                if (lambda c: c[0] > 200 and c[2] > 200 and c[1] < 80)(key.getpixel((x, y)))]  # no magenta


def test_a_huge_progressive_jpeg_is_embedded_as_it_is_rather_than_decoded(tmp_path: Path, monkeypatch):
    """Decoding a progressive JPEG holds every coefficient of the full image (108 MB for an
    18-megapixel photo of the corpus, the booklet's whole peak): past ``DECODE_LIMIT`` such a
    file goes in undecoded; a baseline JPEG of the same size is still scaled down."""
    import cardmaker.render.picture as picture

    monkeypatch.setattr(picture, "DECODE_LIMIT", 1_000_000)  # (a real one would be 18 megapixels)
    image = Image.radial_gradient("L").resize((1600, 1000)).convert("RGB")
    image.save(tmp_path / "progressive.jpg", "JPEG", quality=95, progressive=True)
    image.save(tmp_path / "baseline.jpg", "JPEG", quality=95)
    kept = picture.encoded(str(tmp_path / "progressive.jpg"), 100.0, 60.0)[1]
    scaled = picture.encoded(str(tmp_path / "baseline.jpg"), 100.0, 60.0)[1]
    assert (kept.width, kept.height) == (1600, 1000)
    assert max(scaled.width, scaled.height) <= picture.print_pixels(100.0, 60.0)
