"""Roles, the named permissions they carry, and what a role's scope covers.

A role is held within a scope (docs/architecture.md): the platform, one
court, or one branch.  Permissions are named strings; the host declares its
own here and announces them through the ``dangjian_permissions`` hook
(``core_hooks``), the same way plugins declare theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PLATFORM_ADMIN = "platform_admin"
COURT_ADMIN = "court_admin"
BRANCH_SECRETARY = "branch_secretary"
BRANCH_EDITOR = "branch_editor"
MEMBER = "member"

ROLE_LABELS = {
    PLATFORM_ADMIN: "平台管理员",
    COURT_ADMIN: "机关党委管理员",
    BRANCH_SECRETARY: "支部书记",
    BRANCH_EDITOR: "支部宣传委员（网站编辑）",
    MEMBER: "党员",
}
# The scope each role is assigned in.
ROLE_SCOPES = {
    PLATFORM_ADMIN: "platform",
    COURT_ADMIN: "court",
    BRANCH_SECRETARY: "branch",
    BRANCH_EDITOR: "branch",
    MEMBER: "branch",
}
# Roles a court admin may hand out inside their court.  The member role comes
# from the account's link to a member record, not from an assignment.
ASSIGNABLE_IN_COURT = (COURT_ADMIN, BRANCH_SECRETARY, BRANCH_EDITOR)

# Pseudo-permissions for views that need no role.
PUBLIC = "public"
AUTHENTICATED = "authenticated"


@dataclass(frozen=True)
class Permission:
    """A permission a view can require: ``name`` (``<plugin>.<action>``), its
    Chinese ``label``, and the roles that hold it."""

    name: str
    label: str
    roles: frozenset[str] = field(default_factory=frozenset)
    # Granted read-only to the admins of the court above (中院 over 基层法院).
    oversight: bool = False


HOST_PERMISSIONS = (
    Permission(
        "court.dashboard",
        "查看本院工作台",
        frozenset({COURT_ADMIN, BRANCH_SECRETARY, BRANCH_EDITOR, MEMBER}),
        oversight=True,
    ),
    Permission("inbox.view", "查看我的待办与通知", frozenset({COURT_ADMIN, BRANCH_SECRETARY, BRANCH_EDITOR, MEMBER})),
    Permission(
        "announcements.view",
        "查看发给本人的通知公告",
        frozenset({COURT_ADMIN, BRANCH_SECRETARY, BRANCH_EDITOR, MEMBER}),
    ),
    Permission("announcements.manage", "发布通知公告、查看签收情况", frozenset({COURT_ADMIN})),
    Permission("org.view", "查看组织架构", frozenset({COURT_ADMIN, BRANCH_SECRETARY}), oversight=True),
    Permission("org.manage", "管理组织架构", frozenset({COURT_ADMIN})),
    Permission("members.view", "查看党员名册", frozenset({COURT_ADMIN, BRANCH_SECRETARY})),
    Permission("members.edit", "新增、编辑党员信息", frozenset({COURT_ADMIN, BRANCH_SECRETARY})),
    Permission("members.personal", "查看党员个人敏感信息", frozenset({COURT_ADMIN, BRANCH_SECRETARY})),
    Permission("members.transfer", "党员组织关系转接", frozenset({COURT_ADMIN})),
    Permission("members.import", "导入、导出党员名册", frozenset({COURT_ADMIN})),
    Permission("members.self", "查看本人党员档案", frozenset({MEMBER})),
    Permission("users.manage", "管理用户账号与角色", frozenset({COURT_ADMIN})),
    Permission("audit.view", "查看操作日志", frozenset({COURT_ADMIN})),
    Permission("sites.edit", "编辑支部品牌网站", frozenset({COURT_ADMIN, BRANCH_SECRETARY, BRANCH_EDITOR})),
    Permission("sites.publish", "审核发布支部品牌网站内容", frozenset({COURT_ADMIN, BRANCH_SECRETARY})),
    Permission("modules.manage", "启用、停用和设置功能模块", frozenset({COURT_ADMIN})),
    Permission("courts.manage", "管理法院及层级", frozenset()),
    Permission("platform.modules", "查看插件与各院模块启用情况", frozenset()),
    Permission("platform.audit", "查看全平台操作日志", frozenset()),
)

# Branch-scoped roles see only their own branch (and its party groups).
BRANCH_SCOPED_ROLES = frozenset({BRANCH_SECRETARY, BRANCH_EDITOR, MEMBER})
