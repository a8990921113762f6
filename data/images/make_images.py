#!/usr/bin/env python3
"""Draw the sample exercise illustrations used by the cardmaker sample data.

Each drawing is a simple line figure (thick rounded limbs, round head) on a
white background with a floor line. Figures are drawn at 2x size and scaled
down with LANCZOS for smooth edges, then saved as small palette PNGs.

Usage:  python make_images.py        (writes the PNGs next to this script)
Needs Pillow >= 9.1.

Drawings: cardmaker sample data, CC0.
"""
import math
from pathlib import Path

from PIL import Image, ImageDraw

W, H = 900, 700          # final size in px
S = 2                    # supersampling factor
OUT = Path(__file__).resolve().parent

BG = (255, 255, 255)
NEAR = (62, 86, 105)     # slate blue: limbs nearest the viewer, torso, head
FAR = (150, 168, 182)    # lighter: limbs on the far side
FLOOR = (176, 176, 170)
ACCENT = (190, 128, 82)  # muted copper: kettlebell
MAT = (214, 226, 218)    # pale sage: exercise mat
SUPPORT = (205, 196, 184)

HEAD_R = 34
LIMB = 26                # limb thickness
TORSO = 46               # torso thickness
FLOOR_Y = 620

# Segment lengths (px, final size)
NECK = 26
TRUNK = 165
THIGH = 125
SHIN = 122
FOOT = 48
UPPER_ARM = 98
FOREARM = 90


def step(p, length, angle):
    """Point reached from p going `length` px at `angle` degrees.

    0 = right, 90 = down, -90 = up (screen coordinates)."""
    a = math.radians(angle)
    return (p[0] + length * math.cos(a), p[1] + length * math.sin(a))


class Canvas:
    """Collects shapes in final-pixel coordinates, then fits the figure into
    the frame (so every pose is centred and similarly sized) and renders it
    at S-times resolution."""

    MARGIN_X = 90
    MARGIN_TOP = 70
    MARGIN_BOTTOM = 60
    ZOOM = 1.1

    def __init__(self):
        self.ops = []          # (kind, points, size, color)

    def dot(self, p, r, color):
        self.ops.append(("dot", [p], r, color))

    def seg(self, a, b, width, color):
        """Thick segment with round caps."""
        self.ops.append(("seg", [a, b], width, color))

    def chain(self, pts, width, color):
        for a, b in zip(pts, pts[1:]):
            self.seg(a, b, width, color)

    def head(self, p):
        self.dot(p, HEAD_R, NEAR)

    def rect(self, box, color, radius=10):
        x0, y0, x1, y1 = box
        self.ops.append(("rect", [(x0, y0), (x1, y1)], radius, color))

    def arc(self, box, start, end, width, color):
        x0, y0, x1, y1 = box
        self.ops.append(("arc", [(x0, y0), (x1, y1)], (start, end, width), color))

    def _bbox(self):
        xs, ys = [], []
        for kind, pts, size, _ in self.ops:
            pad = size if kind == "dot" else (size / 2 if kind == "seg" else 0)
            for x, y in pts:
                xs += [x - pad, x + pad]
                ys += [y - pad, y + pad]
        return min(xs), min(ys), max(xs), max(ys)

    def render(self):
        x0, y0, x1, y1 = self._bbox()
        y1 = max(y1, FLOOR_Y)             # the floor is the figure's base
        # same scale for every pose (consistent line weights), unless the
        # figure would not fit
        zoom = min((W - 2 * self.MARGIN_X) / (x1 - x0),
                   (H - self.MARGIN_TOP - self.MARGIN_BOTTOM) / (y1 - y0),
                   self.ZOOM)
        # centre horizontally, and vertically within the margins
        free_y = H - self.MARGIN_TOP - self.MARGIN_BOTTOM - (y1 - y0) * zoom
        ox = (W - (x1 - x0) * zoom) / 2 - x0 * zoom
        oy = self.MARGIN_TOP + free_y / 2 - y0 * zoom

        def tp(p):
            return ((p[0] * zoom + ox) * S, (p[1] * zoom + oy) * S)

        img = Image.new("RGB", (W * S, H * S), BG)
        d = ImageDraw.Draw(img)

        def disc(c, r, color):
            d.ellipse((c[0] - r, c[1] - r, c[0] + r, c[1] + r), fill=color)

        # floor line just under the feet, across the whole frame
        fy = ((FLOOR_Y + 8) * zoom + oy) * S
        d.line([(50 * S, fy), ((W - 50) * S, fy)], fill=FLOOR, width=6 * S)
        disc((50 * S, fy), 3 * S, FLOOR)
        disc(((W - 50) * S, fy), 3 * S, FLOOR)

        k = zoom * S
        for kind, pts, size, color in self.ops:
            tpts = [tp(p) for p in pts]
            if kind == "dot":
                disc(tpts[0], size * k, color)
            elif kind == "seg":
                d.line(tpts, fill=color, width=max(1, round(size * k)))
                for c in tpts:
                    disc(c, size * k / 2, color)
            elif kind == "rect":
                d.rounded_rectangle([*tpts[0], *tpts[1]], radius=size * k,
                                    fill=color)
            elif kind == "arc":
                start, end, width = size
                d.arc([*tpts[0], *tpts[1]], start=start, end=end, fill=color,
                      width=round(width * k))
        return img

    def save(self, name):
        img = self.render().resize((W, H), Image.LANCZOS)
        img = img.quantize(colors=48, method=Image.Quantize.MEDIANCUT,
                           dither=Image.Dither.NONE)
        path = OUT / f"{name}.png"
        img.save(path, optimize=True)
        print(f"wrote {path.name} ({path.stat().st_size // 1024} KB)")


