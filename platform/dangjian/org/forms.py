"""Forms of the organisation screens.  The organisation rules themselves
(allowed parents, one committee, unique slug) live in services.py, so they
hold for every caller; the forms check only shape and length."""

from __future__ import annotations

import wtforms
from wtforms import StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ..forms import ChineseForm
from .models import COMMITTEE_POSTS, ORG_KINDS
from .services import DEPARTMENT_KINDS, SLUG_MAX_LENGTH, SLUG_PATTERN

NO_PARENT = 0
VACANT = 0
CHOOSE_FROM_LIST = "请从列表中选择。"


class SelectField(wtforms.SelectField):
    """A select whose "not a choice" errors are in Chinese (WTForms' are English)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(CHOOSE_FROM_LIST) from None

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(CHOOSE_FROM_LIST) from None


SLUG_HELP = "用于本组织网站地址，只能用小写英文字母、数字和连字符，如 juvenile-court。"


def _name_field():
    return StringField(
        "组织名称",
        validators=[DataRequired(message="请填写组织名称。"), Length(max=80, message="组织名称最多 80 个字。")],
        render_kw={"placeholder": "如：少年审判庭党支部", "maxlength": 80},
    )


def _slug_field(description: str):
    return StringField(
        "网址标识",
        description=description,
        validators=[
            Optional(),
            Length(max=SLUG_MAX_LENGTH, message=f"网址标识最多 {SLUG_MAX_LENGTH} 个字符。"),
            Regexp(SLUG_PATTERN, message="网址标识只能用小写英文字母、数字和连字符“-”，且不能以连字符开头或结尾。"),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        render_kw={"autocapitalize": "off", "spellcheck": "false", "maxlength": SLUG_MAX_LENGTH},
    )


def _department_fields():
    department = StringField(
        "依托部门 / 审判团队",
        description="党支部建在庭室上，党小组建在审判团队上，如“少年审判庭”“刑一庭第二审判团队”。",
        validators=[Length(max=80, message="部门名称最多 80 个字。")],
        render_kw={"maxlength": 80},
    )
    department_kind = SelectField(
        "部门类型",
        choices=[SelectChoice("", "未指定")] + [SelectChoice(k, v) for k, v in DEPARTMENT_KINDS.items()],
        validate_choice=True,
    )
    return department, department_kind


class CreateOrgForm(ChineseForm):
    parent_id = SelectField("上级组织", coerce=int)
    kind = SelectField("组织类型", choices=[SelectChoice(k, v) for k, v in ORG_KINDS.items()])
    name = _name_field()
    slug = _slug_field("可不填，留空时按上面显示的标识自动生成。" + SLUG_HELP)
    department, department_kind = _department_fields()
    submit = SubmitField("新建组织")

    def set_parents(self, parents, allow_top: bool = True) -> None:
        top = [SelectChoice(NO_PARENT, "（无上级：作为本院机关党委）")] if allow_top else []
        self.parent_id.choices = top + [SelectChoice(org.id, f"{org.kind_label} · {org.name}") for org in parents]


class EditOrgForm(ChineseForm):
    name = _name_field()
    slug = _slug_field(SLUG_HELP)
    department, department_kind = _department_fields()
    submit = SubmitField("保存修改")


class MoveOrgForm(ChineseForm):
    parent_id = SelectField("调整到", coerce=int)
    submit = SubmitField("确认调整")

    def set_parents(self, parents, allow_top: bool = False, current_id: int | None = None) -> None:
        top = [SelectChoice(NO_PARENT, "（无上级）")] if allow_top else []
        self.parent_id.choices = top + [
            SelectChoice(org.id, f"{org.kind_label} · {org.name}" + ("（当前）" if org.id == current_id else ""))
            for org in parents
        ]


class CommitteeForm(ChineseForm):
    submit = SubmitField("保存支委会")

    def set_members(self, members) -> None:
        choices = [SelectChoice(VACANT, "（空缺）")] + [SelectChoice(m.id, m.name) for m in members]
        for post in COMMITTEE_POSTS:
            self[post].choices = choices

    def holders(self) -> dict[str, int | None]:
        return {post: (self[post].data or None) for post in COMMITTEE_POSTS}


for _post, _label in COMMITTEE_POSTS.items():
    setattr(CommitteeForm, _post, SelectField(_label, coerce=int, default=VACANT))
