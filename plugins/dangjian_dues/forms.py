"""Forms of the dues module.  Amounts are typed in yuan as text and become
whole 分 in :func:`money_field`'s validator: no float ever holds money."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from dangjian.api import ChineseForm

from .models import METHODS
from .money import MAX_PAY_FEN, MAX_PAYMENT_FEN, MoneyError, parse_yuan

YEAR_RANGE = NumberRange(min=2000, max=2100, message="年度应在 2000 年至 2100 年之间")


class Yuan:
    """Validates a yuan amount and leaves the 分 on ``field.fen``."""

    def __init__(self, maximum_fen: int, allow_zero: bool = True, blank_is_zero: bool = False):
        self.maximum_fen, self.allow_zero, self.blank_is_zero = maximum_fen, allow_zero, blank_is_zero

    def __call__(self, form, field):
        if self.blank_is_zero and not (field.data or "").strip():
            field.fen = 0
            return
        try:
            field.fen = parse_yuan(field.data, maximum_fen=self.maximum_fen, allow_zero=self.allow_zero)
        except MoneyError as error:
            field.fen = None
            raise ValidationError(str(error)) from None


class DuesSettings(ChineseForm):
    notice_months = IntegerField(
        "提醒支部书记的连续未交月数",
        default=3,
        validators=[InputRequired(message="请填写月数"), NumberRange(min=1, max=12, message="应为 1 至 12 个月")],
    )
    serious_months = IntegerField(
        "报告机关党委（严重情况）的连续未交月数",
        default=6,
        validators=[InputRequired(message="请填写月数"), NumberRange(min=1, max=24, message="应为 1 至 24 个月")],
        description="党员无正当理由连续 6 个月不交纳党费，按规定属严重情况。",
    )
    backpay_months = IntegerField(
        "无需说明即可补交的月数",
        default=6,
        validators=[InputRequired(message="请填写月数"), NumberRange(min=1, max=24, message="应为 1 至 24 个月")],
        description="补交更早月份的党费须在备注中说明情况。",
    )


class RateForm(ChineseForm):
    year = IntegerField("年度", validators=[InputRequired(message="请填写年度"), YEAR_RANGE])
    pay = StringField(
        "月税后工资收入（元）",
        validators=[Yuan(MAX_PAY_FEN)],
        description="按月工资收入扣除个人所得税和“五险一金”后的数额申报。",
    )
    retired = BooleanField("离退休党员")
    extra = StringField("自愿多交（元/月）", default="0", validators=[Yuan(MAX_PAYMENT_FEN, blank_is_zero=True)])
    exempt = BooleanField("经支部研究免交或缓交")
    note = StringField("特殊情况说明", validators=[Length(max=200, message="不超过 200 个字")])


class PaymentForm(ChineseForm):
    year = IntegerField("所属年度", validators=[InputRequired(message="请填写年度"), YEAR_RANGE])
    month = IntegerField(
        "所属月份",
        validators=[InputRequired(message="请填写月份"), NumberRange(min=1, max=12, message="月份应为 1 至 12")],
    )
    amount = StringField("金额（元）", validators=[Yuan(MAX_PAYMENT_FEN, allow_zero=False)])
    paid_on = DateField("缴纳日期", validators=[InputRequired(message="请填写缴纳日期")])
    method = SelectField("缴纳方式", choices=[SelectChoice(k, v) for k, v in METHODS.items()], validate_choice=True)
    note = StringField("备注", validators=[Length(max=200, message="不超过 200 个字")])


class CarryForm(ChineseForm):
    year = IntegerField("年度", validators=[InputRequired(message="请填写年度"), YEAR_RANGE])


class OfficerForm(ChineseForm):
    member = SelectField("党员", coerce=int, validators=[DataRequired(message="请选择党员")], validate_choice=True)


class ImportForm(ChineseForm):
    file = FileField("缴费明细（Excel .xlsx）", validators=[FileRequired(message="请选择要导入的 Excel 文件（.xlsx）")])
