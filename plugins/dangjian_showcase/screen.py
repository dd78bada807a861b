"""Big-screen mode (大屏): what the slides show, as plain data.

The page renders these slides once; its script then rotates the existing
slides and, every few minutes, fetches the same data as JSON and replaces
the slides (never appends), so the page can run for days.
"""

from __future__ import annotations

from typing import Any

from dangjian.api import court_hooks, module_settings, parse_int, site_image_url

from . import walls

BRANDS_PER_SLIDE = 1
HONOURS_PER_SLIDE = 6


def numbers(court) -> list[dict]:
    """Headline numbers from every enabled module (this one adds the host's)."""
    offered = court_hooks(court, "dangjian_showcase_numbers")
    clean = [n for n in offered if isinstance(n, dict) and n.get("label") and n.get("value") is not None]
    return sorted(clean, key=lambda n: (n.get("order", 100), n["label"]))[:8]


def slides(court) -> list[dict]:
    """Slides in showing order: the numbers, then each brand, then honours."""
    result: list[dict[str, Any]] = [
        {"kind": "numbers", "title": f"{court.display_name}党建工作概览", "numbers": numbers(court)}
    ]
    for card in walls.court_wall(court):
        site = card.site
        if site is None or not card.has_brand:
            continue
        result.append(
            {
                "kind": "brand",
                "title": site.brand_name,
                "slogan": site.slogan,
                "branch": card.branch.name,
                "stars": card.stars or 0,
                "honours": card.honours,
                "award": f"{card.award.review.title} 第{card.award.rank}名" if card.award else "",
                "logo": site_image_url(site.logo_file_id, "medium", court_id=court.id, court_slug=court.slug),
            }
        )
    items = walls.honour_items(court)
    for start in range(0, min(len(items), HONOURS_PER_SLIDE * 3), HONOURS_PER_SLIDE):
        result.append(
            {
                "kind": "honours",
                "title": "荣誉榜",
                "honours": [
                    {
                        "title": i.title,
                        "owner": i.owner,
                        "level": i.level_label,
                        "year": i.awarded_on.year if i.awarded_on else "",
                    }
                    for i in items[start : start + HONOURS_PER_SLIDE]
                ],
            }
        )
    return result


def timing(court, requested_seconds: str | None = None) -> dict:
    settings = module_settings("showcase", court)
    seconds = settings["screen_seconds"]
    requested = parse_int(requested_seconds)
    if requested is not None:
        seconds = min(max(requested, 2), 120)  # ?seconds= for trying a pace without changing settings
    return {"seconds": seconds, "refresh_minutes": settings["screen_refresh_minutes"]}
