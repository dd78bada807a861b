"""Writing the demo courts, organisations, members and accounts.

Everything goes through the models in the caller's transaction; the caller
commits.  The data comes from a seeded generator, so every demo looks the
same; only the account passwords are new each time.
"""

from __future__ import annotations

import random
from datetime import date

from ..access.models import RoleAssignment
from ..auth.models import User
from ..auth.passwords import hash_password
from ..courts.models import Court
from ..db import db, utcnow
from ..members.models import Member
from ..org.models import CommitteeSeat, Organisation
from .accounts import ACCOUNTS, AccountSpec, DemoAccount, new_passphrase
from .names import NameMaker
from .people import member_fields
from .structure import INTERMEDIATE, BranchPlan, CourtPlan, basic_court_plans

SEED = 20210701
COMMITTEE_FROM = 7  # DOMAIN.md: a branch of 7+ members elects a committee
FULL_COMMITTEE = ("secretary", "deputy", "organisation", "publicity", "discipline")
PARTY_POSTS = {
    "secretary": "党支部书记",
    "deputy": "党支部副书记",
    "organisation": "组织委员",
    "publicity": "宣传委员",
    "discipline": "纪检委员",
}


class _Builder:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.names = NameMaker(self.rng)
        self.today = today
        self.courts: dict[str, Court] = {}
        self.branches: dict[tuple[str, str], Organisation] = {}
        self.seats: dict[tuple[str, str, str], Member] = {}  # (court, branch, post) → member
        self.plain_members: dict[tuple[str, str], list[Member]] = {}

    def court(self, plan: CourtPlan, parent: Court | None, position: int) -> None:
        court = Court(
            slug=plan.slug,
            name=plan.name,
            short_name=plan.short_name,
            level=plan.level,
            parent=parent,
            position=position,
        )
        db.session.add(court)
        self.courts[plan.slug] = court
        committee = self._org(court, "committee", plan.committee_name, "jgdw", None, 0)
        position = 1
        for branch_plan in plan.branches:
            self.branch(plan, court, committee, branch_plan, position)
            position += 1
        for general in plan.general_branches:
            parent_org = self._org(
                court,
                "general_branch",
                general.name,
                general.slug,
                committee,
                position,
                department=general.department,
                department_kind="other",
            )
            position += 1
            for branch_plan in general.branches:
                self.branch(plan, court, parent_org, branch_plan, position)
                position += 1
            self._seat(
                parent_org, self.plain_members[(plan.slug, general.branches[0].slug)].pop(), "secretary", "党总支书记"
            )
        # The organ committee's secretary comes from the political department
        # where there is one, else from the office.
        source = (plan.slug, "zzb") if (plan.slug, "zzb") in self.plain_members else (plan.slug, "bgs")
        if self.plain_members.get(source):
            self._seat(committee, self.plain_members[source].pop(), "secretary", "机关党委书记")

    def branch(
        self, court_plan: CourtPlan, court: Court, parent: Organisation, plan: BranchPlan, position: int
    ) -> None:
        branch = self._org(
            court,
            "branch",
            plan.name,
            plan.slug,
            parent,
            position,
            department=plan.department,
            department_kind=plan.department_kind,
        )
        self.branches[(court_plan.slug, plan.slug)] = branch
        groups = [
            self._org(
                court,
                "group",
                f"{team}党小组",
                f"{plan.slug}-g{number}",
                branch,
                number,
                department=team,
                department_kind="other",
            )
            for number, team in enumerate(plan.teams, start=1)
        ]
        # At most one probationary member, and only where the branch keeps
        # three full members without them.
        probationary_at = plan.size - 1 if plan.size >= 5 and self.rng.random() < 0.4 else None
        members = []
        for index in range(plan.size):
            fields = member_fields(
                self.rng,
                self.names,
                region=court_plan.region_code,
                district=court_plan.district,
                kind=plan.department_kind,
                index=index,
                probationary=index == probationary_at,
                today=self.today,
            )
            member = Member(
                court=court,
                branch=branch,
                department=plan.department,
                group=groups[index % len(groups)] if groups else None,
                **fields,
            )
            db.session.add(member)
            members.append(member)
        posts = FULL_COMMITTEE if plan.size >= COMMITTEE_FROM else ("secretary",)
        for post, member in zip(posts, members, strict=False):  # the first members take the posts
            self._seat(branch, member, post, PARTY_POSTS[post])
            self.seats[(court_plan.slug, plan.slug, post)] = member
        self.plain_members[(court_plan.slug, plan.slug)] = [m for m in members[len(posts) :] if m.status == "full"]

    def _org(
        self,
        court: Court,
        kind: str,
        name: str,
        slug: str,
        parent: Organisation | None,
        position: int,
        department: str = "",
        department_kind: str = "",
    ) -> Organisation:
        org = Organisation(
            court=court,
            kind=kind,
            name=name,
            slug=slug,
            parent=parent,
            position=position,
            department=department,
            department_kind=department_kind,
        )
        db.session.add(org)
        return org

    def _seat(self, org: Organisation, member: Member, post: str, party_post: str) -> None:
        member.party_post = party_post
        db.session.add(CommitteeSeat(organisation=org, member=member, post=post))


def build_demo(seed: int = SEED, today: date | None = None) -> list[DemoAccount]:
    """Add the demo to the session and return its accounts with passwords."""
    builder = _Builder(seed, today or date.today())
    builder.court(INTERMEDIATE, None, 0)
    for position, plan in enumerate(basic_court_plans(builder.rng), start=1):
        builder.court(plan, builder.courts[INTERMEDIATE.slug], position)
    db.session.flush()
    return [_account(builder, spec) for spec in ACCOUNTS]


def _account(builder: _Builder, spec: AccountSpec) -> DemoAccount:
    court = builder.courts.get(spec.court) if spec.court else None
    branch = builder.branches.get((spec.court, spec.branch)) if spec.court and spec.branch else None
    if spec.seat:
        assert spec.court and spec.branch, "a committee seat is in a court's branch"
        member = builder.seats[(spec.court, spec.branch, spec.seat)]
    elif spec.role == "member":
        assert spec.court and spec.branch, "a member account is of a court's branch"
        member = builder.plain_members[(spec.court, spec.branch)].pop(0)
    else:
        member = None
    password = new_passphrase()
    user = User(
        username=spec.username,
        display_name=member.name if member else spec.display_name,
        password_hash=hash_password(password),
        court_id=court.id if court else None,
        member=member,
        is_demo=True,
        password_changed_at=utcnow(),
    )
    db.session.add(user)
    if spec.role != "member":  # the member role comes from the link to a member record
        user.roles.append(
            RoleAssignment(
                role=spec.role, court_id=court.id if court else None, organisation_id=branch.id if branch else None
            )
        )
    return DemoAccount.from_spec(spec, court, branch, password)
