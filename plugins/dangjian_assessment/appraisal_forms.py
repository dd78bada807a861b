"""Forms of the member appraisal.  The ballot and the branch's decisions
have one field per member, read by the services from the request; their
forms carry the CSRF token and the fields every page has."""

from __future__ import annotations

from wtforms import BooleanField, DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from dangjian.api import ChineseForm

from .appraisal_services import MAX_SELF


class RoundForm(ChineseForm):
    year = IntegerField(
        "评议年度",
        validators=[InputRequired(message="请填写评议年度（四位数字，如 2025）")],
        description="每个年度只开启一次，全院各党支部同时进行。",
    )
    title = StringField("名称", validators=[Length(max=120, message="不超过 120 个字")])
    starts_on = DateField("开始日期", validators=[InputRequired(message="请填写开始日期")])
    ends_on = DateField(
        "结束日期",
        validators=[InputRequired(message="请填写结束日期")],
        description="党员在开始至结束日期之间填写个人总结、参加投票；结束日期后支部书记评定等次。",
    )


class SelfForm(ChineseForm):
    text = TextAreaField(
        "个人总结",
        validators=[
            DataRequired(message="请填写个人总结"),
            Length(max=MAX_SELF, message=f"不超过 {MAX_SELF} 个字"),
        ],
        description="对照党员标准，从政治思想、工作业绩、作风纪律、发挥作用等方面总结本年度情况。",
    )


class VoteForm(ChineseForm):
    confirm = BooleanField(
        "我已逐一核对以上评议，提交后不能修改",
        validators=[DataRequired(message="请勾选确认后再提交")],
    )


class ActionForm(ChineseForm):
    """A button that changes something (the branch's decisions, closing): the CSRF token only."""
