"""The conventions every /api/v1 route shares, in one place: the Api object
(flask-smorest), bearer-token sign-in, JSON errors with stable codes, the
page envelope with Link headers, and ETags.

Resources (the host's and the plugins') only declare their permission with
``@requires`` and their schemas; everything here applies to them all.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any, NoReturn
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, jsonify, request
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from marshmallow import Schema, fields, validate
from werkzeug.exceptions import HTTPException, default_exceptions

from ..access import PUBLIC, view_permission
from ..db import db, writing
from ..inputs import MAX_INT
from ..refusals import Refused

PREFIX = "/api/v1"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20

# Stable codes (clients switch on them) and the Chinese message of each.
ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求格式有误，无法识别。"),
    401: ("unauthorized", "未提供有效的访问令牌（Authorization: Bearer …），或令牌已过期、已撤销。"),
    403: ("forbidden", "您的账号没有进行此操作的权限。"),
    404: ("not_found", "请求的资源不存在。"),
    405: ("method_not_allowed", "此接口不支持这种请求方式。"),
    409: ("conflict", "请求与当前数据冲突，请刷新后重试。"),
    413: ("too_large", "提交的内容太大。"),
    415: ("unsupported_media_type", "请以 JSON（Content-Type: application/json）提交。"),
    422: ("validation_error", "提交的数据有误，请检查后重试。"),
    429: ("rate_limited", "请求过于频繁，请稍后再试。"),
    500: ("server_error", "服务器处理请求时出错，已记录在日志中。请稍后重试。"),
}
READ_ONLY_MESSAGE = "这是只读令牌，不能修改数据；请使用读写令牌。"


def is_api_request() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


# --- errors -----------------------------------------------------------------------


def error_response(status: int, message: str | None = None, *, details: dict | None = None, code: str | None = None):
    default_code, default_message = ERRORS.get(status, ("error", "请求未能完成。"))
    body: dict[str, Any] = {"code": code or default_code, "message": message or default_message}
    if details:
        body["details"] = details
    response = jsonify({"error": body})
    response.status_code = status
    return response


def _field_errors(messages) -> dict:
    """webargs nests errors under their location ("query", "json"); clients
    want the fields."""
    if not isinstance(messages, dict):
        return {"_": messages}
    flat: dict = {}
    for key, value in messages.items():
        if key in ("query", "json", "form", "headers", "files", "path", "querystring") and isinstance(value, dict):
            flat.update(value)
        else:
            flat[key] = value
    return flat


def http_error(error: HTTPException):
    """An HTTP error under /api/v1 as JSON (errors.py calls this)."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    details = _field_errors(data["messages"]) if isinstance(data, dict) and "messages" in data else None
    message = data.get("message") if isinstance(data, dict) else None
    code = data.get("code") if isinstance(data, dict) else None
    response = error_response(status, message, details=details, code=code)
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    retry = getattr(error, "retry_after", None)
    if retry:
        response.headers["Retry-After"] = str(retry)
    return response


def refused(error: Refused):
    db.session.rollback()
    details = {name or "_": messages for name, messages in error.errors.items()}
    return error_response(422, error.message, details=details)


def api_abort(
    status: int, message: str | None = None, *, details: dict | None = None, code: str | None = None
) -> NoReturn:
    """Stop an API view with a JSON error: ``api_abort(404)`` or
    ``api_abort(409, "已经报名了", code="conflict")``.  ``details`` maps field
    names to lists of Chinese messages (as ``validation_error`` does)."""
    payload: dict[str, Any] = {}
    if message:
        payload["message"] = message
    if details:
        payload["messages"] = details
    if code:
        payload["code"] = code
    error = default_exceptions.get(status, HTTPException)(description=message)
    error.code = status
    error.data = payload  # type: ignore[attr-defined]  # read by http_error
    raise error


# --- schemas ----------------------------------------------------------------------

