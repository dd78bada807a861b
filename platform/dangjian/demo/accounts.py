"""The demo accounts: one per role, with passwords generated per run."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..access.roles import BRANCH_EDITOR, BRANCH_SECRETARY, COURT_ADMIN, MEMBER, PLATFORM_ADMIN, ROLE_LABELS
from ..auth.passwords import new_passphrase  # noqa: F401 (shared with bulk account creation)


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    court: str | None  # court slug
    branch: str | None  # branch slug
    seat: str | None = None  # the committee post of the linked member
    display_name: str = ""


ACCOUNTS = (
    AccountSpec("demo-platform", PLATFORM_ADMIN, None, None, display_name="平台管理员（演示）"),
    AccountSpec("demo-zy-admin", COURT_ADMIN, "zy", None, display_name="中院机关党委管理员（演示）"),
    AccountSpec("demo-wenfeng-admin", COURT_ADMIN, "wenfeng", None, display_name="文峰区法院机关党委管理员（演示）"),
    AccountSpec("demo-snt-secretary", BRANCH_SECRETARY, "zy", "snt", seat="secretary"),
    AccountSpec("demo-snt-editor", BRANCH_EDITOR, "zy", "snt", seat="publicity"),
    AccountSpec("demo-snt-member", MEMBER, "zy", "snt"),
)


@dataclass(frozen=True)
class DemoAccount:
    role: str  # Chinese label
    court: str | None
    branch: str | None
    username: str
    password: str

    @classmethod
    def from_spec(cls, spec: AccountSpec, court, branch, password: str) -> DemoAccount:
        return cls(
            role=ROLE_LABELS[spec.role],
            court=court.name if court is not None else None,
            branch=branch.name if branch is not None else None,
            username=spec.username,
            password=password,
        )

    def as_dict(self) -> dict:
        return asdict(self)
