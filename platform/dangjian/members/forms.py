"""Member forms, with Chinese labels and messages beside each field."""

from __future__ import annotations

import re
from datetime import date

from wtforms import BooleanField, StringField, SubmitField
from wtforms import DateField as _DateField
from wtforms import SelectField as _SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..forms import ChineseForm
from .models import EDUCATIONS, MEMBER_STATUSES, SEXES
from .services import FIELD_LABELS, id_number_birth_date, id_number_problem, normalise_id_number

CHOICE_MESSAGE = "选项无效，请重新选择。"
PHONE_PATTERN = re.compile(r"^[0-9][0-9\- ]{6,19}$")


class SelectField(_SelectField):
    """SelectField with Chinese messages (the class name is kept so
    Bootstrap-Flask still renders it as a select)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(CHOICE_MESSAGE) from error

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError as error:
            raise ValidationError(CHOICE_MESSAGE) from error


def DateField(label, validators=None, **kwargs):
    return _DateField(
        label, validators, invalid_value_message="日期格式不正确，请按“年-月-日”填写，如 2021-07-01。", **kwargs
    )


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _branch_choices(branches) -> list[SelectChoice]:
    return [SelectChoice(0, "请选择党支部")] + [SelectChoice(b.id, b.name) for b in branches]


def not_in_future(form, field):
    if field.data and field.data > date.today():
        raise ValidationError("日期不能晚于今天。")


def _required(message: str):
    return DataRequired(message=message)


class MemberForm(ChineseForm):
    name = StringField(
        FIELD_LABELS["name"], validators=[_required("请填写姓名。"), Length(max=40, message="姓名不能超过40个字。")]
    )
    sex = SelectField(
        FIELD_LABELS["sex"],
        choices=_choices([("", "请选择"), *SEXES.items()]),
        validators=[_required("请选择性别。")],
    )
    ethnicity = StringField(
        FIELD_LABELS["ethnicity"], default="汉族", validators=[Length(max=20, message="民族不能超过20个字。")]
    )
    education = SelectField(
        FIELD_LABELS["education"], choices=_choices([("", "未填写")] + [(e, e) for e in EDUCATIONS])
    )
    status = SelectField(FIELD_LABELS["status"], choices=_choices(MEMBER_STATUSES.items()), default="full")
    joined_party_on = DateField(FIELD_LABELS["joined_party_on"], [Optional(), not_in_future])
    full_member_on = DateField(
        FIELD_LABELS["full_member_on"],
        [Optional(), not_in_future],
        description="预备党员转正后填写；党龄从转正时间算起。",
    )
    party_post = StringField(
        FIELD_LABELS["party_post"],
        validators=[Length(max=40, message="不能超过40个字。")],
        description="如：支部书记、组织委员；无则留空。",
    )
    admin_post = StringField(FIELD_LABELS["admin_post"], validators=[Length(max=40, message="不能超过40个字。")])
    department = StringField(
        FIELD_LABELS["department"],
        validators=[Length(max=80, message="不能超过80个字。")],
        description="留空则使用所在支部建在的部门。",
    )
    branch_id = SelectField(FIELD_LABELS["branch_id"], coerce=int, validators=[_required("请选择所在党支部。")])
    group_id = SelectField(FIELD_LABELS["group_id"], coerce=int, default=0)
    birth_date = DateField(FIELD_LABELS["birth_date"], [Optional(), not_in_future])
    id_number = StringField(FIELD_LABELS["id_number"], validators=[Optional()], description="18位，最后一位可为X。")
    phone = StringField(FIELD_LABELS["phone"], validators=[Optional()])
    address = StringField(FIELD_LABELS["address"], validators=[Length(max=200, message="不能超过200个字。")])
    submit = SubmitField("保存")

    def __init__(self, *args, branches=(), groups=None, personal=True, **kwargs):
        """``branches``: the branches the user may choose; ``groups``: their
        party groups by branch id; ``personal``: whether the personal fields
        are on the form at all."""
        super().__init__(*args, **kwargs)
        self.groups = groups or {}
        self.branch_id.choices = _branch_choices(branches)
        group_choices = [SelectChoice(0, "（不分党小组）")]
        for branch in branches:
            group_choices += [
                SelectChoice(group.id, group.name, optgroup=branch.name) for group in self.groups.get(branch.id, [])
            ]
        self.group_id.choices = group_choices
        if not personal:
            for name in ("birth_date", "id_number", "phone", "address"):
                delattr(self, name)

    @property
    def has_personal(self) -> bool:
        return "id_number" in self._fields

    def validate_group_id(self, field):
        if not field.data:
            return
        allowed = {group.id for group in self.groups.get(self.branch_id.data, [])}
        if field.data not in allowed:
            raise ValidationError("所选党小组不属于所选党支部，请重新选择。")

    def validate_full_member_on(self, field):
        joined = self.joined_party_on.data
        if field.data and joined and field.data < joined:
            raise ValidationError("转正时间不能早于入党时间。")
        if field.data and self.status.data == "probationary":
            raise ValidationError("预备党员尚未转正，请留空；如已转正，请把党员身份改为“正式党员”。")

    def validate_id_number(self, field):
        problem = id_number_problem(field.data)
        if problem:
            raise ValidationError(problem)
        field.data = normalise_id_number(field.data)

    def validate_birth_date(self, field):
        if (
            "id_number" in self._fields
            and field.data
            and self.id_number.data
            and not id_number_problem(self.id_number.data)
            and id_number_birth_date(self.id_number.data) != field.data
        ):
            raise ValidationError("出生日期与公民身份号码中的出生日期不一致。")

    def validate_joined_party_on(self, field):
        birth = self.birth_date.data if "birth_date" in self._fields else None
        if field.data and birth and _years_between(birth, field.data) < 18:
            raise ValidationError("入党时应年满十八周岁，请核对入党时间和出生日期。")

    def validate_phone(self, field):
        if field.data and not PHONE_PATTERN.match(field.data.strip()):
            raise ValidationError("请填写正确的电话号码，如 13800000000 或 0372-1234567。")

    def values(self) -> dict:
        """The submitted member fields, ready for the service functions."""
        return {name: self._fields[name].data for name in FIELD_LABELS if name in self._fields}


def _years_between(earlier: date, later: date) -> int:
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


class TransferForm(ChineseForm):
    to_branch_id = SelectField("转入党支部", coerce=int, validators=[_required("请选择转入的党支部。")])
    transferred_on = DateField("转接日期", [_required("请填写转接日期。"), not_in_future], default=date.today)
    reason = StringField(
        "转接原因",
        validators=[_required("请填写转接原因。"), Length(max=200, message="不能超过200个字。")],
        description="如：工作调动至立案二庭。",
    )
    update_department = BooleanField("同时把“所在部门”改为转入支部所建的部门", default=True)
    submit = SubmitField("确认转接")

    def __init__(self, *args, branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.to_branch_id.choices = _branch_choices(branches)


class LeaveForm(ChineseForm):
    left_on = DateField("转出日期", [_required("请填写转出日期。"), not_in_future], default=date.today)
    reason = StringField(
        "转出原因",
        validators=[_required("请填写转出原因。"), Length(max=200, message="不能超过200个字。")],
        description="如：调往外单位，组织关系转至某某党委。",
    )
    submit = SubmitField("确认转出")


class CourtTransferForm(ChineseForm):
    """A transfer to another court: the court is chosen first (a GET step of
    the page, so it works without JavaScript), then one of its branches."""

    to_branch_id = SelectField("转入党支部", coerce=int, validators=[_required("请选择转入的党支部。")])
    reason = StringField(
        "转出原因",
        validators=[_required("请填写转出原因。"), Length(max=200, message="不能超过200个字。")],
        description="如：工作调动至文峰区法院立案庭。",
    )
    submit = SubmitField("提交转出申请")

    def __init__(self, *args, branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.to_branch_id.choices = _branch_choices(branches)


class AcceptTransferForm(ChineseForm):
    branch_id = SelectField("转入本院党支部", coerce=int, validators=[_required("请选择转入的党支部。")])
    submit = SubmitField("确认接收")

    def __init__(self, *args, branches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.branch_id.choices = _branch_choices(branches)


class DeclineTransferForm(ChineseForm):
    reason = StringField(
        "退回原因",
        validators=[_required("请填写退回原因。"), Length(max=200, message="不能超过200个字。")],
        description="对方管理员会看到这个原因。",
    )
    submit = SubmitField("退回申请")