FIELD_MESSAGES = {
    "required": "必须填写。",
    "null": "不能为空。",
    "invalid": "格式不正确。",
    "too_large": "数值超出范围。",
    "validator_failed": "取值无效。",
    "format": "格式不正确。",
    "invalid_utf8": "不是有效的文字。",
    "special": "不是有效的数字。",
}
TYPE_MESSAGES = {
    fields.Integer: "请填写整数。",
    fields.Float: "请填写数字。",
    fields.Decimal: "请填写数字。",
    fields.Boolean: "请填写 true 或 false。",
    fields.Date: "请按 YYYY-MM-DD 填写日期。",
    fields.DateTime: "请按 ISO 8601 填写时间。",
    fields.String: "请填写文字。",
}


class ApiSchema(Schema):
    """Base of every API schema: Chinese validation messages (the field
    errors of ``validation_error``) and unknown JSON fields refused."""

    error_messages = {"unknown": "不认识的字段。", "type": "数据格式不正确，应为 JSON 对象。"}  # noqa: RUF012 (marshmallow's own way to set them)

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        messages = dict(FIELD_MESSAGES)
        for kind, message in TYPE_MESSAGES.items():
            if isinstance(field_obj, kind):
                messages["invalid"] = message
                break
        field_obj.error_messages.update(messages)


class ApiPageArgs(ApiSchema):
    """Query arguments of every list: ``?page=`` (from 1) and ``?per_page=``
    (1–100, default 20).  Extend it with a list's own filters."""

    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=MAX_INT, error="页码须为 1 以上的整数。"),
        metadata={"description": "页码，从 1 开始"},
    )
    per_page = fields.Integer(
        load_default=DEFAULT_PER_PAGE,
        validate=validate.Range(min=1, max=MAX_PER_PAGE, error=f"每页条数须在 1 到 {MAX_PER_PAGE} 之间。"),
        metadata={"description": f"每页条数（1–{MAX_PER_PAGE}）"},
    )


@cache
def page_of(item_schema: type[Schema]) -> type[Schema]:
    """The envelope schema ``{"items": [...], "page", "per_page", "total"}``
    of a list of ``item_schema`` (one class per item schema: the OpenAPI
    document names it once)."""
    name = item_schema.__name__.removesuffix("Schema") + "Page"
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
        },
        name=name,
    )


def _link(page: int, per_page: int) -> str:
    args = request.args.to_dict()
    args.update(page=str(page), per_page=str(per_page))
    return f"{request.base_url}?{urlencode(args)}"


def api_paginate(source, args: dict) -> tuple[dict, dict]:
    """One page of ``source`` (a ``select()`` or a list) for
    ``args = ApiPageArgs`` values: returns ``(envelope, headers)`` with the
    ``Link`` header (first, prev, next, last).  Return both from the view."""
    page, per_page = args["page"], args["per_page"]
    if isinstance(source, list):
        total = len(source)
        items = source[(page - 1) * per_page : page * per_page]
    else:
        pagination = db.paginate(source, page=page, per_page=per_page, error_out=False, count=True)
        total, items = pagination.total or 0, list(pagination.items)
    last = max(1, math.ceil(total / per_page))
    links = [f'<{_link(1, per_page)}>; rel="first"', f'<{_link(last, per_page)}>; rel="last"']
    if page > 1:
        links.append(f'<{_link(min(page - 1, last), per_page)}>; rel="prev"')
    if page < last:
        links.append(f'<{_link(page + 1, per_page)}>; rel="next"')
    envelope = {"items": items, "page": page, "per_page": per_page, "total": total}
    return envelope, {"Link": ", ".join(links), "X-Total-Count": str(total)}


# --- the Api and its blueprints ------------------------------------------------------


