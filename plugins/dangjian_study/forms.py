"""Forms of the study module, with Chinese labels and messages."""

from __future__ import annotations

import re

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from dangjian.api import ChineseForm

from .models import MATERIAL_KINDS, SCOPES


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def values_of(field) -> set:
    return {choice.value for choice in field.choices}


HOURS = [NumberRange(min=0.5, max=8, message="学时在 0.5 到 8 小时之间")]


class StudySettings(ChineseForm):
    member_hours = IntegerField(
        "党员年度学时目标（小时）",
        default=32,
        validators=[NumberRange(min=1, max=500, message="请填写 1 到 500 之间的整数")],
    )
    leader_hours = IntegerField(
        "支部书记、委员年度学时目标（小时）",
        default=56,
        validators=[NumberRange(min=1, max=500, message="请填写 1 到 500 之间的整数")],
        description="党内职务含“书记”或“委员”的党员按此目标统计。",
    )
    reflection_min_length = IntegerField(
        "学习心得最少字数",
        default=30,
        validators=[NumberRange(min=0, max=2000, message="请填写 0 到 2000 之间的整数")],
        description="填 0 表示心得可以不写。",
    )
    points_enabled = BooleanField(
        "启用学习积分和排行", default=False, description="默认关闭。积分只按打卡和心得计算，不统计在线时长或登录次数。"
    )
    points_per_checkin = IntegerField(
        "每次打卡积分", default=1, validators=[NumberRange(min=0, max=100, message="请填写 0 到 100 之间的整数")]
    )
    points_per_reflection = IntegerField(
        "每篇心得积分", default=1, validators=[NumberRange(min=0, max=100, message="请填写 0 到 100 之间的整数")]
    )
    points_daily_cap = IntegerField(
        "每日积分上限",
        default=3,
        validators=[NumberRange(min=0, max=1000, message="请填写 0 到 1000 之间的整数")],
        description="填 0 表示不设上限。",
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MaterialForm(ChineseForm):
    title = StringField(
        "标题", validators=[DataRequired(message="请填写标题"), Length(max=120, message="标题不超过 120 字")]
    )
    kind = SelectField("资料类型", choices=choices(MATERIAL_KINDS.items()))
    body_html = TextAreaField("正文", description="可直接粘贴 Word/WPS 中的内容，格式会被安全处理。")
    link_url = StringField(
        "链接地址",
        validators=[
            Optional(),
            URL(message="请填写以 http:// 或 https:// 开头的完整网址"),
            Length(max=500, message="网址太长"),
        ],
    )
    upload = FileField("上传文件", description="文档：PDF、Word、Excel、PPT；视频：MP4、WebM。")
    scope = SelectField("学习对象", choices=choices(SCOPES.items()))
    branch_ids = MultiCheckboxField("党支部", coerce=int, validate_choice=False)
    group_id = SelectField("党小组", coerce=int, validate_choice=False, default=0)
    hours = DecimalField(
        "计入学时（小时）", places=1, default=1, validators=[InputRequired(message="请填写学时"), *HOURS]
    )
    due_on = DateField("完成期限", validators=[Optional()], description="可不填。")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        # Optional() ends the URL field's own chain when it is empty, so the
        # "a link needs a URL" rule lives here.
        if self.kind.data == "link" and not (self.link_url.data or "").strip():
            self.link_url.errors = [*self.link_url.errors, "外部链接类资料请填写链接地址"]
            valid = False
        return valid

    def validate_branch_ids(self, field):
        allowed = values_of(field)
        if self.scope.data == "branches":
            if not field.data:
                raise ValidationError("请至少选择一个党支部")
            if not set(field.data) <= allowed:
                raise ValidationError("只能选择您负责的党支部")

    def validate_group_id(self, field):
        if self.scope.data == "group" and field.data not in values_of(field) - {0}:
            raise ValidationError("请选择党小组")

    def validate_scope(self, field):
        if field.data not in values_of(field):
            raise ValidationError("只能发布给您负责的党组织")


class CheckinForm(ChineseForm):
    topic = StringField("学习内容", validators=[Length(max=120, message="不超过 120 字")])
    studied_on = DateField("学习日期", validators=[DataRequired(message="请选择学习日期")])
    hours = DecimalField(
        "学习时长（小时）", places=1, default=0.5, validators=[InputRequired(message="请填写学习时长"), *HOURS]
    )
    reflection = TextAreaField("学习心得", validators=[Length(max=5000, message="心得不超过 5000 字")])


class SessionForm(ChineseForm):
    held_on = DateField("学习日期", validators=[DataRequired(message="请选择日期")])
    topic = StringField(
        "学习主题", validators=[DataRequired(message="请填写学习主题"), Length(max=120, message="不超过 120 字")]
    )
    hours = DecimalField("学时（小时）", places=1, default=2, validators=[InputRequired(message="请填写学时"), *HOURS])
    attendees = MultiCheckboxField("参加人员", coerce=int, validate_choice=False)

    def validate_attendees(self, field):
        if not field.data:
            raise ValidationError("请勾选参加学习的党员")
        if not set(field.data) <= values_of(field):
            raise ValidationError("只能勾选本支部名册中的党员")


MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class PlanForm(ChineseForm):
    branch_id = SelectField("党支部", coerce=int, validate_choice=False)
    month = StringField("月份", validators=[DataRequired(message="请选择月份")], description="例如 2025-03")
    note = TextAreaField("学习安排说明", validators=[Length(max=5000, message="不超过 5000 字")])
    sessions_text = TextAreaField(
        "集中学习安排",
        validators=[Length(max=3000, message="不超过 3000 字")],
        description="每行一项，例如：3月12日 集中学习党章",
    )
    material_ids = MultiCheckboxField("学习资料", coerce=int, validate_choice=False)

    def validate_month(self, field):
        if not MONTH.match(field.data or ""):
            raise ValidationError("月份格式为 年-月，例如 2025-03")

    def validate_branch_id(self, field):
        if field.data not in values_of(field):
            raise ValidationError("请选择您负责的党支部")

    def validate_material_ids(self, field):
        if not set(field.data or []) <= values_of(field):
            raise ValidationError("请选择列表中的资料")
