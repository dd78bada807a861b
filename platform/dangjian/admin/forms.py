"""Forms of the court and platform administration screens.

Choices that depend on data (branches, members, courts) are filled in by the
views from the services, so a form only ever offers objects of the right
court; the services check again before writing.
"""

from __future__ import annotations

from wtforms import (
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, Regexp, ValidationError

from ..access.roles import ASSIGNABLE_IN_COURT, ROLE_LABELS, ROLE_SCOPES
from ..auth.passwords import password_problems
from ..courts.models import COURT_LEVELS
from ..forms import ChineseForm

USERNAME_PATTERN = r"^[A-Za-z0-9._-]+$"
COURT_SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
NOT_A_CHOICE = "请从列表中选择。"


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def _check_password(password: str, username: str, names=()) -> None:
    problems = password_problems(password or "", username, names)
    if problems:
        raise ValidationError(" ".join(problems))


class UserCreateForm(ChineseForm):
    username = StringField(
        "用户名",
        validators=[
            DataRequired(message="请填写用户名。"),
            Length(min=2, max=60, message="用户名长度应为 2–60 个字符。"),
            Regexp(USERNAME_PATTERN, message="用户名只能使用英文字母、数字和 . _ - 符号。"),
        ],
        description="登录时使用，创建后不能修改。建议用姓名拼音，如 zhangsan。",
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    display_name = StringField(
        "姓名",
        validators=[DataRequired(message="请填写姓名。"), Length(max=60, message="姓名最多 60 个字符。")],
        description="显示在页面和操作日志中。",
    )
    member_id = SelectField("关联党员", coerce=_int_or_none, invalid_choice_message=NOT_A_CHOICE)
    password = PasswordField(
        "初始密码",
        validators=[DataRequired(message="请填写初始密码。")],
        description="请当面或通过内部渠道告知本人，不要写在公开的地方。",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "再次输入初始密码",
        validators=[
            DataRequired(message="请再次输入初始密码。"),
            EqualTo("password", message="两次输入的密码不一致。"),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("创建账号")

    def validate_password(self, field):
        # Checked here as well as in the service so that every problem of
        # the form shows at once, not one round trip at a time.
        _check_password(field.data, self.username.data or "", [self.display_name.data])


class UserEditForm(ChineseForm):
    display_name = StringField(
        "姓名",
        validators=[DataRequired(message="请填写姓名。"), Length(max=60, message="姓名最多 60 个字符。")],
    )
    member_id = SelectField("关联党员", coerce=_int_or_none, invalid_choice_message=NOT_A_CHOICE)
    submit = SubmitField("保存")


class PasswordResetForm(ChineseForm):
    password = PasswordField(
        "新密码",
        validators=[DataRequired(message="请填写新密码。")],
        description="可以用一句好记的话作密码。请当面或通过内部渠道告知本人。",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "再次输入新密码",
        validators=[
            DataRequired(message="请再次输入新密码。"),
            EqualTo("password", message="两次输入的密码不一致。"),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("重置密码")

    def validate_password(self, field):
        _check_password(field.data, self.account_username, self.account_names)

    def __init__(self, *args, username: str = "", names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.account_username = username
        self.account_names = names


class RoleGrantForm(ChineseForm):
    role = SelectField(
        "角色",
        default="branch_secretary",
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ASSIGNABLE_IN_COURT],
        validators=[DataRequired(message="请选择角色。")],
        invalid_choice_message=NOT_A_CHOICE,
    )
    branch_id = SelectField("党支部", coerce=_int_or_none, invalid_choice_message=NOT_A_CHOICE)
    submit = SubmitField("授予角色")

    def validate_branch_id(self, field):
        if ROLE_SCOPES.get(self.role.data) == "branch" and field.data is None:
            raise ValidationError("支部书记和宣传委员需要选择所在党支部。")


class AuditFilterForm(ChineseForm):
    """Filters of the audit log; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    action = SelectField("操作类型", validators=[Optional()], invalid_choice_message=NOT_A_CHOICE)
    username = StringField("用户", validators=[Optional(), Length(max=60)], render_kw={"placeholder": "用户名包含…"})
    date_from = DateField("开始日期", validators=[Optional()])
    date_to = DateField("结束日期", validators=[Optional()])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("结束日期不能早于开始日期。")


class PlatformAuditFilterForm(AuditFilterForm):
    court = SelectField("法院", validators=[Optional()], invalid_choice_message=NOT_A_CHOICE)


class CourtForm(ChineseForm):
    slug = StringField(
        "网址标识",
        validators=[
            DataRequired(message="请填写网址标识。"),
            Length(min=2, max=40, message="网址标识长度应为 2–40 个字符。"),
            Regexp(COURT_SLUG_PATTERN, message="只能使用小写英文字母、数字和连字符（-），且不能以连字符开头或结尾。"),
        ],
        description="出现在网址中，如 wf 对应 /wf/。创建后不能修改。",
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    name = StringField(
        "法院全称",
        validators=[DataRequired(message="请填写法院全称。"), Length(max=80, message="全称最多 80 个字符。")],
        render_kw={"placeholder": "如：安阳市文峰区人民法院"},
    )
    short_name = StringField(
        "简称",
        validators=[Optional(), Length(max=40, message="简称最多 40 个字符。")],
        description="显示在导航栏，如“文峰区法院”。可不填。",
    )
    level = SelectField(
        "层级",
        choices=[SelectChoice(value, label) for value, label in COURT_LEVELS.items()],
        invalid_choice_message=NOT_A_CHOICE,
    )
    parent_id = SelectField("上级法院", coerce=_int_or_none, invalid_choice_message=NOT_A_CHOICE)
    timezone = StringField(
        "时区",
        default="Asia/Shanghai",
        validators=[DataRequired(message="请填写时区。"), Length(max=40)],
        description="通常不需要修改。",
    )
    position = IntegerField(
        "排序",
        default=0,
        validators=[Optional(), NumberRange(min=0, max=9999, message="排序应为 0–9999 之间的整数。")],
        description="数字小的排在前面。",
    )
    submit = SubmitField("保存")
