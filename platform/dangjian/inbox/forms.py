"""The 通知设置 form: one's own e-mail address and how mail should come."""

from __future__ import annotations

import re

from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from ..forms import ChineseForm

EMAIL_PREFERENCES = {
    "none": "不发邮件（只在平台内查看）",
    "immediate": "每条通知即时发送邮件",
    "daily": "每天汇总发送一封邮件",
}
# Deliberately plain: intranet addresses like wang@fy.ay may have any
# domain; what matters is one "@", no spaces and a sane length.
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")


class NotificationSettingsForm(ChineseForm):
    email = StringField("电子邮箱", validators=[Length(max=254, message="邮箱地址最长 254 个字符")])
    notify_email = RadioField(
        "邮件提醒",
        choices=[SelectChoice(value, label) for value, label in EMAIL_PREFERENCES.items()],
        default="none",
        validate_choice=True,
    )

    def validate_email(self, field) -> None:
        field.data = (field.data or "").strip()
        if field.data and not EMAIL_PATTERN.fullmatch(field.data):
            raise ValidationError("请填写有效的电子邮箱地址，例如 zhangsan@court.example")

    def validate_notify_email(self, field) -> None:
        if field.data != "none" and not (self.email.data or "").strip():
            raise ValidationError("选择邮件提醒前，请先填写电子邮箱地址。")
