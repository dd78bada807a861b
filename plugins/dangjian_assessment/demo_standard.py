"""Demo data of the standard: the intermediate court's standard for last
year and this year (9 aspects, 43 items, 100 points; this year's
published for the city), and the first basic court's adopted copy of this
year's.  Runs before ``demo_cycle``, which assesses last year's.  Adds
nothing that is already there."""

from __future__ import annotations

from sqlalchemy import select

from dangjian.api import Court, court_today, db

from . import standard_services
from .business_keys import KEYS as BUSINESS_KEYS
from .models import DEDUCTION, DRAFT, INDICATOR, MANUAL, Aspect, Item, Standard

# The evidence keys the demo scores automatically, with their labels and
# units (the top-level README's 模块取证 table; kept with the item so the
# editor can name it while the module is off).
LABELS = {
    "archives.completion_rate": ("三会一课完成率", "%"),
    "archives.on_time_rate": ("按期召开率", "%"),
    "archives.attendance_rate": ("参会率", "%"),
    "archives.missed_count": ("缺开次数", "次"),
    "study.target_share": ("达到年度学时要求的党员比例", "%"),
    "study.average_hours": ("人均学时", "学时"),
    "redculture.theme_activities": ("主题活动次数", "次"),
    "redculture.study_day_rate": ("主题党日/学习日参与率", "%"),
    "sites.brand_complete": ("品牌“五有”完成项数", "项"),
    "sites.items_published": ("本期发布内容数", "篇"),
    "showcase.honours": ("荣誉数", "项"),
    "showcase.honours_city_or_higher": ("市级及以上荣誉", "项"),
    **BUSINESS_KEYS,
}


def steps(*pairs):
    return {"kind": "thresholds", "steps": [{"min": low, "points": points} for low, points in pairs]}


def linear(low, high):
    return {"kind": "linear", "low": low, "high": high}


def auto(text, points, key, mapping, evidence):
    return (text, points, INDICATOR, {"indicator_key": key, "mapping": mapping}, evidence)


def hand(text, points, evidence):
    return (text, points, MANUAL, {}, evidence)


def deduct(text, points, per, evidence, key=None):
    return (text, points, DEDUCTION, {"deduction_per": per, "indicator_key": key}, evidence)


