"""Forms for signing in, changing the password and confirming identity."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length


def _remember_label() -> str:
    days = current_app.config["REMEMBER_COOKIE_DURATION"].days
    return f"记住我（{days}天）"


class LoginForm(FlaskForm):
    username = StringField(
        "用户名",
        validators=[DataRequired(message="请输入用户名。"), Length(max=60, message="用户名最多 60 个字符。")],
        render_kw={"autocomplete": "username", "autocapitalize": "off", "spellcheck": "false"},
    )
    password = PasswordField(
        "密码",
        validators=[DataRequired(message="请输入密码。"), Length(max=256, message="密码过长。")],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("记住我")
    next = HiddenField()
    submit = SubmitField("登录")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.remember.label.text = _remember_label()


class ReauthForm(FlaskForm):
    password = PasswordField(
        "密码",
        validators=[DataRequired(message="请输入密码。"), Length(max=256, message="密码过长。")],
        render_kw={"autocomplete": "current-password", "autofocus": True},
    )
    next = HiddenField()
    submit = SubmitField("确认")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "当前密码",
        validators=[DataRequired(message="请输入当前密码。")],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "新密码",
        validators=[DataRequired(message="请输入新密码。")],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "再次输入新密码",
        validators=[
            DataRequired(message="请再次输入新密码。"),
            EqualTo("new_password", message="两次输入的新密码不一致。"),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("修改密码")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        self.new_password.description = (
            f"至少 {minimum} 个字符，不要求字母、数字、符号的组合；用一句自己好记、别人猜不到的话最好。"
        )
