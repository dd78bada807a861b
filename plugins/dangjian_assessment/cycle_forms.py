"""Forms of the yearly cycle.  The scoring sheets have one field per item,
read by the services from the request; their forms carry the CSRF token
and the fields every sheet has."""

from __future__ import annotations

from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from dangjian.api import ChineseForm

from .scorecard import PointsError, parse_points

NOTICE_DAYS = NumberRange(min=1, max=30, message="公示天数应为 1 至 30 天")


class AssessmentSettings(ChineseForm):
    """The court's defaults for a new assessment (功能模块 → 设置)."""

    notice_days = IntegerField(
        "公示天数",
        default=5,
        validators=[InputRequired(message="请填写公示天数"), NOTICE_DAYS],
        description="考评结果评定后在内网公示的天数，公示期满且异议均已答复后方可发布。",
    )
    star5_min = IntegerField(
        "五星级分数线（百分制）",
        default=90,
        validators=[InputRequired(message="请填写分数线"), NumberRange(min=0, max=100, message="应为 0 至 100 分")],
    )
    star5_innovation = BooleanField("五星级须有创新项目", default=True)
    star4_min = IntegerField(
        "四星级分数线（百分制）",
        default=80,
        validators=[InputRequired(message="请填写分数线"), NumberRange(min=0, max=100, message="应为 0 至 100 分")],
    )
    star3_min = IntegerField(
        "三星级分数线（百分制）",
        default=70,
        validators=[InputRequired(message="请填写分数线"), NumberRange(min=0, max=100, message="应为 0 至 100 分")],
    )
    star2_min = IntegerField(
        "二星级分数线（百分制）",
        default=60,
        validators=[InputRequired(message="请填写分数线"), NumberRange(min=0, max=100, message="应为 0 至 100 分")],
        description="低于二星级分数线的为一星级。满分不是 100 分的标准按比例换算。",
    )


class Threshold:
    """A star threshold typed in points (two decimals at most)."""

    def __call__(self, form, field):
        try:
            field.points = parse_points(field.data, 10000, what="分数线")
        except PointsError as error:
            field.points = None
            raise ValidationError(str(error)) from None
        if field.points is None:
            raise ValidationError("请填写分数线。")


class OpenForm(ChineseForm):
    title = StringField(
        "考评名称",
        validators=[DataRequired(message="请填写考评名称"), Length(max=120, message="不超过 120 个字")],
    )
    period_start = DateField("开始日期", validators=[InputRequired(message="请填写开始日期")])
    period_end = DateField("结束日期", validators=[InputRequired(message="请填写结束日期")])
    self_due = DateField("自评截止日期", validators=[Optional()])
    review_due = DateField("评审截止日期", validators=[Optional()])
    notice_days = IntegerField("公示天数", validators=[InputRequired(message="请填写公示天数"), NOTICE_DAYS])
    star5_min = StringField("五星级分数线", validators=[Threshold()])
    star5_innovation = BooleanField("五星级须有创新项目")
    star4_min = StringField("四星级分数线", validators=[Threshold()])
    star3_min = StringField("三星级分数线", validators=[Threshold()])
    star2_min = StringField("二星级分数线", validators=[Threshold()], description="低于二星级分数线的为一星级。")

    def thresholds(self) -> dict[str, dict]:
        values: dict[str, dict] = {
            level: {"min": getattr(self, f"star{level}_min").points} for level in ("5", "4", "3", "2")
        }
        values["5"]["innovation"] = bool(self.star5_innovation.data)
        return values


class SheetForm(ChineseForm):
    innovation = StringField(
        "创新项目",
        validators=[Length(max=200, message="不超过 200 个字")],
        description="本支部本年度的党建创新项目（评五星级须有创新项目）。",
    )


class ActionForm(ChineseForm):
    """A button that changes something: the CSRF token only."""


class ReviewerForm(ChineseForm):
    username = StringField(
        "评审人用户名",
        validators=[DataRequired(message="请填写用户名"), Length(max=60, message="不超过 60 个字")],
        description="本院的账号。评审人不评审本人所在支部。",
    )


class ObjectionForm(ChineseForm):
    entry_id = SelectField("对哪个支部的结果", coerce=int, validate_choice=True)
    text = TextAreaField(
        "异议内容",
        validators=[DataRequired(message="请写明异议的内容和理由"), Length(max=1000, message="不超过 1000 个字")],
    )


class AnswerForm(ChineseForm):
    answer = TextAreaField(
        "答复", validators=[DataRequired(message="请填写答复"), Length(max=2000, message="不超过 2000 个字")]
    )


class _Slot:
    def __init__(self, store: dict, name: str):
        self.store, self.name = store, name

    @property
    def errors(self) -> list[str]:
        return self.store.get(self.name, [])

    @errors.setter
    def errors(self, messages: list[str]) -> None:
        self.store[self.name] = list(messages)


class SheetErrors:
    """Lets ``show_refusal`` put a sheet's reasons beside its items: the
    per-item names (``points-12``) are fields here, the rest go to
    ``form``."""

    PREFIXES = ("points-", "occurrences-", "note-", "file-", "review-", "reason-")

    def __init__(self, form) -> None:
        self.form = form
        self.items: dict[str, list[str]] = {}

    def __contains__(self, name) -> bool:
        return name in self.form or str(name).startswith(self.PREFIXES)

    def __getitem__(self, name):
        return self.form[name] if name in self.form else _Slot(self.items, name)

    def get(self, name) -> list[str]:
        return self.items.get(name, [])
