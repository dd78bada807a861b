"""The host's resources — me, to-dos, notifications, announcements — and
the OpenAPI document with its reference page."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, render_template
from flask_login import current_user
from marshmallow import fields, validate

from ..access import AUTHENTICATED, PUBLIC, requires
from ..access.roles import ROLE_LABELS
from ..announcements import queries as announcement_queries
from ..courts.tenancy import pull_court, push_court
from ..db import db
from ..inbox import services as inbox_services
from ..inbox.badge import todos_for
from .core import PREFIX, ApiBlueprint, ApiPageArgs, ApiSchema, api_abort, api_paginate, page_of

# --- the document and the reference page (not part of the document) -----------

docs_bp = Blueprint("api_docs", __name__, url_prefix=PREFIX)


@docs_bp.route("/openapi.json")
@requires(PUBLIC)
def openapi():
    return jsonify(current_app.extensions["dangjian.api"].spec.to_dict())


@docs_bp.route("/docs")
@requires(PUBLIC)
def docs():
    return render_template("jsonapi/docs.html")


# --- schemas -------------------------------------------------------------------------


class CourtRefSchema(ApiSchema):
    slug = fields.String(required=True, metadata={"description": "法院代码，用于 URL：/api/v1/<slug>/…"})
    name = fields.String(required=True, attribute="display_name")


class RoleSchema(ApiSchema):
    role = fields.String(required=True)
    label = fields.Function(lambda a: ROLE_LABELS.get(a.role, a.role), required=True)
    court = fields.Function(lambda a: a.court.slug if a.court else None, allow_none=True)
    organisation_id = fields.Integer(allow_none=True)
    organisation = fields.Function(lambda a: a.organisation.name if a.organisation else None, allow_none=True)


class MemberRefSchema(ApiSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    court = fields.Function(lambda m: m.court.slug if getattr(m, "court", None) else None, allow_none=True)
    branch_id = fields.Integer(required=True)
    branch = fields.Function(lambda m: m.branch.name if m.branch else None, allow_none=True)


class MeSchema(ApiSchema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    display_name = fields.String(required=True, attribute="label")
    email = fields.String(required=True)
    member = fields.Nested(MemberRefSchema, allow_none=True)
    roles = fields.List(fields.Nested(RoleSchema), required=True)
    courts = fields.Method("_courts", required=True, metadata={"description": "可访问的法院（担任角色或党员所在）"})
    token_scope = fields.Function(lambda u: g.get("api_token_scope"), required=True)

    def _courts(self, user):
        courts = {a.court.id: a.court for a in user.roles if a.court is not None}
        if user.member is not None and user.member.left_on is None:
            courts.setdefault(user.member.court_id, user.member.court)
        ordered = sorted(courts.values(), key=lambda c: (c.position, c.id))
        return CourtRefSchema(many=True).dump(ordered)


class TodoSchema(ApiSchema):
    kind = fields.String(required=True, metadata={"description": "稳定的类型代码，如 archives.returned"})
    kind_label = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "网页上办理的地址"})
    due = fields.Date(allow_none=True)
    detail = fields.String(required=True)


class TodoArgs(ApiPageArgs):
    kind = fields.String(validate=validate.Length(max=60), metadata={"description": "只看这一类待办"})


class NotificationSchema(ApiSchema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    body = fields.String(required=True)
    url = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    read_at = fields.DateTime(allow_none=True)


class NotificationArgs(ApiPageArgs):
    unread = fields.Boolean(load_default=False, metadata={"description": "true：只看未读"})


class MarkedSchema(ApiSchema):
    marked = fields.Integer(required=True)


class AnnouncementSchema(ApiSchema):
    id = fields.Integer(required=True, attribute="announcement.id")
    title = fields.String(required=True, attribute="announcement.title")
    court = fields.Function(lambda r: r.announcement.court.slug, required=True, metadata={"description": "发布的法院"})
    published_at = fields.DateTime(required=True, attribute="announcement.published_at")
    ack_deadline = fields.Date(allow_none=True, attribute="announcement.ack_deadline")
    file_count = fields.Integer(required=True, attribute="announcement.file_count")
    read_at = fields.DateTime(allow_none=True)
    acknowledged_at = fields.DateTime(allow_none=True)


class AnnouncementArgs(ApiPageArgs):
    q = fields.String(validate=validate.Length(max=100), metadata={"description": "标题包含"})
    show = fields.String(
        validate=validate.OneOf(["unread", "unacked"], error="show 只能是 unread 或 unacked。"),
        metadata={"description": "unread：未读；unacked：待确认"},
    )


# --- resources -------------------------------------------------------------------------

bp = ApiBlueprint("api", __name__, url_prefix=PREFIX, description="当前用户")


@bp.route("/me")
@requires(AUTHENTICATED)
@bp.response(200, MeSchema)
def me():
    """我的账号：资料、角色、可访问的法院"""
    return current_user._get_current_object()


court_bp = ApiBlueprint("api_court", __name__, url_prefix=PREFIX + "/<court_slug>", description="待办、通知、公告")
court_bp.url_value_preprocessor(pull_court)
court_bp.url_defaults(push_court)


@court_bp.route("/todos")
@requires("inbox.view")
@court_bp.arguments(TodoArgs, location="query")
@court_bp.response(200, page_of(TodoSchema))
def todos(args):
    """我的待办（与网页“我的待办”相同，截止日期近的在前）"""
    items = todos_for(g.court, current_user)
    if args.get("kind"):
        items = [item for item in items if item.kind == args["kind"]]
    return api_paginate(items, args)


@court_bp.route("/notifications")
@requires("inbox.view")
@court_bp.arguments(NotificationArgs, location="query")
@court_bp.response(200, page_of(NotificationSchema))
def notifications(args):
    """我的通知（新的在前）"""
    query = inbox_services.user_notifications(current_user, g.court, unread_only=args["unread"])
    return api_paginate(query, args)


@court_bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@requires("inbox.view")
@court_bp.response(200, NotificationSchema)
def notification_read(notification_id: int):
    """把一条通知标为已读（需读写令牌；重复调用不改变什么）"""
    notification = inbox_services.own_notification(current_user, g.court, notification_id)
    if notification is None:
        api_abort(404, "通知不存在。")
    inbox_services.mark_read(notification)
    db.session.commit()
    return notification


@court_bp.route("/notifications/read-all", methods=["POST"])
@requires("inbox.view")
@court_bp.response(200, MarkedSchema)
def notifications_read_all():
    """全部标为已读（需读写令牌）"""
    count = inbox_services.mark_all_read(current_user, g.court)
    db.session.commit()
    return {"marked": count}


@court_bp.route("/announcements")
@requires("announcements.view")
@court_bp.arguments(AnnouncementArgs, location="query")
@court_bp.response(200, page_of(AnnouncementSchema))
def announcements(args):
    """发给我的通知公告（已发布、未撤回；新的在前）"""
    query = announcement_queries.received(current_user, g.court, search=args.get("q", ""), show=args.get("show", ""))
    return api_paginate(query, args)


__all__ = ["bp", "court_bp", "docs_bp"]
