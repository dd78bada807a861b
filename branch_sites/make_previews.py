"""Draw each theme's preview image (static/preview.png) with Pillow.

The previews are sketches of the theme's home page in its default colours,
drawn here rather than copied from anywhere.  Run after changing a theme:

    .venv/bin/python branch_sites/make_previews.py
"""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 480, 320
THEMES = Path(__file__).resolve().parent / "themes"


def rgb(value: str) -> tuple[int, int, int]:
    red, green, blue = (int(value[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue


def defaults(folder: Path) -> dict:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {s["key"]: s["default"] for s in manifest.get("settings", ())}


def cards(draw: ImageDraw.ImageDraw, top: int, accent, radius: int, fill=(255, 255, 255), outline=(225, 225, 225)):
    draw.rectangle((24, top, 140, top + 4), fill=accent)
    for column in range(3):
        left = 24 + column * 148
        draw.rounded_rectangle((left, top + 16, left + 136, top + 106), radius=radius, fill=fill, outline=outline)
        draw.rectangle((left + 10, top + 26, left + 126, top + 66), fill=(226, 222, 214))
        draw.rectangle((left + 10, top + 74, left + 110, top + 80), fill=(90, 90, 90))
        draw.rectangle((left + 10, top + 88, left + 80, top + 92), fill=(170, 170, 170))


def draw_default(settings: dict) -> Image.Image:
    primary = rgb(settings["primary_color"])
    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 36), fill=primary)
    draw.ellipse((14, 8, 34, 28), fill=(255, 255, 255))
    draw.rectangle((0, 36, WIDTH, 130), fill=primary)
    draw.rectangle((40, 70, 220, 86), fill=(255, 255, 255))
    draw.rectangle((40, 96, 170, 102), fill=(240, 200, 200))
    cards(draw, 150, primary, 6)
    draw.rectangle((0, HEIGHT - 28, WIDTH, HEIGHT), fill=(43, 43, 43))
    return image


def draw_classic(settings: dict) -> Image.Image:
    primary, accent, gold = rgb(settings["primary_color"]), rgb(settings["accent_color"]), (212, 160, 23)
    image = Image.new("RGB", (WIDTH, HEIGHT), (251, 247, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 4), fill=gold)
    draw.rectangle((0, 4, WIDTH, 38), fill=primary)
    draw.ellipse((14, 11, 34, 31), fill=(255, 255, 255))
    for y in range(38, 150):  # the banner's gradient towards deep red
        t = (y - 38) / 112
        draw.line(
            (0, y, WIDTH, y), fill=tuple(int(c * (1 - t) + d * t) for c, d in zip(primary, (122, 12, 16), strict=True))
        )
    for x in range(0, WIDTH, 26):
        draw.rectangle((x, 38, x + 18, 42), fill=gold)
        draw.rectangle((x, 146, x + 18, 150), fill=gold)
    draw.ellipse((WIDTH // 2 - 20, 52, WIDTH // 2 + 20, 92), fill=(255, 255, 255), outline=gold, width=3)
    draw.rectangle((WIDTH // 2 - 80, 100, WIDTH // 2 + 80, 114), fill=(255, 255, 255))
    draw.line((WIDTH // 2 - 90, 124, WIDTH // 2 - 10, 124), fill=gold)
    draw.line((WIDTH // 2 + 10, 124, WIDTH // 2 + 90, 124), fill=gold)
    draw.regular_polygon((WIDTH // 2, 124, 5), 5, fill=gold)
    draw.rectangle((WIDTH // 2 - 60, 132, WIDTH // 2 + 60, 137), fill=(246, 215, 122))
    cards(draw, 166, accent, 2, outline=primary)
    draw.rectangle((0, HEIGHT - 26, WIDTH, HEIGHT), fill=(94, 10, 13))
    draw.rectangle((0, HEIGHT - 26, WIDTH, HEIGHT - 23), fill=gold)
    return image


def draw_modern(settings: dict) -> Image.Image:
    accent, background = rgb(settings["accent_color"]), rgb(settings["background_color"])
    radius = 14 if settings.get("rounded") else 0
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 34), fill=(255, 255, 255))
    draw.rectangle((0, 34, WIDTH, 36), fill=accent)
    draw.ellipse((14, 7, 34, 27), fill=accent)
    draw.rectangle((42, 12, 110, 22), fill=accent)
    for n in range(4):
        draw.rectangle((300 + n * 44, 14, 330 + n * 44, 20), fill=(90, 90, 90))
    draw.rounded_rectangle((24, 50, WIDTH - 24, 140), radius=radius, fill=(255, 255, 255))
    draw.rounded_rectangle((300, 50, WIDTH - 24, 140), radius=radius, fill=(232, 226, 214))
    draw.rectangle((44, 78, 200, 92), fill=(31, 35, 40))
    draw.rectangle((44, 98, 74, 101), fill=accent)
    draw.rectangle((44, 110, 160, 115), fill=(120, 120, 120))
    cards(draw, 156, accent, radius, outline=background)
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=(255, 255, 255))
    draw.line((0, HEIGHT - 24, WIDTH, HEIGHT - 24), fill=(229, 229, 229))
    return image


DRAWERS = {"default": draw_default, "classic": draw_classic, "modern": draw_modern}


def main() -> None:
    for name, drawer in DRAWERS.items():
        folder = THEMES / name
        target = folder / "static" / "preview.png"
        drawer(defaults(folder)).save(target, optimize=True)
        print(f"wrote {target.relative_to(THEMES.parent)}")


if __name__ == "__main__":
    main()
