"""What the development module puts in the inbox: deadlines of the files a
secretary keeps (谈话, 半年考察, 按期转正), soon or passed."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for

from dangjian.api import Todo, branch_scope, can, court_today, db, module_settings

from . import pipeline, services


def todos(court, user) -> list[Todo]:
    if not can("development.manage", court):
        return []
    scope = branch_scope(user, "development.manage", court)
    today = court_today(court)
    warn = timedelta(days=int(module_settings("development", court).get("warn_days") or 14))
    active = [c for c in db.session.scalars(services.candidates_query(court, scope)) if c.stage != "full"]
    return [
        Todo(
            f"development.{due.deadline.code}",
            "发展党员期限",
            f"{due.candidate.name}：{due.deadline.title}",
            url_for("development.candidate_detail", candidate_id=due.candidate.id),
            due=due.deadline.due,
            detail=("已逾期 " if due.overdue else "期限 ")
            + f"{due.deadline.due:%Y-%m-%d}（{due.candidate.branch.name}）",
        )
        for due in pipeline.dues(active, today, within=warn)
    ]
