"""Pictures for the demo microsites, drawn with Pillow (nothing copied).

Logos, banners, certificates and "photos" are simple generated drawings,
made from a seeded generator so every demo looks the same.
"""

from __future__ import annotations

import io
import math
import random
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
GOLD = (226, 180, 60)


@lru_cache(maxsize=16)
def _font(size: int):
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            try:
                return ImageFont.truetype(path, size)
            except OSError:
                continue
    return None  # no CJK font on this machine: pictures without words


def _rgb(color: str) -> tuple[int, int, int]:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=82)
    return out.getvalue()


def _star(draw: ImageDraw.ImageDraw, centre, radius, fill) -> None:
    x, y = centre
    points = []
    for n in range(10):
        r = radius if n % 2 == 0 else radius * 0.4
        angle = -math.pi / 2 + n * math.pi / 5
        points.append((x + r * math.cos(angle), y + r * math.sin(angle)))
    draw.polygon(points, fill=fill)


def _centred_text(draw, box, text, size, fill) -> None:
    font = _font(size)
    if font is None or not text:
        return
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x = box[0] + (box[2] - box[0] - (right - left)) / 2 - left
    y = box[1] + (box[3] - box[1] - (bottom - top)) / 2 - top
    draw.text((x, y), text, font=font, fill=fill)


def logo(text: str, color: str) -> bytes:
    """A round seal: coloured disc, gold ring, the brand's first characters."""
    size = 400
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=_rgb(color))
    draw.ellipse((24, 24, size - 24, size - 24), outline=GOLD, width=10)
    if _font(10) is not None:
        _centred_text(draw, (0, 70, size, size - 40), text[:2], 130, (255, 255, 255))
        _star(draw, (size / 2, 88), 30, GOLD)
    else:
        _star(draw, (size / 2, size / 2), 120, GOLD)
    return _png(image)


def banner(color: str, seed: int) -> bytes:
    """A wide banner: colour wash, soft light, the outline of a court building."""
    rng = random.Random(seed)
    width, height = 1600, 480
    base = _rgb(color)
    image = Image.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line((0, y, width, y), fill=tuple(int(c * (1 - 0.45 * t)) for c in base))
    for _ in range(14):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(40, 180)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(min(255, c + 30) for c in base))
    image = image.filter(ImageFilter.GaussianBlur(18))
    draw = ImageDraw.Draw(image)
    left, ground = width - 700, height - 40
    shade = tuple(max(0, c - 60) for c in base)
    draw.polygon([(left, ground - 190), (left + 300, ground - 270), (left + 600, ground - 190)], fill=shade)
    draw.rectangle((left + 20, ground - 190, left + 580, ground - 170), fill=shade)
    for n in range(8):  # columns of the court's front
        x = left + 50 + n * 70
        draw.rectangle((x, ground - 170, x + 26, ground - 20), fill=shade)
    draw.rectangle((left, ground - 20, left + 600, ground), fill=shade)
    _star(draw, (left + 300, ground - 222), 22, GOLD)
    return _jpeg(image)


def certificate(title: str, level: str, seed: int) -> bytes:
    """A certificate or plaque: red cover, gold frame, emblem, the title."""
    rng = random.Random(seed)
    width, height = 800, 600
    red = (170 + rng.randint(-15, 15), 22, 28)
    image = Image.new("RGB", (width, height), red)
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, width - 24, height - 24), outline=GOLD, width=8)
    draw.rectangle((44, 44, width - 44, height - 44), outline=GOLD, width=2)
    _star(draw, (width / 2, 160), 70, GOLD)
    if _font(10) is not None:
        _centred_text(draw, (60, 250, width - 60, 330), "荣誉证书" if level != "court" else "奖  状", 64, GOLD)
        _centred_text(draw, (60, 350, width - 60, 420), title[:16], 34, (255, 236, 190))
    else:
        for n in range(3):
            draw.rectangle((200, 300 + n * 50, width - 200, 318 + n * 50), fill=GOLD)
    return _jpeg(image)


def photo(seed: int, mood: str = "outdoor") -> bytes:
    """A made-up scene: sky, ground, a red flag and a row of figures."""
    rng = random.Random(seed)
    width, height = 1200, 800
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    if mood == "indoor":
        top, bottom = (236, 226, 210), (196, 180, 160)
    else:
        top, bottom = (120 + rng.randint(0, 40), 170 + rng.randint(0, 40), 225), (210, 230, 245)
    horizon = int(height * rng.uniform(0.5, 0.62))
    for y in range(horizon):
        t = y / horizon
        draw.line((0, y, width, y), fill=tuple(int(a * (1 - t) + b * t) for a, b in zip(top, bottom, strict=True)))
    ground = (150, 130, 110) if mood == "indoor" else (90 + rng.randint(0, 30), 140, 80)
    draw.rectangle((0, horizon, width, height), fill=ground)
    if mood == "indoor":  # a red backdrop with a banner across it
        draw.rectangle((120, 60, width - 120, horizon - 40), fill=(178, 26, 32))
        draw.rectangle((160, 100, width - 160, 160), fill=(206, 60, 50))
        _star(draw, (width / 2, 260), 60, GOLD)
    else:
        pole = rng.randint(150, width - 150)
        draw.rectangle((pole, horizon - 380, pole + 8, horizon), fill=(220, 220, 220))
        draw.rectangle((pole + 8, horizon - 380, pole + 200, horizon - 250), fill=(222, 41, 16))
        _star(draw, (pole + 45, horizon - 345), 20, (255, 222, 0))
    people = rng.randint(6, 12)
    spacing = width / (people + 1)
    for n in range(people):
        x = spacing * (n + 1) + rng.randint(-12, 12)
        y = horizon + rng.randint(40, 110)
        body = rng.choice(((30, 40, 70), (40, 45, 55), (235, 235, 235), (120, 20, 30)))
        draw.rounded_rectangle((x - 28, y - 90, x + 28, y + 70), radius=18, fill=body)
        draw.ellipse((x - 22, y - 140, x + 22, y - 96), fill=(236, 200, 170))
        draw.pieslice((x - 23, y - 142, x + 23, y - 104), 180, 360, fill=(30, 25, 25))
    return _jpeg(image.filter(ImageFilter.GaussianBlur(1.2)))
