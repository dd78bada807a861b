"""Forms of the red-culture module (Chinese labels and messages)."""

from __future__ import annotations

from flask_wtf.file import FileField, MultipleFileField
from wtforms import DateField, DateTimeLocalField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from dangjian.api import ChineseForm

from .models import ACTIVITY_KINDS, RESOURCE_KINDS


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RedcultureSettings(ChineseForm):
    study_day_title = StringField(
        "年度学习日名称",
        default="红旗渠精神学习日",
        validators=[DataRequired(message="请填写学习日名称"), Length(max=40, message="不超过 40 个字")],
        description="新建学习日时预填的标题。",
    )


class BaseForm(ChineseForm):
    name = StringField(
        "基地名称", validators=[DataRequired(message="请填写基地名称"), Length(max=100, message="不超过 100 个字")]
    )
    place = StringField("地点", validators=[Length(max=200, message="不超过 200 个字")])
    themes = StringField(
        "教育主题",
        validators=[Length(max=200, message="不超过 200 个字")],
        description="多个主题用逗号或顿号分开，如：红旗渠精神、艰苦奋斗",
    )
    description = TextAreaField("基地介绍", validators=[Length(max=5000, message="不超过 5000 个字")])
    visiting_notes = TextAreaField(
        "参观须知",
        validators=[Length(max=3000, message="不超过 3000 个字")],
        description="开放时间、预约方式、讲解安排、交通等",
    )
    photos = MultipleFileField("添加照片", description="JPEG、PNG、GIF 或 WebP，每张不超过 10 MB")


class ResourceForm(ChineseForm):
    title = StringField(
        "标题", validators=[DataRequired(message="请填写标题"), Length(max=120, message="不超过 120 个字")]
    )
    kind = SelectField("类型", choices=choices(RESOURCE_KINDS.items()))
    themes = StringField(
        "主题标签", validators=[Length(max=200, message="不超过 200 个字")], description="多个主题用逗号或顿号分开"
    )
    summary = StringField("简介", validators=[Length(max=300, message="不超过 300 个字")])
    base_id = SelectField("相关教育基地", coerce=int, default=0)
    body_html = TextAreaField(
        "正文", validators=[Length(max=50000, message="正文太长")], description="红色故事的正文；可使用简单的 HTML 排版"
    )
    link_url = StringField(
        "链接地址",
        validators=[Optional(), URL(message="请填写完整的网址，如 https://…"), Length(max=500, message="网址太长")],
    )
    upload = FileField("上传文件", description="文档：PDF、Word、Excel、PPT；视频：MP4 或 WebM，不超过 30 MB")

    def validate_link_url(self, field):
        if self.kind.data == "link" and not (field.data or "").strip():
            raise ValidationError("外部链接请填写网址")

    def validate_body_html(self, field):
        if self.kind.data == "story" and not (field.data or "").strip():
            raise ValidationError("请填写故事正文")


class ActivityForm(ChineseForm):
    kind = SelectField("活动类型", choices=choices(ACTIVITY_KINDS.items()))
    title = StringField(
        "活动名称", validators=[DataRequired(message="请填写活动名称"), Length(max=120, message="不超过 120 个字")]
    )
    held_on = DateField("活动日期", validators=[DataRequired(message="请选择活动日期")])
    base_id = SelectField("教育基地", coerce=int, default=0)
    place = StringField(
        "其他地点", validators=[Length(max=200, message="不超过 200 个字")], description="不在已登记的教育基地时填写"
    )
    branch_ids = MultiCheckboxField(
        "组织支部", coerce=int, description="可选多个支部联合开展；不选表示由机关党委组织、全院党员参加"
    )
    description = TextAreaField("活动安排", validators=[Length(max=5000, message="不超过 5000 个字")])
    signup_deadline = DateTimeLocalField(
        "报名截止时间",
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description="填写后党员可以自行报名，截止后不能再报名或取消",
    )
    summary = TextAreaField("活动总结", validators=[Length(max=10000, message="不超过 10000 个字")])

    def validate_signup_deadline(self, field):
        if field.data is not None and self.held_on.data is not None and field.data.date() > self.held_on.data:
            raise ValidationError(f"报名截止时间不能晚于活动日期（{self.held_on.data:%Y-%m-%d}），请改到活动当天或之前")

    def validate_base_id(self, field):
        if not field.data and not (self.place.data or "").strip():
            raise ValidationError("请选择教育基地或填写活动地点")


class PhotoForm(ChineseForm):
    photos = MultipleFileField("活动照片", description="JPEG、PNG、GIF 或 WebP，每张不超过 10 MB")
    caption = StringField("照片说明", validators=[Length(max=100, message="不超过 100 个字")])


class ReflectionForm(ChineseForm):
    reflection = TextAreaField(
        "我的心得体会",
        validators=[
            DataRequired(message="请写下心得体会"),
            Length(min=10, max=3000, message="心得在 10 到 3000 字之间"),
        ],
    )
