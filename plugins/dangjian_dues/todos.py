"""What the dues module puts in the inbox: members unpaid for some months
to whoever keeps their branch's dues (default 3), and members unpaid long
enough to be a serious matter to the court admin (default 6, marked 严重)."""

from __future__ import annotations

from flask import url_for

from dangjian.api import Todo, branch_scope, court_today

from . import ledger, services
from .money import yuan
from .scoping import manage_scope


def todos(court, user) -> list[Todo]:
    scope = manage_scope(user, court)
    if scope is not None and not scope:
        return []
    options = services.settings(court)
    notice = int(options.get("notice_months") or 3)
    serious = int(options.get("serious_months") or 6)
    court_wide = branch_scope(user, "dues.manage", court) is None
    today = court_today(court)
    items = []
    for member, run, owed in ledger.behind(court, today, scope, at_least=min(notice, serious)):
        url = url_for("dues.member", member_id=member.id)
        if court_wide and run >= serious:
            items.append(
                Todo(
                    "dues.serious",
                    f"连续 {serious} 个月以上未交党费（严重）",
                    f"{member.name}：已连续 {run} 个月未交党费",
                    url,
                    detail=f"严重：按规定，党员无正当理由连续 {serious} 个月不交纳党费，属严重情况，应由党组织按规定处理。"
                    f"欠缴 {yuan(owed)} 元。",
                )
            )
        elif not court_wide and run >= notice:
            items.append(
                Todo(
                    "dues.unpaid",
                    f"连续 {notice} 个月以上未交党费",
                    f"{member.name}：已连续 {run} 个月未交党费",
                    url,
                    detail=f"欠缴 {yuan(owed)} 元，请提醒本人按时交纳或补交。",
                )
            )
    return items
