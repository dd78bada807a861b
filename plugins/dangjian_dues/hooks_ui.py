"""What the module adds to the host's screens: nav, dashboard, member page."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from dangjian.api import NavItem, Panel, Widget, can, court_today, member_of

from . import ledger
from .money import yuan
from .scoping import manage_scope, may_see_pay


def nav_items():
    return [NavItem("党费", "dues.index", "dues.view", order=55, icon="cash-coin")]


def dashboard_widgets(court, user) -> list[Widget]:
    if not user.is_authenticated or not can("dues.view", court):
        return []
    today = court_today(court)
    member = member_of(user, court)
    scope = manage_scope(user, court)
    own = None
    if member is not None:
        book = ledger.load(court, [member.id], ledger.look_back_years(today))
        own = {
            "expected": book.expected(member, today.year, today.month),
            "paid": book.paid_in(member.id, today.year, today.month),
            "run": book.unpaid_run(member, today),
            "rate": book.rate(member.id, today.year),
        }
    behind = ledger.behind(court, today, scope, at_least=3) if scope is None or scope else None
    if own is None and behind is None:
        return []
    html = render_template("dues/widget.html", own=own, behind=behind, today=today, yuan=yuan)
    return [Widget("党费", Markup(html), order=55)]


def member_panels(court, member, user) -> list[Panel]:
    """Pay figures: only for the member, their branch's secretary or dues officer, and the court admin."""
    if not user.is_authenticated or not may_see_pay(user, court, member):
        return []
    today = court_today(court)
    book = ledger.load(court, [member.id], ledger.look_back_years(today))
    own = member_of(user, court) is member
    html = render_template(
        "dues/panel.html",
        member=member,
        rate=book.rate(member.id, today.year),
        run=book.unpaid_run(member, today),
        arrears=book.arrears(member, today),
        own=own,
        today=today,
        yuan=yuan,
    )
    return [Panel("党费", Markup(html), order=55)]
