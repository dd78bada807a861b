"""Helpers of the JSON API tests: a token for a user, its header, and the
shape of an error."""

from __future__ import annotations

import re

from dangjian.api_tokens import services
from dangjian.db import db

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def issue_token(user, scope: str = "write", days: int = 30, name: str = "测试令牌") -> str:
    _token, secret = services.create_token(user, name=name, scope=scope, days=days)
    db.session.commit()
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def assert_error(response, status: int, code: str) -> dict:
    """The response is ``{"error": {"code": code, "message": <Chinese>}}``."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.is_json, response.content_type
    error = response.get_json()["error"]
    assert error["code"] == code, error
    assert CHINESE.search(error["message"]), error
    return error
