"""Error pages in Chinese."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .db import db
from .jsonapi import core as jsonapi
from .ops.logs import request_id
from .refusals import Refused

MESSAGES = {
    400: ("请求有误", "提交的内容无法识别，请返回上一页重试。"),
    403: ("没有权限", "您的账号没有访问此页面的权限。如需开通，请联系本院机关党委管理员。"),
    404: ("页面不存在", "您访问的页面不存在，或者已被删除、移动。"),
    405: ("操作不被允许", "此页面不支持这种操作方式。"),
    413: ("文件太大", "上传的文件超过了允许的大小，请压缩或拆分后再试。"),
    429: ("操作过于频繁", "请求次数过多，请稍后再试。"),
    500: ("系统出错了", "服务器处理请求时发生错误，已记录在日志中。请稍后重试，若一再出现请联系管理员。"),
}


def _page(code: int, title: str | None = None, message: str | None = None):
    default_title, default_message = MESSAGES.get(code, ("出错了", "请求未能完成。"))
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or default_title,
            message=message or default_message,
            request_id=request_id(),
        ),
        code,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return _page(
            400,
            "页面已过期",
            "表单的安全校验未通过（页面停留过久或在别处退出了登录）。请刷新页面后重新提交。",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if jsonapi.is_api_request():
            return jsonapi.http_error(error)
        return _page(error.code)

    @app.errorhandler(Refused)
    def refused(error: Refused):
        # Only the API lets a refusal travel up to here (its answer: 422 with
        # the reasons by field); a page that did not catch one is a bug.
        if jsonapi.is_api_request():
            return jsonapi.refused(error)
        raise error

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        # Flask has logged an unhandled exception with its traceback already.
        if getattr(error, "original_exception", None) is None:
            app.logger.error("500 on %s %s", request.method, request.path)
        if jsonapi.is_api_request():
            return jsonapi.error_response(500)
        return _page(500)
