"""Forms of the showcase module (Chinese labels and messages)."""

from __future__ import annotations

from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from dangjian.api import ChineseForm

from .models import LEVELS

# The host's Organisation.department_kind values (dangjian.org.services keeps
# the same labels; it is not part of dangjian.api).
DEPARTMENT_KINDS = {"tribunal": "庭", "office": "室", "corps": "队", "other": "其他"}
RUBRIC_ROWS = 6
DEFAULT_RUBRIC = [("品牌定位与特色", 25), ("载体与活动", 25), ("工作成效与影响", 30), ("展示与宣传", 20)]


class ShowcaseSettings(ChineseForm):
    screen_seconds = IntegerField(
        "大屏每页停留（秒）", default=12, validators=[NumberRange(min=5, max=120, message="请填写 5 到 120 之间的整数")]
    )
    screen_refresh_minutes = IntegerField(
        "大屏数据刷新间隔（分钟）",
        default=5,
        validators=[NumberRange(min=1, max=60, message="请填写 1 到 60 之间的整数")],
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ReviewForm(ChineseForm):
    title = StringField(
        "展评名称", validators=[DataRequired(message="请填写展评名称"), Length(max=120, message="最多 120 字")]
    )
    period = StringField(
        "展评周期", validators=[Length(max=40, message="最多 40 字")], description="例如：2025 年度、2025 年上半年。"
    )
    description = TextAreaField(
        "说明",
        validators=[Length(max=2000, message="最多 2000 字")],
        description="展评要求、时间安排等，支部提交作品时可以看到。",
    )
    judge_ids = MultiCheckboxField("评委", coerce=int, validate_choice=False)
    award_places = IntegerField(
        "获奖名次",
        default=3,
        validators=[NumberRange(min=1, max=20, message="请填写 1 到 20 之间的整数")],
        description="前几名在结果发布时自动记入支部网站的荣誉墙。",
    )
    votes_enabled = BooleanField(
        "开放党员投票",
        default=False,
        description="默认关闭。开启后本院党员可为每件作品投一票，票数仅供参考，不计入评分。",
    )


class EntryForm(ChineseForm):
    summary = TextAreaField(
        "品牌介绍",
        validators=[Length(max=5000, message="最多 5000 字")],
        description="已按支部网站的品牌设置生成初稿，可以修改。品牌名称、标识等请在支部网站的品牌设置中修改。",
    )
    attachments = MultipleFileField(
        "附件（汇报材料、视频、照片）",
        description="可上传 PDF、Word、Excel、PPT、MP4/WebM 视频或图片，单个不超过 30 MB，最多 6 个。",
    )


class CourtHonourForm(ChineseForm):
    title = StringField(
        "荣誉名称", validators=[DataRequired(message="请填写荣誉名称"), Length(max=120, message="最多 120 字")]
    )
    level = SelectField("级别", choices=[SelectChoice(k, v) for k, v in LEVELS.items()], default="city")
    awarding_body = StringField("授予单位", validators=[Length(max=120, message="最多 120 字")])
    awarded_on = DateField("授予日期", validators=[Optional()], format="%Y-%m-%d")


class RatingsForm(ChineseForm):
    year = IntegerField(
        "评定年度", validators=[Optional(), NumberRange(min=2000, max=2100, message="请填写正确的年份")]
    )