class ErrorBodySchema(Schema):
    code = fields.String(
        required=True,
        metadata={"description": "稳定的错误代码：" + ", ".join(code for code, _ in ERRORS.values())},
    )
    message = fields.String(required=True, metadata={"description": "中文说明"})
    details = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "validation_error：各字段的问题"},
    )


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class DangjianApi(Api):
    """flask-smorest's Api without its app-wide error handler: errors.py
    answers every error, in JSON under /api/v1 and as pages elsewhere."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        pass


class ApiBlueprint(SmorestBlueprint):
    """A blueprint of JSON API routes (flask-smorest's): declare arguments
    with ``@bp.arguments(Schema, location="query"|"json")`` and answers with
    ``@bp.response(200, Schema)``; both appear in the OpenAPI document.  A
    plugin's is mounted under ``/api/v1/<court>/<plugin>/``."""


# --- authentication, rate limit, ETags -----------------------------------------------


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _rate_limited(token_id: int) -> Response | None:
    from limits import parse

    from ..extensions import limiter

    if not current_app.config.get("RATELIMIT_ENABLED") or not limiter.enabled:
        return None
    try:
        item = parse(current_app.config["API_RATE_LIMIT"])
        strategy = limiter.limiter
    except (AssertionError, ValueError):
        return None
    if strategy.hit(item, "dangjian-api", str(token_id)):
        return None
    stats = strategy.get_window_stats(item, "dangjian-api", str(token_id))
    response = error_response(429)
    import time

    response.headers["Retry-After"] = str(max(1, int(stats.reset_time - time.time())))
    return response


def authenticate():
    """Before every API view that is not public: the bearer token signs the
    request in as its user (no session cookie is read or written), a read
    token refuses writes, the token's use is recorded and rate-limited."""
    if not is_api_request() or request.endpoint is None:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if view is None or view_permission(view) == PUBLIC:
        return None
    from ..api_tokens import services as tokens

    secret = _bearer()
    token = tokens.find_live(secret) if secret else None
    if token is None:
        db.session.rollback()
        response = error_response(401)
        response.headers["WWW-Authenticate"] = 'Bearer realm="dangjian"'
        return response
    user = token.user
    if user.must_change_password:
        return error_response(403, "管理员为您设置的初始密码尚未修改：请先在网页上登录并设置新密码。")
    limited = _rate_limited(token.id)
    if limited is not None:
        return limited
    if token.scope != "write" and request.method not in SAFE_METHODS:
        return error_response(403, READ_ONLY_MESSAGE)
    ip = request.remote_addr or ""
    if tokens.needs_touch(token, ip):
        token_id = token.id
        db.session.rollback()
        # Its own short writing transaction, so a GET stays a read after it.
        with writing():
            tokens.touch(token_id, ip)
            db.session.commit()
        user = db.session.get(type(user), user.id)
    g._login_user = user  # Flask-Login's current_user for this request only
    g.api_token_scope = token.scope
    return None


def add_etag(response: Response) -> Response:
    if not is_api_request():
        return response
    response.headers.setdefault("Cache-Control", "private, no-cache")
    if request.method in ("GET", "HEAD") and response.status_code == 200 and response.is_json:
        response.add_etag()
        response.make_conditional(request)
    return response


SPEC = {
    "title": "法院党建工作平台 JSON API",
    "version": "v1",
    # apispec writes a document that validates as 3.1 (tests/host/test_api_core.py).
    "openapi_version": "3.1.0",
    "info": {
        "description": (
            "以个人访问令牌（访问令牌）认证：请求头 `Authorization: Bearer dj_…`。"
            '错误统一为 `{"error": {"code": …, "message": …}}`。'
        )
    },
    "servers": [{"url": "/"}],
    "security": [{"bearerAuth": []}],
}


def init_app(app: Flask) -> DangjianApi:
    api = DangjianApi(app, spec_kwargs=dict(SPEC))
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    app.extensions["dangjian.api"] = api

    # This module is the API's request interface: the hooks commit (a token's
    # last use) the way views do.
    @app.before_request
    def api_sign_in():
        return authenticate()

    @app.after_request
    def api_etag(response: Response) -> Response:
        return add_etag(response)

    return api
