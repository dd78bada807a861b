"""Plausible member records: the fields a court's roll holds (DOMAIN.md)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from .names import NameMaker

ETHNICITIES = (("汉族", 94), ("回族", 4), ("满族", 1), ("蒙古族", 1))
EDUCATIONS = (("博士研究生", 3), ("硕士研究生", 30), ("大学本科", 55), ("大学专科", 10), ("高中", 2))
CORPS_EDUCATIONS = (("大学本科", 50), ("大学专科", 40), ("高中", 10))

# Administrative posts by department kind: the head, a deputy, then staff.
POSTS = {
    "tribunal": ("庭长", "副庭长", ("审判员", "审判员", "法官助理", "法官助理", "书记员")),
    "office": ("主任", "副主任", ("一级科员", "二级主任科员", "四级主任科员", "科员")),
    "corps": ("大队长", "副大队长", ("司法警察", "司法警察", "警务技术人员")),
    "other": ("局长", "副局长", ("执行员", "法官助理", "书记员")),
}
ROADS = ("文明大道", "中华路", "人民大道", "光明路", "紫薇大道", "德隆街", "平原路", "东风路", "红旗路", "朝霞路")


def _weighted(rng: random.Random, options) -> str:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _id_number(rng: random.Random, region: str, birth: date, sex: str) -> str:
    sequence = rng.randrange(0, 500) * 2 + (1 if sex == "male" else 0)  # odd = male
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _city_prefix(district: str) -> str:
    # Urban districts are written under the city; counties stand alone.
    return f"安阳市{district}" if district.endswith("区") else district


def admin_post(kind: str, index: int, rng: random.Random) -> str:
    head, deputy, staff = POSTS.get(kind, POSTS["other"])
    if index == 0:
        return head
    if index == 1:
        return deputy
    return rng.choice(staff)


def member_fields(
    rng: random.Random,
    names: NameMaker,
    *,
    region: str,
    district: str,
    kind: str,
    index: int,
    probationary: bool,
    today: date,
) -> dict:
    """Column values for one member; dates always consistent with each other."""
    sex = "male" if rng.random() < (0.75 if kind == "corps" else 0.55) else "female"
    # Heads of departments are older on average.
    age = rng.randint(42, 57) if index < 2 else rng.randint(24, 55)
    birth = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    if probationary:
        joined = today - timedelta(days=rng.randint(30, 330))
        full = None
    else:
        earliest = _add_years(birth, 18)
        latest = today - timedelta(days=400)
        joined = earliest + timedelta(days=rng.randint(0, max((latest - earliest).days, 0)))
        full = _add_years(joined, 1)
    return {
        "name": names.make(sex),
        "sex": sex,
        "ethnicity": _weighted(rng, ETHNICITIES),
        "education": _weighted(rng, CORPS_EDUCATIONS if kind == "corps" else EDUCATIONS),
        "birth_date": birth,
        "joined_party_on": joined,
        "full_member_on": full,
        "status": "probationary" if probationary else "full",
        "admin_post": admin_post(kind, index, rng),
        "id_number": _id_number(rng, region, birth, sex),
        # A fixed, obviously fake prefix: demo data never holds a dialable number.
        "phone": f"1380000{rng.randrange(10000):04d}",
        "address": f"{_city_prefix(district)}{rng.choice(ROADS)}{rng.randint(1, 300)}号",
    }