def leg(ankle, shin_angle, thigh_angle, toe_dir=1):
    """Return (hip, knee, ankle, toe) for a leg standing on `ankle`.

    shin_angle / thigh_angle: direction from ankle to knee and knee to hip."""
    knee = step(ankle, SHIN, shin_angle)
    hip = step(knee, THIGH, thigh_angle)
    toe = (ankle[0] + toe_dir * FOOT, ankle[1] + 6)
    return hip, knee, ankle, toe


# ---------------------------------------------------------------- poses

def goblet_squat():
    """Side view, facing right: bottom of a goblet squat, bell at the chest."""
    c = Canvas()
    ankle = (430, FLOOR_Y - 14)
    hip, knee, ankle, toe = leg(ankle, -62, -172)
    # far leg slightly offset
    off = (-14, -4)
    fh, fk, fa, ft = [(x + off[0], y + off[1]) for x, y in (hip, knee, ankle, toe)]
    c.chain([fh, fk, fa, ft], LIMB, FAR)

    shoulder = step(hip, TRUNK, -66)
    neck = step(shoulder, NECK, -72)
    head = step(neck, HEAD_R, -72)

    # far arm (mostly hidden behind the bell)
    f_el = step(shoulder, UPPER_ARM, 68)
    f_el = (f_el[0] - 10, f_el[1])
    hands = step(f_el, FOREARM - 10, -38)
    c.chain([(shoulder[0] - 8, shoulder[1]), f_el, hands], LIMB, FAR)

    c.seg(hip, shoulder, TORSO, NEAR)
    c.chain([hip, knee, ankle, toe], LIMB, NEAR)
    c.seg(neck, shoulder, LIMB, NEAR)
    c.head(head)

    # kettlebell held by the horns in front of the chest
    bell = (hands[0] + 6, hands[1] + 40)
    hx, hy = hands
    c.arc((hx - 26, hy - 16, hx + 30, hy + 40), 180, 360, 10, ACCENT)
    c.dot(bell, 36, ACCENT)
    c.rect((bell[0] - 24, bell[1] + 26, bell[0] + 24, bell[1] + 36), ACCENT, 4)

    # near arm over the bell
    el = step(shoulder, UPPER_ARM, 74)
    c.chain([shoulder, el, hands], LIMB, NEAR)
    c.save("goblet-squat")


def forearm_plank():
    """Side view, facing right: forearm plank on a mat."""
    c = Canvas()
    c.rect((110, FLOOR_Y - 4, 790, FLOOR_Y + 8), MAT, 6)
    elbow = (640, FLOOR_Y - 20)
    hand = (640 + FOREARM - 4, FLOOR_Y - 18)
    shoulder = step(elbow, UPPER_ARM, -90)
    toe = (170, FLOOR_Y - 16)
    # body line from shoulder to ankle
    ang = math.degrees(math.atan2(toe[1] - shoulder[1], toe[0] - shoulder[0]))
    hip = step(shoulder, TRUNK, ang)
    knee = step(hip, THIGH, ang)
    ankle = step(knee, SHIN, ang)
    toe2 = (ankle[0] - 8, FLOOR_Y - 10)

    # far side limbs
    c.chain([(shoulder[0] - 12, shoulder[1]), (elbow[0] - 12, elbow[1]),
             (hand[0] - 12, hand[1])], LIMB, FAR)
    c.chain([(hip[0] - 4, hip[1] - 6), (knee[0] - 4, knee[1] - 6),
             (ankle[0] - 4, ankle[1] - 6), (toe2[0] - 4, toe2[1] - 4)], LIMB, FAR)

    c.seg(hip, shoulder, TORSO, NEAR)
    c.chain([hip, knee, ankle, toe2], LIMB, NEAR)
    neck = step(shoulder, NECK, ang + 180 - 4)
    head = step(neck, HEAD_R, ang + 180 - 8)
    c.seg(shoulder, neck, LIMB, NEAR)
    c.head(head)
    c.chain([shoulder, elbow, hand], LIMB, NEAR)
    c.save("forearm-plank")


