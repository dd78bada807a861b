"""The procedure as data and the time rules that key on its built-in codes.

Pure functions over dates: no database, no request, so each rule is tested
on its own and quoted word for word where it refuses or warns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# (code, stage, title, repeatable, hint) in the order the branch works them.
DEFAULT_STEPS = (
    ("apply", "applicant", "收到入党申请书", False, "本人向党组织递交入党申请书的日期"),
    ("talk", "applicant", "党组织派人谈话", False, "收到申请书后一个月内"),
    ("recommend", "activist", "推荐入党积极分子", False, "党员推荐、群团组织推优"),
    ("activist", "activist", "支委会确定为入党积极分子", False, "报上级党委备案"),
    ("contact", "activist", "指定培养联系人", False, "一至两名正式党员"),
    ("training", "activist", "培养教育", True, "参加党课、学习培训"),
    ("assess", "activist", "半年考察", True, "每半年考察一次"),
    ("target", "target", "确定为发展对象", False, "培养考察一年以上，支委会讨论同意"),
    ("review", "target", "政治审查（政审）", False, "形成政审结论"),
    ("central_training", "target", "集中培训", False, "不少于三天（或24学时）"),
    ("prereview", "target", "上级党委预审", False, ""),
    ("publicity", "target", "公示", False, "公示期一般为5至7个工作日"),
    ("admit", "probationary", "支部大会讨论接收为预备党员", False, "支部大会通过之日即入党时间"),
    ("approve", "probationary", "上级党委审批", False, "审批后更新党员名册"),
    ("oath", "probationary", "入党宣誓", False, ""),
    ("probation_assess", "probationary", "预备期考察", True, ""),
    ("convert_apply", "full", "提交转正申请", False, "预备期满前"),
    ("convert", "full", "支部大会讨论转正", False, "预备期满一年之后"),
    ("convert_approve", "full", "上级党委审批转正", False, "审批后更新党员名册"),
    ("archive", "full", "入党材料归档", False, ""),
)

# The step that moves a candidate into each stage.
ENTRY_STEPS = {
    "apply": "applicant",
    "activist": "activist",
    "target": "target",
    "approve": "probationary",
    "convert_approve": "full",
}

RULES = {
    "order": "发展党员工作按程序逐步进行：后一环节的日期不能早于前一环节。",
    "future": "登记的是已经完成的环节：日期不能晚于今天。",
    "age": "《中国共产党章程》第一条：年满十八岁的中国工人、农民、军人、知识分子和其他社会阶层的先进分子，可以申请加入中国共产党。",
    "talk": "《中国共产党发展党员工作细则》：党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话。",
    "assess": "《中国共产党发展党员工作细则》：党组织每半年对入党积极分子进行一次考察。",
    "activist_year": "《中国共产党发展党员工作细则》：对经过一年以上培养教育和考察、基本具备党员条件的入党积极分子，"
    "支部委员会讨论同意并报上级党委备案后，可列为发展对象。",
    "probation": "《中国共产党章程》第七条：预备党员的预备期为一年。预备期满，党支部应当及时讨论其能否转为正式党员；"
    "党龄从预备期满转为正式党员之日算起。",
}

EARLIEST = date(1950, 1, 1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


@dataclass(frozen=True)
class Problem:
    message: str
    rule: str

    def text(self) -> str:
        return f"{self.message}（依据：{RULES[self.rule]}）"


def check_date(code: str, on: date, dates: dict[str, date], today: date, birth_date: date | None) -> Problem | None:
    """The rule a step's date breaks, code-specific ones (``dates``: code → date of the built-in steps done)."""
    if on > today:
        return Problem(f"日期 {on:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}）", "future")
    if on < EARLIEST:
        return Problem(f"日期 {on:%Y-%m-%d} 过早，请检查年份", "order")
    if code == "apply" and birth_date is not None and on < add_years(birth_date, 18):
        return Problem(f"递交申请时未满十八岁（{add_years(birth_date, 18):%Y-%m-%d} 年满十八岁）", "age")
    if code == "target" and "activist" in dates and on < add_years(dates["activist"], 1):
        since = dates["activist"]
        return Problem(
            f"确定为入党积极分子（{since:%Y-%m-%d}）不满一年，{add_years(since, 1):%Y-%m-%d} 起才能列为发展对象",
            "activist_year",
        )
    if code in ("convert", "convert_approve") and "admit" in dates and on < add_years(dates["admit"], 1):
        end = add_years(dates["admit"], 1)
        return Problem(f"预备期至 {end:%Y-%m-%d} 期满，期满前不能讨论或批准转正", "probation")
    return None


@dataclass(frozen=True)
class Deadline:
    code: str  # the step awaited
    title: str
    due: date
    rule: str
    hard: bool = False  # overdue is a breach (conversion), not only late


def deadlines(stage: str, dates: dict[str, date], last_assessed: date | None) -> list[Deadline]:
    """What a candidate's file awaits next, with its due date."""
    found = []
    if "apply" in dates and "talk" not in dates:
        found.append(Deadline("talk", "入党申请人谈话", add_months(dates["apply"], 1), "talk"))
    if stage == "activist":
        since = (
            max(d for d in (dates.get("activist"), last_assessed) if d is not None) if dates.get("activist") else None
        )
        if since is not None:
            found.append(Deadline("assess", "入党积极分子半年考察", add_months(since, 6), "assess"))
    if stage == "probationary" and "admit" in dates and "convert" not in dates:
        found.append(Deadline("convert", "预备党员按期转正", add_years(dates["admit"], 1), "probation", hard=True))
    return found
