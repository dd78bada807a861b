"""Forms of the standard editor.  Numbers are typed as text and checked by
the services (``standard_items.parse_item``), which put each reason beside
its field; the forms carry the CSRF token, the labels and the choices."""

from __future__ import annotations

from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from dangjian.api import ChineseForm

from .models import METHODS
from .standard_items import MAPPING_KINDS, OFF_NOTE, THRESHOLD_ROWS, Offered


class NewStandardForm(ChineseForm):
    year = StringField("年度", description="2000 至 2100 之间的年份。")
    mode = RadioField(
        "起草方式",
        choices=[SelectChoice("empty", "空白标准（满分 100 分）"), SelectChoice("copy", "复制上一年度的标准")],
        default="copy",
        validate_choice=False,  # the service says what a missing choice means
    )


class StandardForm(ChineseForm):
    title = StringField("标准名称")
    total_points = StringField("满分（分）", description="默认 100 分；各项分值合计须等于满分，才能开启考评。")


class AspectForm(ChineseForm):
    name = StringField("方面名称", description="如“组织建设”。")
    description = TextAreaField("说明（可不填）")


class ItemForm(ChineseForm):
    aspect_id = SelectField("所属方面", validate_choice=False)
    text = TextAreaField("项目内容")
    points = StringField("分值（分）", description="大于 0，不超过标准满分，最多两位小数。")
    method = RadioField(
        "计分方式",
        choices=[SelectChoice(key, label) for key, label in METHODS.items()],
        default="manual",
        validate_choice=False,
    )
    indicator_key = SelectField(
        "指标",
        validate_choice=False,
        description="按指标自动计分时必选；按次扣分时可选，选了就以指标值为发生次数。",
    )
    mapping_kind = RadioField(
        "换算方式",
        choices=[SelectChoice(key, label) for key, label in MAPPING_KINDS.items()],
        default="thresholds",
        validate_choice=False,
    )
    low = StringField("下限（得 0 分）")
    high = StringField("上限（得满分）")
    deduction_per = StringField("每次扣分（分）", description="按次扣分时必填，不超过本项分值，扣完为止。")
    evidence_expected = TextAreaField("佐证材料", description="自评时支部应提供的材料，如会议记录、签到表。")

    def offer(self, aspects, offered: dict[str, Offered], current: Offered | None = None) -> None:
        """The aspects and the indicators the court can compute (and the
        item's own, marked, where its module is off)."""
        self.aspect_id.choices = [SelectChoice(str(a.id), a.name) for a in aspects]
        choices = [SelectChoice("", "（不使用指标）")]
        choices += [
            SelectChoice(o.key, f"{o.label}（{o.unit}）" if o.unit else o.label)
            for o in sorted(offered.values(), key=lambda o: o.key)
        ]
        if current is not None and not current.available:
            choices.append(SelectChoice(current.key, f"{current.label}{OFF_NOTE}"))
        self.indicator_key.choices = choices


# The mapping's threshold rows: 最低值 → 得分, empty rows ignored.
for _row in range(1, THRESHOLD_ROWS + 1):
    setattr(ItemForm, f"min_{_row}", StringField(f"第 {_row} 档最低值"))
    setattr(ItemForm, f"points_{_row}", StringField(f"第 {_row} 档得分"))