ASPECTS = (
    (
        "决策部署",
        "上级和院党组决策部署在支部的落实。",
        (
            hand(
                "及时传达学习上级党组织和院党组的重大决策部署，结合本部门审判执行工作提出落实措施",
                2,
                "支委会记录、落实方案",
            ),
            hand("年度党建工作计划与业务工作同谋划、同部署，按时报送机关党委", 2, "年度党建工作计划"),
            hand("支部书记履行第一责任人职责，支委成员落实“一岗双责”，年底述职", 2, "责任清单、述职报告"),
            deduct("机关党委交办的党建重点任务按时办结并报告，逾期未办结的每项扣 1 分", 2, 1, "任务台账、办结报告"),
        ),
    ),
    (
        "机构建设",
        "支部设置、班子配备和党员队伍管理。",
        (
            hand(
                "按“支部建在庭上，党小组建在审判团队上”设置组织，部门调整后一个月内随之调整",
                2,
                "组织设置批复、党小组名单",
            ),
            hand("按期换届，支委会委员配备齐全、分工明确", 2, "换届选举材料、分工文件"),
            hand("党员组织关系转接及时，党员名册信息准确完整", 2, "党员名册、转接记录"),
            hand("组织委员、宣传委员等党务干部参加年度党务培训", 2, "培训通知、签到表"),
        ),
    ),
    (
        "政治建设",
        "把政治建设摆在首位，法院首先是政治机关。",
        (
            hand("严守政治纪律和政治规矩，坚决维护党中央权威，落实重大事项请示报告制度", 3, "请示报告台账"),
            hand("落实意识形态工作责任制，定期研判涉诉舆情和干警思想动态", 2, "研判记录"),
            auto(
                "组织红色教育参观、主题党日等主题活动",
                3,
                "redculture.theme_activities",
                steps((1, 1), (2, 2), (4, 3)),
                "活动方案、照片、心得",
            ),
            auto("党员参加主题党日和“红旗渠精神学习日”", 2, "redculture.study_day_rate", linear(50, 100), "签到表"),
            hand("开展“弘扬人民司法优良传统”等政治教育，引导党员坚定理想信念", 2, "活动记录"),
        ),
    ),
    (
        "思想建设",
        "理论武装与司法为民宗旨教育。",
        (
            auto(
                "党员全年集中学习学时达到要求（党员 32 学时，书记和支委 56 学时）",
                4,
                "study.target_share",
                steps((50, 1), (70, 2), (85, 3), (95, 4)),
                "学习台账",
            ),
            auto("党员人均学习学时", 2, "study.average_hours", linear(16, 32), "学习台账"),
            hand("支部集中学习每月不少于一次，有计划、有记录、有研讨发言", 2, "学习计划、学习记录"),
            hand("支部书记每年至少讲一次党课，支委成员轮流讲党课", 2, "党课讲稿、照片"),
            hand("开展法官职业道德和司法为民教育，当事人和群众反映良好", 2, "教育活动记录、回访情况"),
        ),
    ),
    (
        "组织建设",
        "“三会一课”和组织生活，按情况统计表取证。",
        (
            auto(
                "“三会一课”完成率（按时召开与补开补报）",
                4,
                "archives.completion_rate",
                steps((60, 1), (80, 2), (90, 3), (100, 4)),
                "会议记录、情况统计表",
            ),
            auto("“三会一课”按期召开率", 3, "archives.on_time_rate", steps((70, 1), (85, 2), (95, 3)), "情况统计表"),
            auto("党员参会率", 2, "archives.attendance_rate", linear(60, 95), "签到表"),
            deduct("应开未开的会议，每缺一次扣 1 分", 3, 1, "情况统计表", key="archives.missed_count"),
            hand("按期召开组织生活会、开展民主评议党员，认真开展批评与自我批评", 2, "会议记录、评议结果"),
            hand("发展党员程序规范，入党积极分子培养考察到位", 2, "发展党员材料"),
            hand("党费按月足额收缴、按时上交，账目清楚", 2, "党费收缴台账"),
        ),
    ),
    (
        "作风纪律建设",
        "作风、纪律和廉洁司法。",
        (
            deduct("落实中央八项规定精神，发生违规问题的每起扣 2 分", 3, 2, "纪检部门通报"),
            hand("每年开展廉政警示教育不少于两次", 2, "警示教育记录"),
            deduct("党员受到党纪政务处分或被通报批评的，每人次扣 2 分", 2, 2, "处分决定、通报"),
            hand("整治形式主义、官僚主义，精简会议文件，改进会风文风", 1.5, "工作台账"),
            deduct("因违法审判、执行被追责的，每起扣 1.5 分", 1.5, 1.5, "审务督察通报"),
        ),
    ),
    (
        "制度建设",
        "按《党建工作制度汇编》规范支部工作。",
        (
            hand("建立支部议事、学习、考勤等工作制度并在阵地公示", 2, "制度文本、照片"),
            deduct("党建档案分类归档、资料齐全，每缺一类扣 0.5 分", 2, 0.5, "党建档案"),
            hand("“三会一课”记录要素齐全、填写规范", 2, "会议记录"),
            hand("主题党日按实施规范组织，有方案、有记录、有总结", 2, "主题党日方案、记录"),
        ),
    ),
    (
        "党建与业务融合",
        "“五加强五融合”：党建考核与业务考核相结合，业务指标由机关党委导入。",
        (
            auto("部门结案率", 3, "business.closure_rate", steps((85, 1), (90, 2), (95, 3)), "审判管理系统统计"),
            auto("审限内结案率", 3, "business.in_time_rate", steps((90, 1), (95, 2), (98, 3)), "审判管理系统统计"),
            auto("调解撤诉率", 3, "business.mediation_rate", linear(20, 60), "审判管理系统统计"),
            hand("党员在审判执行一线亮身份、作表率，设立党员先锋岗、示范岗", 3, "先锋岗名单、事迹材料"),
            hand("党建考核与业务考核同部署、同考核，“双争”评比结果用于评先评优", 2, "考核方案、评比结果"),
        ),
    ),
    (
        "品牌与阵地建设",
        "“一支部一特色一品牌”和支部网站。",
        (
            auto(
                "支部品牌“五有”（名称、标识、内涵、载体、影响）齐全",
                3,
                "sites.brand_complete",
                steps((3, 1), (4, 2), (5, 3)),
                "支部网站品牌页",
            ),
            auto("支部网站全年发布工作动态", 2, "sites.items_published", steps((6, 1), (12, 2)), "支部网站"),
            auto("支部获得的荣誉", 2, "showcase.honours", steps((1, 1), (2, 2)), "荣誉证书"),
            auto("获得市级及以上荣誉", 3, "showcase.honours_city_or_higher", steps((1, 2), (2, 3)), "荣誉证书"),
        ),
    ),
)


def add_demo_data(court) -> None:
    year = court_today(court).year
    if court.parent_id is None:
        for y in (year - 1, year):
            if standard_services.of_year(court.id, y) is None:
                _build(court, y)
        for y in (year - 1, year):  # both offered to the courts below
            standard = standard_services.of_year(court.id, y)
            if standard is not None and not standard.published_for_city:
                standard.published_for_city = True
        db.session.flush()
        return
    first = db.session.scalar(
        select(Court).where(Court.parent_id == court.parent_id).order_by(Court.position, Court.id).limit(1)
    )
    if first is None or first.id != court.id:
        return
    # The first basic court took the city's standard last year and this year
    # (last year's is then assessed by the cycle's demo: the city view has a court to show).
    for y in (year - 1, year):
        source = standard_services.of_year(court.parent_id, y)
        if standard_services.of_year(court.id, y) is None and source is not None and source.published_for_city:
            standard_services.adopt(court, source, None)


def _build(court, year: int) -> Standard:
    standard = Standard(
        court_id=court.id, year=year, title=standard_services.default_title(year), total_points=100, status=DRAFT
    )
    db.session.add(standard)
    db.session.flush()
    for position, (name, description, items) in enumerate(ASPECTS, start=1):
        aspect = Aspect(standard_id=standard.id, position=position, name=name, description=description)
        aspect.items = [
            _item(standard.id, number, text, points, method, extra, evidence)
            for number, (text, points, method, extra, evidence) in enumerate(items, start=1)
        ]
        db.session.add(aspect)
    db.session.flush()
    return standard


def _item(standard_id: int, position: int, text, points, method, extra, evidence) -> Item:
    key = extra.get("indicator_key")
    mapping = dict(extra.get("mapping") or {})
    if key:
        label, unit = LABELS[key]
        mapping.update(label=label, unit=unit)
    return Item(
        standard_id=standard_id,
        position=position,
        text=text,
        points=points,
        method=method,
        indicator_key=key,
        mapping=mapping or None,
        deduction_per=extra.get("deduction_per"),
        evidence_expected=evidence,
    )
