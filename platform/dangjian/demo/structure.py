"""The shape of the demo: Anyang's courts and their party organisations.

Courts and the intermediate court's branches follow DOMAIN.md and the seed
account (办公室, 少年庭, 法警队, 立案二庭 ...); the basic courts get branches
built on their usual departments, sized by a seeded random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BranchPlan:
    slug: str
    name: str
    department: str
    department_kind: str  # org.services.DEPARTMENT_KINDS
    size: int
    # Trial teams that carry a party group (党小组建在审判团队上).
    teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeneralBranchPlan:
    slug: str
    name: str
    department: str
    branches: tuple[BranchPlan, ...]


@dataclass(frozen=True)
class CourtPlan:
    slug: str
    name: str
    short_name: str
    level: str
    region_code: str  # first six digits of a local ID number
    district: str
    branches: tuple[BranchPlan, ...]
    general_branches: tuple[GeneralBranchPlan, ...] = field(default_factory=tuple)

    @property
    def committee_name(self) -> str:
        return f"{self.short_name}机关党委"


INTERMEDIATE = CourtPlan(
    slug="zy",
    name="安阳市中级人民法院",
    short_name="安阳中院",
    level="intermediate",
    region_code="410502",
    district="文峰区",
    branches=(
        BranchPlan("bgs", "办公室党支部", "办公室", "office", 12),
        BranchPlan("snt", "少年庭党支部", "少年审判庭", "tribunal", 11, ("少年审判第一团队", "少年审判第二团队")),
        BranchPlan("fjd", "法警队党支部", "司法警察支队", "corps", 14),
        BranchPlan("la2", "立案二庭党支部", "立案二庭", "tribunal", 9),
        BranchPlan("la1", "立案一庭党支部", "立案一庭", "tribunal", 8),
        BranchPlan(
            "my1", "民一庭党支部", "民事审判第一庭", "tribunal", 13, ("第一审判团队", "第二审判团队", "第三审判团队")
        ),
        BranchPlan("my2", "民二庭党支部", "民事审判第二庭", "tribunal", 10),
        BranchPlan("xy1", "刑一庭党支部", "刑事审判第一庭", "tribunal", 12, ("第一审判团队", "第二审判团队")),
        BranchPlan("xz", "行政庭党支部", "行政审判庭", "tribunal", 8),
        BranchPlan("zzb", "政治部党支部", "政治部", "office", 10),
        BranchPlan("sgb", "审管办党支部", "审判管理办公室", "office", 6),
    ),
    general_branches=(
        GeneralBranchPlan(
            "zxj",
            "执行局党总支",
            "执行局",
            (
                BranchPlan(
                    "zx1", "执行一庭党支部", "执行一庭", "tribunal", 9, ("执行实施第一团队", "执行实施第二团队")
                ),
                BranchPlan("zx2", "执行二庭党支部", "执行二庭", "tribunal", 8),
                BranchPlan("zxzh", "执行指挥中心党支部", "执行指挥中心", "office", 5),
            ),
        ),
    ),
)

# (slug, name, short name, region code, district, number of branches)
BASIC_COURTS = (
    ("wenfeng", "安阳市文峰区人民法院", "文峰区法院", "410502", "文峰区", 6),
    ("beiguan", "安阳市北关区人民法院", "北关区法院", "410503", "北关区", 5),
    ("yindu", "安阳市殷都区人民法院", "殷都区法院", "410505", "殷都区", 5),
    ("longan", "安阳市龙安区人民法院", "龙安区法院", "410506", "龙安区", 4),
    ("anyangxian", "安阳县人民法院", "安阳县法院", "410522", "安阳县", 6),
    ("tangyin", "汤阴县人民法院", "汤阴县法院", "410523", "汤阴县", 5),
    ("huaxian", "滑县人民法院", "滑县法院", "410526", "滑县", 6),
    ("neihuang", "内黄县人民法院", "内黄县法院", "410527", "内黄县", 5),
    ("linzhou", "林州市人民法院", "林州市法院", "410581", "林州市", 6),
)

# Departments of a basic court, in the order they get a branch.
BASIC_DEPARTMENTS = (
    ("lat", "立案庭党支部", "立案庭", "tribunal", ()),
    ("my", "民一庭党支部", "民事审判第一庭", "tribunal", ("第一审判团队", "第二审判团队")),
    ("xs", "刑庭党支部", "刑事审判庭", "tribunal", ()),
    ("zxj", "执行局党支部", "执行局", "other", ("执行实施团队",)),
    ("bgs", "办公室党支部", "办公室", "office", ()),
    ("fjd", "法警队党支部", "法警大队", "corps", ()),
)


def basic_court_plans(rng: random.Random) -> list[CourtPlan]:
    plans = []
    for slug, name, short_name, region_code, district, branch_count in BASIC_COURTS:
        branches = tuple(
            BranchPlan(b_slug, b_name, department, kind, rng.randint(4, 10), teams if rng.random() < 0.5 else ())
            for b_slug, b_name, department, kind, teams in BASIC_DEPARTMENTS[:branch_count]
        )
        plans.append(CourtPlan(slug, name, short_name, "basic", region_code, district, branches))
    return plans
