"""App icons drawn from the emblem (``static/img/emblem.svg``) with Pillow.

Pillow cannot read SVG, and the intranet has no renderer to install, so this
module draws the few shapes the emblem is made of (circles, filled or
stroked, and straight-line paths) itself, four times larger, then scales
down for smooth edges.  An emblem that uses anything else raises
``ValueError``, so a redesign is noticed by the tests instead of giving a
blank icon.  PNGs are made on first request and kept per emblem version.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw

EMBLEM = Path(__file__).resolve().parent.parent / "static" / "img" / "emblem.svg"
SVG_NS = "{http://www.w3.org/2000/svg}"
SUPERSAMPLE = 4
# The palette's red (app.css --dj-red): behind the emblem where an icon must be opaque.
BACKGROUND = "#b8141b"


@dataclass(frozen=True)
class Icon:
    size: int
    # Share of the square the emblem's circle spans.
    scale: float
    # Opaque square behind the emblem (maskable and iOS icons are cropped
    # by the system and must have no transparent corners).
    opaque: bool
    purpose: str


ICONS = {
    "icon-192.png": Icon(192, 1.0, False, "any"),
    "icon-512.png": Icon(512, 1.0, False, "any"),
    # Android crops maskable icons to a circle of 80% of the side at most:
    # the emblem's ring stays inside that safe zone.
    "maskable-512.png": Icon(512, 0.8, True, "maskable"),
    "apple-touch-icon.png": Icon(180, 0.86, True, "apple"),
}
_made: dict[tuple[str, str], bytes] = {}
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TOKEN = re.compile(r"[MmLlHhVvZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _colour(value: str | None):
    if not value or value == "none":
        return None
    return ImageColor.getrgb(value)


def path_points(data: str) -> list[list[tuple[float, float]]]:
    """The polygons of an SVG path made of straight lines (M, L, H, V, Z)."""
    tokens = _TOKEN.findall(data)
    if "".join(tokens).replace(" ", "") != re.sub(r"[\s,]", "", data):
        raise ValueError(f"unsupported path data: {data!r}")
    shapes: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    x = y = 0.0
    command = ""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if not _NUMBER.fullmatch(token):
            command = token
            index += 1
            if command in "Zz":
                if current:
                    shapes.append(current)
                    x, y = current[0]
                current = []
            continue
        relative = command.islower()
        kind = command.upper()
        if kind in ("M", "L"):
            dx, dy = float(tokens[index]), float(tokens[index + 1])
            index += 2
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            if kind == "M":
                if current:
                    shapes.append(current)
                current = []
                # Pairs after a moveto are linetos (SVG 1.1, 8.3.2).
                command = "l" if relative else "L"
        elif kind == "H":
            value = float(tokens[index])
            index += 1
            x = x + value if relative else value
        elif kind == "V":
            value = float(tokens[index])
            index += 1
            y = y + value if relative else value
        else:
            raise ValueError(f"unsupported path data: {data!r}")
        current.append((x, y))
    if current:
        shapes.append(current)
    return shapes


def _draw_emblem(image: Image.Image, box: tuple[float, float, float], svg: bytes) -> None:
    """Draw the SVG into ``image`` at (left, top) with ``side`` pixels for its viewBox."""
    left, top, side = box
    root = ET.fromstring(svg)
    _, _, width, height = (float(part) for part in root.attrib["viewBox"].split())
    unit = side / max(width, height)
    draw = ImageDraw.Draw(image)

    def at(px: float, py: float) -> tuple[float, float]:
        return left + px * unit, top + py * unit

    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS)
        if tag == "svg":
            continue
        fill = _colour(element.get("fill", "#000"))
        stroke = _colour(element.get("stroke"))
        if tag == "circle":
            cx, cy, r = (float(element.get(name, 0)) for name in ("cx", "cy", "r"))
            if fill:
                draw.ellipse([*at(cx - r, cy - r), *at(cx + r, cy + r)], fill=fill)
            if stroke:
                half = float(element.get("stroke-width", 1)) / 2
                outer = r + half
                draw.ellipse(
                    [*at(cx - outer, cy - outer), *at(cx + outer, cy + outer)],
                    outline=stroke,
                    width=max(1, round(2 * half * unit)),
                )
        elif tag == "path":
            if stroke:
                raise ValueError("stroked paths are not drawn")
            for polygon in path_points(element.get("d", "")):
                if fill and len(polygon) > 2:
                    draw.polygon([at(px, py) for px, py in polygon], fill=fill)
        else:
            raise ValueError(f"the emblem uses <{tag}>, which the icon maker does not draw")


def render(icon: Icon, svg: bytes) -> bytes:
    big = icon.size * SUPERSAMPLE
    background = (*ImageColor.getrgb(BACKGROUND), 255) if icon.opaque else (0, 0, 0, 0)
    image = Image.new("RGBA", (big, big), background)
    side = big * icon.scale
    offset = (big - side) / 2
    _draw_emblem(image, (offset, offset, side), svg)
    image = image.resize((icon.size, icon.size), Image.Resampling.LANCZOS)
    if icon.opaque:
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def png(name: str, version: str) -> bytes:
    """The icon's PNG for the emblem at ``version`` (its static file version)."""
    key = (name, version)
    if key not in _made:
        _made[key] = render(ICONS[name], EMBLEM.read_bytes())
    return _made[key]