def single_leg_stand():
    """Side view, facing right: standing on one leg, other knee at hip height,
    one hand hovering just above a chair back for safety."""
    c = Canvas()
    ankle = (420, FLOOR_Y - 14)
    hip, knee, ankle, toe = leg(ankle, -90, -90)
    shoulder = step(hip, TRUNK, -90)
    neck = step(shoulder, NECK, -88)
    head = step(neck, HEAD_R, -88)

    # lifted leg: thigh level with the hip, shin hanging down
    l_knee = step(hip, THIGH, -4)
    l_ankle = step(l_knee, SHIN, 92)
    l_toe = step(l_ankle, FOOT - 6, 20)
    # near arm reaching forward, hand hovering above the chair back
    el = step(shoulder, UPPER_ARM, 45)
    hand = step(el, FOREARM, 8)

    # chair (side view) in front of the figure, back post under the hand
    cx = hand[0] + 10
    top = hand[1] + 34
    c.seg((cx, FLOOR_Y + 2), (cx, top), 16, SUPPORT)                  # back post
    c.seg((cx, FLOOR_Y - 175), (cx + 150, FLOOR_Y - 175), 16, SUPPORT)  # seat
    c.seg((cx + 150, FLOOR_Y - 175), (cx + 150, FLOOR_Y + 2), 16, SUPPORT)

    # far arm: relaxed, slightly away from the body
    f_el = step(shoulder, UPPER_ARM, 105)
    f_hand = step(f_el, FOREARM, 92)
    c.chain([(shoulder[0] - 6, shoulder[1]), f_el, f_hand], LIMB, FAR)
    c.chain([hip, l_knee, l_ankle, l_toe], LIMB, FAR)

    c.seg(hip, shoulder, TORSO, NEAR)
    c.chain([hip, knee, ankle, toe], LIMB, NEAR)
    c.seg(shoulder, neck, LIMB, NEAR)
    c.head(head)
    c.chain([shoulder, el, hand], LIMB, NEAR)
    c.save("single-leg-stand")


def lunge():
    """Side view, facing right: bottom of a forward lunge, hands on hips."""
    c = Canvas()
    f_ankle = (560, FLOOR_Y - 14)
    f_knee = step(f_ankle, SHIN, -88)
    hip = step(f_knee, THIGH, 178)
    # back leg: knee hovering just above the floor under/behind the hip
    b_knee = (hip[0] - 45, FLOOR_Y - 28)
    b_knee = step(hip, THIGH, math.degrees(math.atan2(b_knee[1] - hip[1],
                                                      b_knee[0] - hip[0])))
    b_ankle = step(b_knee, SHIN, 196)
    b_toe = (b_ankle[0] + 16, FLOOR_Y - 8)   # heel up, on the toes
    f_toe = (f_ankle[0] + FOOT, FLOOR_Y - 8)

    shoulder = step(hip, TRUNK, -88)
    neck = step(shoulder, NECK, -86)
    head = step(neck, HEAD_R, -86)

    # back leg is the far one in this view
    c.chain([hip, b_knee, b_ankle, b_toe], LIMB, FAR)
    # far arm, hand on hip
    f_el = step(shoulder, UPPER_ARM, 118)
    c.chain([(shoulder[0] - 6, shoulder[1]), f_el, (hip[0] - 14, hip[1] - 18)],
            LIMB, FAR)
    c.seg(hip, shoulder, TORSO, NEAR)
    c.chain([hip, f_knee, f_ankle, f_toe], LIMB, NEAR)
    c.seg(shoulder, neck, LIMB, NEAR)
    c.head(head)
    # near arm, hand on hip (elbow pointing back)
    el = step(shoulder, UPPER_ARM, 122)
    c.chain([shoulder, el, (hip[0] + 6, hip[1] - 14)], LIMB, NEAR)
    c.save("ausfallschritt")


if __name__ == "__main__":
    goblet_squat()
    forearm_plank()
    single_leg_stand()
    lunge()
