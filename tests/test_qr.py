"""The QR encoder's own mask choice gives exactly reportlab's modules, and is faster for it."""

from __future__ import annotations

import random

import pytest
from reportlab.graphics.barcode import qrencoder

from cardmaker.typeset import qr


def _reportlab(value: str) -> tuple[tuple[bool, ...], ...]:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


def _values() -> list[str]:
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789/:.-_?=&ABC "
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 500))) for _ in range(60)]
    return [*(f"https://example.com/videos/exercise-{i}" for i in range(40)), "12345678901234", "HELLO WORLD 123",
            "Übung → ✓ Kraftwerk", "https://youtu.be/" + "a" * 120, "x" * 1200, "a", *made]


@pytest.mark.parametrize("value", _values())
def test_the_modules_are_reportlabs_own(value):
    qr.qr_modules.cache_clear()
    assert qr.qr_modules(value) == _reportlab(value)


@pytest.mark.parametrize("value", ["https://example.com/videos/goblet-squat", "https://e.com/" + "a" * 140,
                                   "https://e.com/" + "b" * 400, "https://e.com/" + "c" * 1300])
def test_each_masks_penalty_is_reportlabs(value):
    """Every mask's score, not only the winner: a tie broken differently would pass the test
    above. Versions 3, 9, 16 and 30 (from 7 on, a code carries its version information)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.version = code.calculate_version()
    scores = []
    for mask in range(qr.MASKS):
        code.makeImpl(True, mask)
        rows = [bytes(r).translate(qr._DIGITS) for r in code.modules]
        assert qr._penalty(rows) == qrencoder.QRUtil.getLostPoint(code)
        scores.append(qr._penalty(rows))
    assert len(set(scores)) > 1  # the masks really are told apart


def test_a_link_longer_than_a_qr_code_holds_is_one_clear_error_not_a_crash(tmp_path):
    """A 2,400-character video link made reportlab's encoder raise "code length overflow",
    reported as an unexpected error. The loader now names the file, line and field; a link
    of exactly what the largest code holds still encodes."""
    from click.testing import CliRunner

    from cardmaker.cli import main
    from cardmaker.model.exercise import QR_MAX_BYTES

    longest = "https://example.com/" + "a" * (QR_MAX_BYTES - 20)
    assert len(qr.qr_modules(longest)) == 39 * 4 + 17  # the largest code reportlab makes: it fits
    (tmp_path / "v.yaml").write_text(f"name: X\nid: x\nvideo: {longest}a\nsteps: [Go.]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "v.yaml"), "-o", str(tmp_path / "v.pdf"),
                                       "-l", "wall-card-a4"])
    assert result.exit_code == 1 and not (tmp_path / "v.pdf").exists()
    assert "v.yaml:3: video: the link is 2,214 bytes long; a QR code holds at most 2,213" in result.output
    assert "unexpected" not in result.output and "Traceback" not in result.output


def test_a_link_that_makes_a_dense_code_is_warned_of_once_and_still_printed(tmp_path):
    """The probe's 600-character link printed a QR code with 0.32 mm modules without a word.
    Past version 10 (213 bytes), the build warns, naming the line, and prints the card."""
    from click.testing import CliRunner

    from cardmaker.cli import main
    from cardmaker.model.exercise import QR_DENSE_BYTES

    assert len(qr.qr_modules("x" * QR_DENSE_BYTES)) == 57 and len(qr.qr_modules("x" * (QR_DENSE_BYTES + 1))) == 61
    for name, length in (("short", QR_DENSE_BYTES), ("long", 600)):
        link = "https://example.com/" + "a" * (length - 20)
        (tmp_path / f"{name}.yaml").write_text(f"name: {name}\nid: {name}\nvideo: {link}\nsteps: [Go.]\n")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out"), "-l", "wall-card-a4"])
    assert result.exit_code == 0 and (tmp_path / "out" / "long.pdf").exists()
    assert result.output.count("may not scan") == 1
    assert "long.yaml:3: video: the link is 600 bytes long" in result.output
    # a layout that prints the link as text (card-a4: no QR code) neither warns nor limits it
    (tmp_path / "huge.yaml").write_text(f"name: huge\nid: huge\nvideo: https://example.com/{'a' * 2400}\n"
                                        "steps: [Go.]\n")
    text = CliRunner().invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "text"), "-l", "card-a4"])
    assert text.exit_code == 0 and "may not scan" not in text.output and "QR" not in text.output
    assert (tmp_path / "text" / "huge.pdf").exists()


def test_an_exercise_made_in_code_with_a_link_too_long_for_its_code_is_a_clear_error():
    """An ``Exercise`` given to the API is not loaded (the loader checks a file's link with its
    line): the render names the field instead of reportlab's "code length overflow"."""
    import cardmaker
    from cardmaker.model import Exercise
    from cardmaker.model.exercise import QR_MAX_BYTES

    ex = Exercise(name="X", id="x", steps=("Go.",), video="https://e.com/" + "a" * QR_MAX_BYTES)
    with pytest.raises(cardmaker.CardmakerError, match=r"^video: the link is 2,227 bytes long; a QR code holds"):
        cardmaker.render_card(ex, "poster-a3")
    assert cardmaker.render_card(ex, "card-a4").startswith(b"%PDF")  # printed as text there


def test_a_card_crowded_out_by_its_printed_link_says_so(tmp_path):
    """A link that fits a QR code (2,213 bytes) but whose address, printed under the code,
    leaves no room for the steps blamed the title block (name, summary, picture, logo). The
    message now names the link and what to do."""
    from click.testing import CliRunner

    from cardmaker.cli import main
    from cardmaker.model.exercise import QR_MAX_BYTES

    link = "https://example.com/" + "a" * (QR_MAX_BYTES - 20)
    (tmp_path / "v.yaml").write_text(f"name: Y\nid: y\nvideo: {link}\nsteps: [Go.]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "v.yaml"), "-o", str(tmp_path / "v.pdf"),
                                       "-l", "wall-card-a4"])
    assert result.exit_code == 1
    assert "the footer, which prints its 2,213-character video link, leave no room" in result.output
    assert "shorten it: a link shortener" in result.output and "name, summary" not in result.output
