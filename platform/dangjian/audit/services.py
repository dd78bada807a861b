"""Writing to the audit log.  Entries join the caller's transaction, so an
action and its record commit or roll back together."""

from __future__ import annotations

from flask import g, has_request_context, request
from flask_login import current_user

from ..db import db
from .models import AuditEntry

# The host's own actions, declared through dangjian_audit_actions
# (core_hooks) like a plugin's.
ACTION_LABELS = {
    "auth.login": "登录成功",
    "auth.login_failed": "登录失败",
    "auth.locked": "账号临时锁定",
    "auth.logout": "退出登录",
    "auth.password_changed": "修改密码",
    "api_token.created": "创建访问令牌",
    "api_token.revoked": "撤销访问令牌",
    "user.created": "创建账号",
    "user.bulk_created": "批量创建账号",
    "user.updated": "修改账号",
    "user.disabled": "停用账号",
    "user.enabled": "启用账号",
    "user.password_reset": "重置密码",
    "role.granted": "授予角色",
    "role.revoked": "撤销角色",
    "org.created": "新建组织",
    "org.renamed": "修改组织",
    "org.moved": "调整隶属关系",
    "org.dissolved": "撤销组织",
    "org.committee": "调整支委会",
    "member.created": "新增党员",
    "member.updated": "修改党员信息",
    "member.transferred": "党员组织关系转接",
    "member.left": "党员转出",
    "member.transfer_requested": "申请跨院转出",
    "member.transfer_withdrawn": "撤回跨院转出申请",
    "member.transfer_declined": "退回跨院转入申请",
    "member.transferred_in": "接收外院转入党员",
    "member.transferred_out": "党员转至外院",
    "member.imported": "导入党员名册",
    "member.import_undone": "撤销导入批次",
    "member.exported": "导出党员名册",
    "court.created": "新建法院",
    "court.updated": "修改法院",
    "site.brand": "修改支部品牌",
    "site.sections": "调整网站首页栏目",
    "site.created": "新建网站内容",
    "site.edited": "修改网站内容",
    "site.deleted": "删除网站内容",
    "site.submitted": "提交网站内容审核",
    "site.returned": "退回网站内容",
    "site.published": "发布网站内容",
    "site.scheduled": "定时发布网站内容",
    "site.unpublished": "撤下网站内容",
    "site.restored": "恢复网站内容历史版本",
    "site.menu": "修改网站菜单",
    "module.enabled": "启用功能模块",
    "module.disabled": "停用功能模块",
    "module.settings": "修改功能模块设置",
    "user.unlocked": "解除登录锁定",
    "announcement.created": "新建通知公告",
    "announcement.updated": "修改通知公告",
    "announcement.published": "发布通知公告",
    "announcement.withdrawn": "撤回通知公告",
    "announcement.deleted": "删除通知公告",
    "announcement.exported": "导出通知签收情况",
}


def action_labels() -> dict[str, str]:
    """The labels the host and the installed plugins declare through
    ``dangjian_audit_actions``."""
    from ..plugins import plugin_host

    return plugin_host().audit_labels()


def client_ip() -> str:
    if not has_request_context():
        return ""
    return request.remote_addr or ""


def record(
    action: str, summary: str = "", *, target=None, court=None, user=None, username=None, detail=None
) -> AuditEntry:
    """Add an audit entry to the current session (the caller commits)."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    if court is None and has_request_context():
        court = g.get("court")
    entry = AuditEntry(
        action=action,
        summary=summary[:300],
        user_id=user.id if user is not None else None,
        username=username if username is not None else (user.username if user is not None else ""),
        court_id=court.id if court is not None else None,
        target_type=type(target).__name__ if target is not None else "",
        target_id=getattr(target, "id", None),
        detail=detail,
        ip=client_ip(),
    )
    db.session.add(entry)
    return entry
