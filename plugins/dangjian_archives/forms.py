"""Forms, with Chinese labels and messages."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, DecimalField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from dangjian.api import ChineseForm

from .defaults import ELEMENTS, FREQUENCIES


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the options of a select field."""
    return [SelectChoice(value, label) for value, label in pairs]


class ArchivesSettings(ChineseForm):
    filing_days = IntegerField(
        "会后报送期限（工作日）", default=3, validators=[NumberRange(min=1, max=30, message="请填写 1 到 30 个工作日")]
    )
    reminder_days = IntegerField(
        "提前提醒天数", default=15, validators=[NumberRange(min=1, max=60, message="请填写 1 到 60 天")]
    )
    upload_max_mb = IntegerField(
        "单个档案文件大小上限（MB）", default=20, validators=[NumberRange(min=1, max=30, message="请填写 1 到 30 MB")]
    )


def _required(label):
    return DataRequired(message=f"请填写{label}")


class MeetingForm(ChineseForm):
    branch_id = SelectField("党组织", coerce=int, validators=[DataRequired(message="请选择党组织")])
    type_id = SelectField("会议类型", coerce=int, validators=[DataRequired(message="请选择会议类型")])
    title = StringField("会议主题", validators=[_required("会议主题"), Length(max=200, message="主题不超过 200 字")])
    held_on = DateField("召开日期", validators=[DataRequired(message="请填写召开日期（年-月-日）")])
    start_time = StringField(
        "开始时间", validators=[Optional(), Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message="时间格式如 14:30")]
    )
    hours = DecimalField(
        "时长（小时）",
        places=1,
        validators=[Optional(), NumberRange(min=0.5, max=8, message="时长在 0.5 到 8 小时之间")],
    )
    place = StringField("地点", validators=[Length(max=100, message="地点不超过 100 字")])
    chair = StringField("主持人", validators=[Length(max=40, message="不超过 40 字")])
    recorder = StringField("记录人", validators=[Length(max=40, message="不超过 40 字")])
    lecturer = StringField("授课人（党课）", validators=[Length(max=40, message="不超过 40 字")])
    nonvoting_others = StringField("其他列席人员（非本支部）", validators=[Length(max=200, message="不超过 200 字")])
    agenda = TextAreaField("会议议程", validators=[Length(max=5000, message="不超过 5000 字")])
    minutes = TextAreaField("会议内容（记录）", validators=[Length(max=50000, message="不超过 50000 字")])
    resolutions = TextAreaField("决议、决定事项", validators=[Length(max=10000, message="不超过 10000 字")])

    # The court's local date, set by the view: a record is of a meeting
    # already held; meetings still to come belong in the plan.
    today = None
    # Meeting types whose attendees are credited with study hours, set by the view.
    study_type_ids: frozenset = frozenset()

    def validate(self, extra_validators=None):
        # Not a validate_hours method: Optional() ends the field's chain when it is empty.
        valid = super().validate(extra_validators)
        if self.type_id.data in self.study_type_ids and self.hours.data is None and not self.hours.errors:
            self.hours.errors = [*self.hours.errors, "党课请填写时长：出席的党员按此计入学习时长"]
            return False
        return valid

    def validate_held_on(self, field):
        if self.today is not None and field.data is not None and field.data > self.today:
            raise ValidationError(
                f"召开日期不能晚于今天（{self.today:%Y-%m-%d}）。会议开过后再填写记录；尚未召开的会议请列入会议计划。"
            )


class ReturnForm(ChineseForm):
    reason = TextAreaField(
        "驳回原因", validators=[DataRequired(message="请写明驳回原因"), Length(max=300, message="不超过 300 字")]
    )


class AttachmentForm(ChineseForm):
    role = SelectField(
        "附件类型",
        choices=choices([("signin", "签到表"), ("minutes", "会议记录原件"), ("photo", "活动照片"), ("other", "其他")]),
    )
    upload = FileField("文件", validators=[FileRequired(message="请选择要上传的文件")])


class PlanForm(ChineseForm):
    branch_id = SelectField("党组织", coerce=int, validators=[DataRequired(message="请选择党组织")])
    year = IntegerField("年度", validators=[NumberRange(min=2000, max=2100, message="请填写正确的年份")])
    quarter = SelectField(
        "季度",
        coerce=int,
        choices=choices([(0, "全年计划"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")]),
    )
    month = IntegerField("计划月份", validators=[Optional(), NumberRange(min=1, max=12, message="月份为 1 到 12")])
    type_id = SelectField("会议类型", coerce=int, validators=[DataRequired(message="请选择会议类型")])
    theme = StringField("主题", validators=[_required("主题"), Length(max=200, message="主题不超过 200 字")])
    lecturer = StringField("授课人（党课）", validators=[Length(max=40, message="不超过 40 字")])


class DocumentForm(ChineseForm):
    branch_id = SelectField("党组织", coerce=int, validators=[DataRequired(message="请选择党组织")])
    year = IntegerField("年度", validators=[NumberRange(min=1949, max=2100, message="请填写正确的年份")])
    category_id = SelectField("类别", coerce=int, validators=[DataRequired(message="请选择类别")])
    title = StringField("标题", validators=[_required("标题"), Length(max=200, message="标题不超过 200 字")])
    description = TextAreaField("说明", validators=[Length(max=2000, message="不超过 2000 字")])
    upload = FileField("文件（PDF、Word、Excel、PPT 或图片）", validators=[FileRequired(message="请选择要上传的文件")])


class TypeForm(ChineseForm):
    name = StringField("名称", validators=[_required("名称"), Length(max=40, message="不超过 40 字")])
    frequency = SelectField("召开频次", choices=choices(FREQUENCIES.items()))
    elements = SelectMultipleField(
        "记录必备要素（系统按记录内容自动核对）",
        choices=choices(ELEMENTS.items()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    custom_elements = TextAreaField(
        "其他要求（每行一项，由记录人逐项确认）", validators=[Length(max=3000, message="不超过 3000 字")]
    )


class CategoryForm(ChineseForm):
    name = StringField("类别名称", validators=[_required("类别名称"), Length(max=40, message="不超过 40 字")])
    retention_years = IntegerField(
        "保管期限（年，0 为永久）", default=0, validators=[NumberRange(min=0, max=100, message="请填写 0 到 100")]
    )


class HandoverForm(ChineseForm):
    branch_id = SelectField("党组织", coerce=int, validators=[DataRequired(message="请选择党组织")])
    handed_on = DateField("交接日期", validators=[DataRequired(message="请填写交接日期")])
    post = StringField(
        "岗位", validators=[_required("岗位（如 支部书记、组织委员）"), Length(max=40, message="不超过 40 字")]
    )
    from_name = StringField("移交人", validators=[_required("移交人"), Length(max=40, message="不超过 40 字")])
    to_name = StringField("接收人", validators=[_required("接收人"), Length(max=40, message="不超过 40 字")])
    items = TextAreaField("移交清单", validators=[_required("移交清单"), Length(max=5000, message="不超过 5000 字")])


class BundleForm(ChineseForm):
    branch_id = SelectField("党组织", coerce=int, validators=[DataRequired(message="请选择党组织")])
    year = IntegerField("年度", validators=[NumberRange(min=2000, max=2100, message="请填写正确的年份")])
