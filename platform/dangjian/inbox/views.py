"""我的待办, 通知 and 通知设置: pages of the signed-in user in a court."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import requires
from ..courts.tenancy import court_blueprint
from ..db import db, utcnow, writing
from ..inputs import page_arg
from . import services
from .badge import court_today, todos_for, unread_count
from .forms import EMAIL_PREFERENCES, NotificationSettingsForm
from .todos import Todo

bp = court_blueprint("inbox", __name__, url_prefix="/inbox")
NOTIFICATIONS_PER_PAGE = 20


@dataclass(frozen=True)
class ShownTodo:
    item: Todo
    days_left: int | None

    @property
    def due_label(self) -> str:
        if self.days_left is None:
            return ""
        if self.days_left < 0:
            return f"已逾期 {-self.days_left} 天"
        if self.days_left == 0:
            return "今天到期"
        if self.days_left == 1:
            return "明天到期"
        return f"还剩 {self.days_left} 天"

    @property
    def due_class(self) -> str:
        if self.days_left is None:
            return "text-bg-light border"
        if self.days_left < 0:
            return "text-bg-danger"
        return "text-bg-warning" if self.days_left <= 3 else "text-bg-light border"


def shown(items: list[Todo], today: date) -> list[ShownTodo]:
    return [ShownTodo(item, (item.due - today).days if item.due else None) for item in items]


def grouped(items: list[ShownTodo]) -> list[tuple[str, list[ShownTodo]]]:
    """Groups by kind label; the group with the most urgent item first, and
    inside a group the soonest due date first (undated last)."""
    groups: dict[str, list[ShownTodo]] = {}
    for entry in items:
        groups.setdefault(entry.item.kind_label, []).append(entry)

    def urgency(entry: ShownTodo):
        return (entry.item.due is None, entry.item.due or date.max, entry.item.title)

    ordered = [(label, sorted(entries, key=urgency)) for label, entries in groups.items()]
    return sorted(ordered, key=lambda group: (urgency(group[1][0]), group[0]))


@bp.route("/")
@requires("inbox.view")
def index():
    today = court_today(g.court)
    items = shown(todos_for(g.court, current_user), today)
    overdue = sum(1 for entry in items if entry.days_left is not None and entry.days_left < 0)
    return render_template("inbox/index.html", groups=grouped(items), total=len(items), overdue=overdue, today=today)


# --- notifications ---------------------------------------------------------------


@bp.route("/notifications/")
@requires("inbox.view")
def notifications():
    unread_only = request.args.get("show") == "unread"
    page = db.paginate(
        services.user_notifications(current_user, g.court, unread_only=unread_only),
        page=page_arg(),
        per_page=NOTIFICATIONS_PER_PAGE,
        error_out=False,
    )
    return render_template(
        "inbox/notifications.html", page=page, unread_only=unread_only, unread=unread_count(g.court, current_user)
    )


def _notification_or_404(notification_id: int):
    notification = services.own_notification(current_user, g.court, notification_id)
    if notification is None:
        from flask import abort

        abort(404)
    return notification


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@requires("inbox.view")
def read(notification_id: int):
    services.mark_read(_notification_or_404(notification_id))
    db.session.commit()
    return redirect(_back())


@bp.route("/notifications/read-all", methods=["POST"])
@requires("inbox.view")
def read_all():
    count = services.mark_all_read(current_user, g.court)
    db.session.commit()
    flash(f"已将 {count} 条通知标为已读。" if count else "没有未读通知。", "success" if count else "info")
    return redirect(url_for(".notifications"))


@bp.route("/notifications/<int:notification_id>/open")
@requires("inbox.view")
def open_notification(notification_id: int):
    notification = _notification_or_404(notification_id)
    target = services.local_path(notification.url)
    if notification.read_at is None:
        # A GET that writes: end the read and begin a writing transaction
        # (SQLite's BEGIN IMMEDIATE) for the one update.
        notification_id = notification.id
        db.session.rollback()
        with writing():
            notification = _notification_or_404(notification_id)
            notification.read_at = utcnow()
            db.session.commit()
    if target is None:
        if notification.url:
            flash("这条通知所附的链接不是本平台的地址，已为您打开通知列表。", "warning")
        return redirect(url_for(".notifications"))
    return redirect(target)


def _back() -> str:
    target = services.local_path(request.form.get("next"))
    return target or url_for(".notifications")


# --- settings --------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
@requires("inbox.view")
def settings():
    user = current_user._get_current_object()
    form = NotificationSettingsForm(obj=None if request.method == "POST" else user)
    if form.validate_on_submit():
        user.email = form.email.data
        user.notify_email = form.notify_email.data
        db.session.commit()
        flash("通知设置已保存。", "success")
        return redirect(url_for(".settings"))
    return render_template(
        "inbox/settings.html",
        form=form,
        preferences=EMAIL_PREFERENCES,
        mail_configured=bool(current_app.config.get("MAIL_SERVER")),
    ), 400 if form.errors else 200
