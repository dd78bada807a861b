from __future__ import annotations

from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..forms import ChineseForm
from .models import SCOPES
from .services import NAME_MAX

LIFETIMES = [
    SelectChoice(30, "30 天"),
    SelectChoice(90, "90 天"),
    SelectChoice(180, "180 天"),
    SelectChoice(365, "1 年"),
]


class TokenForm(ChineseForm):
    name = StringField(
        "令牌名称",
        validators=[DataRequired("请填写令牌名称。"), Length(max=NAME_MAX, message=f"令牌名称最多 {NAME_MAX} 个字。")],
        description="写明用在哪里，例如“手机 APP”“考勤系统对接”。",
    )
    scope = RadioField(
        "权限",
        choices=[SelectChoice(value, label) for value, label in SCOPES.items()],
        default="read",
        validators=[DataRequired("请选择令牌权限。")],
        description="只读令牌只能查询；读写令牌还能打卡、标记已读等。",
    )
    days = SelectField("有效期", choices=LIFETIMES, default=90, coerce=int, validate_choice=True)
