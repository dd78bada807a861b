"""Editor forms of the microsites (Chinese labels and messages)."""

from __future__ import annotations

from flask_wtf.file import FileField, MultipleFileField
from wtforms import BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..forms import ChineseForm
from .models import HONOUR_LEVELS

TOP_LEVEL = 0


class BrandForm(ChineseForm):
    brand_name = StringField(
        "品牌名称",
        validators=[Length(max=40, message="品牌名称不能超过 40 个字。")],
        description="如“护航青春”“服务先锋”。",
    )
    slogan = StringField("品牌口号", validators=[Length(max=120, message="口号不能超过 120 个字。")])
    meaning = TextAreaField("品牌内涵", description="品牌的含义、与本部门工作的联系。")
    vehicle = TextAreaField("品牌载体", description="承载品牌的活动和工作机制。")
    impact = TextAreaField("品牌影响", description="取得的成效、获得的荣誉和社会反响。")
    logo_upload = FileField("品牌标识（Logo）", description="JPG、PNG、GIF 或 WebP 图片。")
    remove_logo = BooleanField("删除现有标识")
    banner_upload = FileField("横幅图片", description="显示在网站首页顶部，建议宽度不小于 1600 像素。")
    remove_banner = BooleanField("删除现有横幅")
    theme = SelectField("网站主题", choices=[], validate_choice=True)


class SectionsForm(ChineseForm):
    """The rows are read from the request by key (they vary by module)."""


class PageForm(ChineseForm):
    title = StringField(
        "标题", validators=[DataRequired(message="请填写标题。"), Length(max=200, message="标题不能超过 200 个字。")]
    )
    slug = StringField(
        "网址标识",
        validators=[DataRequired(message="请填写网址标识。"), Length(max=60, message="网址标识不能超过 60 个字符。")],
        description="小写英文字母、数字和连字符，如 about、team-2024。",
    )
    parent_id = SelectField("上级栏目", coerce=int, choices=[SelectChoice(TOP_LEVEL, "（一级栏目）")])
    show_in_menu = BooleanField("显示在网站菜单中", default=True)
    position = IntegerField(
        "排序",
        validators=[Optional(), NumberRange(min=0, max=9999, message="排序须是 0 到 9999 的整数。")],
        description="数字小的排在前面。",
    )
    summary = TextAreaField("摘要", validators=[Length(max=500, message="摘要不能超过 500 个字。")])
    body = TextAreaField("正文")
    note = StringField(
        "修改说明",
        validators=[Length(max=200, message="修改说明不能超过 200 个字。")],
        description="可不填，会记在版本历史里。",
    )


class PostForm(ChineseForm):
    title = StringField(
        "标题", validators=[DataRequired(message="请填写标题。"), Length(max=200, message="标题不能超过 200 个字。")]
    )
    publish_date = DateField("发布日期", validators=[Optional()], description="显示在新闻上的日期；不填则为发布当天。")
    slug = StringField("网址标识（可不填）", validators=[Length(max=60, message="网址标识不能超过 60 个字符。")])
    cover = FileField("封面图片", description="JPG、PNG、GIF 或 WebP 图片。")
    remove_cover = BooleanField("删除现有封面")
    summary = TextAreaField(
        "摘要",
        validators=[Length(max=500, message="摘要不能超过 500 个字。")],
        description="显示在新闻列表中，一两句话即可。",
    )
    body = TextAreaField("正文")
    note = StringField(
        "修改说明",
        validators=[Length(max=200, message="修改说明不能超过 200 个字。")],
        description="可不填，会记在版本历史里。",
    )


class DocxForm(ChineseForm):
    document = FileField("Word 文档（.docx）", description="标题取自文档的第一个标题或第一段，图片一并导入。")


class PublishForm(ChineseForm):
    publish_at = DateTimeLocalField(
        "定时发布时间", format="%Y-%m-%dT%H:%M", validators=[Optional()], description="不填则立即发布。"
    )


class ReturnForm(ChineseForm):
    reason = StringField("退回原因", validators=[Length(max=200, message="退回原因不能超过 200 个字。")])


class MenuItemForm(ChineseForm):
    label = StringField(
        "菜单名称",
        validators=[Length(max=40, message="菜单名称不能超过 40 个字。")],
        description="选择栏目页面时可不填，默认用页面标题。",
    )
    page_id = SelectField("栏目页面", coerce=int, choices=[SelectChoice(0, "（不链接栏目页面）")])
    url = StringField(
        "或链接地址",
        validators=[Length(max=300, message="链接地址太长。")],
        description="以 http://、https:// 或 / 开头。",
    )


class HonourForm(ChineseForm):
    title = StringField(
        "荣誉名称",
        validators=[DataRequired(message="请填写荣誉名称。"), Length(max=120, message="荣誉名称不能超过 120 个字。")],
    )
    level = SelectField("级别", choices=[SelectChoice(value, label) for value, label in HONOUR_LEVELS.items()])
    awarding_body = StringField("授予单位", validators=[Length(max=120, message="授予单位不能超过 120 个字。")])
    awarded_on = DateField("获得日期", validators=[Optional()])
    image = FileField("图片（奖牌、证书照片）")
    remove_image = BooleanField("删除现有图片")
    position = IntegerField(
        "排序", validators=[Optional(), NumberRange(min=0, max=9999, message="排序须是 0 到 9999 的整数。")]
    )


class AlbumForm(ChineseForm):
    title = StringField(
        "相册名称",
        validators=[DataRequired(message="请填写相册名称。"), Length(max=120, message="相册名称不能超过 120 个字。")],
    )
    description = TextAreaField("相册说明", validators=[Length(max=2000, message="说明不能超过 2000 个字。")])
    position = IntegerField(
        "排序", validators=[Optional(), NumberRange(min=0, max=9999, message="排序须是 0 到 9999 的整数。")]
    )


class PhotoUploadForm(ChineseForm):
    photos = MultipleFileField("选择照片（可多选）", description="一次最多 50 张，JPG、PNG、GIF 或 WebP。")
