"""Form base shared by every feature.

Every form built on :class:`ChineseForm` refuses, before its own validators
run, numbers and dates no field of this platform can mean: integers beyond a
database INTEGER, NaN and infinity, dates outside 1900–2100 (a year-1 date
overflows time-zone arithmetic; a 20-digit id overflows PostgreSQL).  The
field gets a Chinese message and the view re-renders the form.
"""

import math
from datetime import date, datetime
from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.meta import DefaultMeta

from .inputs import MAX_INT, MAX_YEAR, MIN_YEAR

MAX_DECIMAL = 10**9
DATE_MESSAGE = f"日期超出范围，请填写 {MIN_YEAR} 年至 {MAX_YEAR} 年之间的日期"
NUMBER_MESSAGE = "请填写有效的数字"
RANGE_MESSAGE = "数值超出范围"


def out_of_bounds(value) -> str | None:
    """Why ``value`` (a field's data) cannot be right, or None."""
    if isinstance(value, (list, tuple, set)):
        return next((problem for item in value if (problem := out_of_bounds(item))), None)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return RANGE_MESSAGE if abs(value) > MAX_INT else None
    if isinstance(value, (float, Decimal)):
        if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):  # sNaN: no float()
            return NUMBER_MESSAGE
        return RANGE_MESSAGE if not -MAX_DECIMAL <= value <= MAX_DECIMAL else None
    if isinstance(value, (date, datetime)):
        return DATE_MESSAGE if not MIN_YEAR <= value.year <= MAX_YEAR else None
    return None


class ChineseForm(FlaskForm):
    """WTForms' own messages (invalid choice, date, integer) in Chinese,
    without needing Flask-Babel."""

    class Meta:
        locales = ("zh",)

        def get_translations(self, form):
            return DefaultMeta.get_translations(self, form)

    def process(self, *args, **kwargs):
        super().process(*args, **kwargs)
        for field in self:
            # WTForms leaves a text field that was not posted at None; views call .strip() on text fields, so a
            # hand-made request without the field would be a 500.
            if isinstance(field, StringField) and field.data is None:
                field.data = ""
            problem = out_of_bounds(field.data) if field.raw_data else None
            if problem:
                # Refused before any view reads the value (some fill choices from it before validating) and
                # before the field's own validators compute with it; the page still shows what was typed.
                field.data = None
                field.validate = _refusal(field, problem)


def _refusal(field, message: str):
    def validate(form, extra_validators=()):
        field.errors = [message]
        return False

    return validate
