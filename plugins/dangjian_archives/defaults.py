"""Defaults a court starts from: meeting types, the record checklist and
document categories.  Each court edits its own copy."""

from __future__ import annotations

FREQUENCIES = {"month": "每月", "quarter": "每季度", "year": "每年", "none": "不作要求"}

# (code, name, frequency)
MEETING_TYPES = (
    ("general", "支部党员大会", "quarter"),
    ("committee", "支委会", "month"),
    ("group", "党小组会", "month"),
    ("lesson", "党课", "quarter"),
    ("theme_day", "主题党日", "month"),
    ("life", "组织生活会", "year"),
    ("appraisal", "民主评议党员", "year"),
)
GENERAL = "general"
THEME_DAY = "theme_day"

# Checklist elements the platform can check from the record itself
# (DOMAIN.md: what a record holds).  Custom elements, typed by the court
# admin, are ticked by hand on the record.
ELEMENTS = {
    "title": "会议主题",
    "held_on": "召开日期与时间",
    "place": "会议地点",
    "chair": "主持人",
    "recorder": "记录人",
    "lecturer": "授课人",
    "attendance": "应到、实到人数（按名册签到）",
    "absence_reasons": "缺席人员及原因",
    "agenda": "会议议程",
    "minutes": "会议内容（记录）",
    "resolutions": "决议、决定事项",
    "signin_sheet": "签到表（附件）",
    "minutes_file": "会议记录原件（附件）",
    "photos": "活动照片（附件）",
}
BASE_ELEMENTS = [
    "title",
    "held_on",
    "place",
    "chair",
    "recorder",
    "attendance",
    "absence_reasons",
    "agenda",
    "minutes",
    "signin_sheet",
]
EXTRA_ELEMENTS = {
    "general": ["resolutions"],
    "committee": ["resolutions"],
    "lesson": ["lecturer"],
    "life": ["resolutions"],
}


def default_elements(code: str) -> list[str]:
    return BASE_ELEMENTS + EXTRA_ELEMENTS.get(code, [])


# The seed's areas of party work (9 aspects) plus the files a branch keeps.
CATEGORIES = (
    ("决策部署", 0),
    ("机构建设", 0),
    ("政治建设", 30),
    ("思想建设", 30),
    ("组织建设", 0),
    ("作风纪律建设", 30),
    ("制度建设", 0),
    ("品牌创建", 10),
    ("党建与业务融合", 10),
    ("三会一课", 30),
    ("发展党员", 0),
    ("交接记录", 0),
)
