"""The announcement form: Chinese messages beside every field."""

from __future__ import annotations

from datetime import date

from flask_wtf.file import MultipleFileField
from wtforms import DateField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import ChineseForm
from ..inputs import MAX_YEAR
from .models import SCOPES

TITLE_MAX = 120
BODY_MAX = 20000
CHOICE_MESSAGE = "选项无效，请重新选择。"
DATE_FORMAT_MESSAGE = "日期格式不正确，请按“年-月-日”填写，如 2026-06-30。"


class ScopeField(RadioField):
    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError as error:
            raise ValidationError("请选择发送范围。") from error


class BranchesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AnnouncementForm(ChineseForm):
    title = StringField(
        "标题",
        validators=[
            DataRequired(message="请填写标题。"),
            Length(max=TITLE_MAX, message=f"标题不能超过 {TITLE_MAX} 个字。"),
        ],
    )
    body = TextAreaField(
        "正文",
        validators=[
            Length(max=BODY_MAX, message=f"正文不能超过 {BODY_MAX} 个字，较长的材料请作为附件上传。"),
        ],
        description="每一行是一段；较长的文件、表格请作为附件上传。",
    )
    scope = ScopeField("发送范围", default="court")
    branch_ids = BranchesField(
        "选择党支部",
        coerce=int,
        default=(),
        invalid_value_message=CHOICE_MESSAGE,
        invalid_choice_message=CHOICE_MESSAGE,
    )
    ack_deadline = DateField(
        "确认截止日期",
        validators=[Optional()],
        invalid_value_message=DATE_FORMAT_MESSAGE,
        description="需要收件人点击“确认已阅”时填写；到期前未确认的人会在“我的待办”中看到提醒。不需要确认就留空。",
    )
    attachments = MultipleFileField(
        "附件", description="可多选：PDF、Word、Excel、PowerPoint 或图片，每个不超过 20 MB，最多 10 个。"
    )

    def __init__(
        self,
        *args,
        court,
        branches,
        today: date,
        current_deadline: date | None = None,
        scope_locked: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        from .services import may_address_courts_below

        self.today = today
        self.current_deadline = current_deadline
        self.scope_locked = scope_locked
        scopes = ["court", "branches"] + (["courts_below"] if may_address_courts_below(court) else [])
        self.scope.choices = [SelectChoice(value, SCOPES[value]) for value in scopes]
        self.branch_ids.choices = [SelectChoice(branch.id, branch.name) for branch in branches]
        self.below_count = len(court.children) if "courts_below" in scopes else 0

    def validate_title(self, field):
        field.data = (field.data or "").strip()
        if not field.data:
            raise ValidationError("请填写标题。")

    def validate_body(self, field):
        field.data = (field.data or "").replace("\r\n", "\n").strip()

    def validate_branch_ids(self, field):
        if self.scope.data == "branches" and not field.data and not self.scope_locked:
            raise ValidationError("发送给选定支部时，请至少勾选一个党支部。")

    def validate_ack_deadline(self, field):
        value = field.data
        if value is None:
            return
        if value == self.current_deadline:
            return  # unchanged: an earlier deadline may have passed since
        if value < self.today:
            raise ValidationError(f"截止日期不能早于今天（{self.today:%Y-%m-%d}）。")
        if value.year > MAX_YEAR:
            raise ValidationError(f"截止日期不能晚于 {MAX_YEAR} 年。")
