"""Dates, periods and deadlines, all in the court's local calendar.

The database keeps naive UTC timestamps (dangjian.api.utcnow); a meeting's
date is the court's wall-clock date, so "filed on time" compares local
dates: a record filed at 23:30 Beijing time on the deadline is on time even
though it is already 15:30 UTC of that day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

GRANULARITIES = {"month": "月", "quarter": "季度", "year": "年"}


def local_date(court, moment: datetime) -> date:
    """The court's calendar date of a naive-UTC timestamp."""
    return moment.replace(tzinfo=UTC).astimezone(court.zone).date()


def add_working_days(start: date, days: int) -> date:
    """``days`` working days (Monday–Friday) after ``start``.  Public
    holidays are not known to the platform; the court may lengthen the
    setting around them."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def period_key(frequency: str, day: date) -> tuple:
    if frequency == "month":
        return (day.year, day.month)
    if frequency == "quarter":
        return (day.year, (day.month - 1) // 3 + 1)
    return (day.year, 1)


def period_bounds(frequency: str, key: tuple) -> tuple[date, date]:
    """First and last day of a period."""
    year, index = key
    if frequency == "month":
        first_month, months = index, 1
    elif frequency == "quarter":
        first_month, months = (index - 1) * 3 + 1, 3
    else:
        first_month, months = 1, 12
    start = date(year, first_month, 1)
    end_month = first_month + months
    end = date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def periods_in(frequency: str, start: date, end: date) -> list[tuple]:
    """Keys of the periods of ``frequency`` whose last day falls in [start, end]."""
    keys, day = [], start
    while day <= end:
        key = period_key(frequency, day)
        _first, last = period_bounds(frequency, key)
        if start <= last <= end:
            keys.append(key)
        day = last + timedelta(days=1)
    return keys


def previous_key(frequency: str, key: tuple) -> tuple:
    first, _ = period_bounds(frequency, key)
    return period_key(frequency, first - timedelta(days=1))


def period_name(frequency: str, key: tuple) -> str:
    year, index = key
    if frequency == "month":
        return f"{year}年{index}月"
    if frequency == "quarter":
        return f"{year}年第{index}季度"
    return f"{year}年"


def current_word(frequency: str) -> str:
    return {"month": "本月", "quarter": "本季度", "year": "本年度"}[frequency]


def previous_word(frequency: str) -> str:
    return {"month": "上月", "quarter": "上季度", "year": "上年度"}[frequency]
