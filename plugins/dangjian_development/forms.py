"""Forms of the development module (Chinese labels and messages)."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from dangjian.api import ChineseForm

from .models import EDUCATIONS, SEXES, STAGES


class DevelopmentSettings(ChineseForm):
    warn_days = IntegerField(
        "提前提醒天数",
        default=14,
        validators=[NumberRange(min=1, max=90, message="填写 1 到 90 天")],
        description="谈话、半年考察和按期转正在期限前多少天进入待办。",
    )


class CandidateForm(ChineseForm):
    name = StringField(
        "姓名", validators=[DataRequired(message="请填写姓名"), Length(max=40, message="不超过 40 个字")]
    )
    branch_id = SelectField("所在党支部", coerce=int, validate_choice=True)
    sex = SelectField(
        "性别", choices=[SelectChoice("", "（未填）"), *(SelectChoice(k, v) for k, v in SEXES.items())], default=""
    )
    birth_date = DateField("出生日期", validators=[Optional()])
    education = SelectField(
        "学历", choices=[SelectChoice("", "（未填）"), *(SelectChoice(e, e) for e in EDUCATIONS)], default=""
    )
    department = StringField("工作部门", validators=[Length(max=80, message="不超过 80 个字")])
    contact_person = StringField(
        "培养联系人", validators=[Length(max=60, message="不超过 60 个字")], description="一至两名正式党员，用顿号分开"
    )
    username = StringField(
        "本人账号",
        validators=[Length(max=80, message="不超过 80 个字")],
        description="填写本人在平台的用户名后，本人可以查看自己的入党档案。",
    )
    note = TextAreaField("备注", validators=[Length(max=2000, message="不超过 2000 个字")])


class NewCandidateForm(CandidateForm):
    applied_on = DateField(
        "递交入党申请书日期", validators=[DataRequired(message="请填写递交入党申请书的日期（格式：年-月-日）")]
    )


class StepForm(ChineseForm):
    step_id = SelectField("环节", coerce=int, validate_choice=True)
    done_on = DateField("完成日期", validators=[DataRequired(message="请填写完成日期（格式：年-月-日）")])
    note = StringField("说明", validators=[Length(max=500, message="不超过 500 个字")])


class UploadForm(ChineseForm):
    title = StringField(
        "材料名称", validators=[DataRequired(message="请填写材料名称"), Length(max=120, message="不超过 120 个字")]
    )
    upload = FileField("文件", description="PDF、Word、Excel 或 PPT，不超过 20 MB")


class StepEditForm(ChineseForm):
    title = StringField(
        "环节名称", validators=[DataRequired(message="请填写环节名称"), Length(max=60, message="不超过 60 个字")]
    )
    stage = SelectField("所属阶段", choices=[SelectChoice(k, v) for k, v in STAGES.items()])
    position = IntegerField(
        "排序", validators=[DataRequired(message="请填写排序号"), NumberRange(min=1, max=9999, message="1 到 9999")]
    )
    repeatable = BooleanField("可多次登记（不作为后续环节的前提）")
    hint = StringField("说明", validators=[Length(max=300, message="不超过 300 个字")])


class TemplateForm(ChineseForm):
    upload = FileField("本院模板（.docx）")
