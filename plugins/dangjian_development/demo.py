"""Demo candidates in several stages (fictional people), in the 中院's branches only."""

from __future__ import annotations

from datetime import date, timedelta

from dangjian.api import active_branches, court_today, db

from . import services
from .models import Candidate

# name, sex, birth year, how far along (steps by code), days ago the application came in
PEOPLE = (
    ("宋雨桐", "female", 1999, ("apply",), 12),
    ("郭子健", "male", 1997, ("apply", "talk", "recommend", "activist", "contact", "training"), 200),
    ("孟思远", "male", 1996, ("apply", "talk", "recommend", "activist", "contact", "assess", "target", "review"), 520),
    (
        "韩静怡",
        "female",
        1995,
        (
            "apply",
            "talk",
            "recommend",
            "activist",
            "contact",
            "assess",
            "target",
            "review",
            "central_training",
            "prereview",
            "publicity",
            "admit",
            "approve",
            "oath",
        ),
        800,  # admitted some 300 days ago: conversion due within the quarter
    ),
)

# Days after the application each step was done (a plausible, rule-abiding path).
OFFSETS = {
    "apply": 0,
    "talk": 20,
    "recommend": 60,
    "activist": 75,
    "contact": 80,
    "training": 120,
    "assess": 255,
    "target": 450,
    "review": 470,
    "central_training": 480,
    "prereview": 490,
    "publicity": 495,
    "admit": 505,
    "approve": 520,
    "oath": 530,
}


def add_demo_data(court) -> None:
    if court.parent_id is not None:
        return
    branches = active_branches(court)
    if not branches:
        return
    services.ensure_steps(court)
    steps = {s.code: s for s in services.steps(court)}
    today = court_today(court)
    for index, (name, sex, born, codes, days_ago) in enumerate(PEOPLE):
        branch = branches[index % len(branches)]
        candidate = Candidate(
            court_id=court.id,
            branch_id=branch.id,
            name=name,
            sex=sex,
            birth_date=date(born, 3 + index, 10),
            education=("大学本科", "硕士研究生")[index % 2],
            department=branch.department or branch.name.removesuffix("党支部"),
            contact_person="林晓彤、周立言" if "contact" in codes else "",
        )
        db.session.add(candidate)
        db.session.flush()
        applied = today - timedelta(days=days_ago)
        for code in codes:
            services.record_step(court, candidate, steps[code], applied + timedelta(days=OFFSETS[code]), "", None)
