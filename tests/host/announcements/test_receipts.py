"""The sender's receipts page (counts per branch and per court, who has
not read or acknowledged) and its .xlsx export."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from openpyxl import load_workbook

from dangjian.db import db
from tests.factories import make_member, make_user

from .helpers import main_text, publish, text

SOON = (date.today() + timedelta(days=7)).isoformat()


def unit_row(page: str, name: str) -> list[str]:
    """The cells of the receipts table's row for ``name``, as plain text."""
    row = page.split(f">{name}</th>", 1)[1].split("</tr>", 1)[0]
    cells = [cell.split(">", 1)[1] for cell in row.split("<td")[1:]]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip() for cell in cells]


def test_counts_per_branch_and_who_has_not(client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client, title="支部签收", deadline=SOON)
    login_as(world.member_user)
    client.get(f"/zy/announcements/{announcement.id}")
    client.post(f"/zy/announcements/{announcement.id}/acknowledge")
    login_as(world.juvenile_secretary)
    client.get(f"/zy/announcements/{announcement.id}")

    login_as(world.zy_admin)
    page = main_text(client.get(f"/zy/announcements/manage/{announcement.id}/receipts"))
    # 少年庭: secretary, editor, member — 2 read, 1 acknowledged; 办公室: its editor, nothing yet.
    juvenile = unit_row(page, "少年庭党支部")
    assert juvenile[0] == "3" and juvenile[1].startswith("2 / 3") and juvenile[2].startswith("1 / 3")
    office = unit_row(page, "办公室党支部")
    assert office[0] == "1" and office[1].startswith("0 / 1")
    # Unread by default: only those who have not opened it.
    people = page.split('id="people-title"', 1)[1]
    assert "sntbj" in people and "bgsbj" in people
    assert "林晓彤" not in people and "sntsj" not in people
    unacked = main_text(client.get(f"/zy/announcements/manage/{announcement.id}/receipts?show=unacked"))
    people = unacked.split('id="people-title"', 1)[1]
    assert "sntsj" in people and "林晓彤" not in people  # read but not acknowledged
    everyone = main_text(client.get(f"/zy/announcements/manage/{announcement.id}/receipts?show=all"))
    assert "林晓彤" in everyone.split('id="people-title"', 1)[1]


def test_export_lists_every_addressee_with_their_state(client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client, title='=HYPERLINK("http://x")导出', deadline=SOON)
    login_as(world.member_user)
    client.post(f"/zy/announcements/{announcement.id}/acknowledge")
    login_as(world.zy_admin)
    response = client.get(f"/zy/announcements/manage/{announcement.id}/receipts.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["汇总", "收件人明细"]
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[0][0] == '通知公告：=HYPERLINK("http://x")导出'  # text, and the title cell…
    assert book["汇总"]["A1"].data_type == "s"  # …is a string, never a formula
    table = {row[1]: row[2:6] for row in summary[4:] if row[0]}
    assert table["少年庭党支部"] == (3, 1, 2, 1)
    assert table["办公室党支部"] == (1, 0, 1, 0)
    assert summary[-1][0] == "合计" and summary[-1][2:6] == (4, 1, 3, 1)
    rows = list(book["收件人明细"].iter_rows(values_only=True))
    assert rows[0] == ("法院", "党支部", "姓名", "账号", "状态", "阅读时间", "确认时间")
    by_name = {row[3]: row for row in rows[1:]}
    assert set(by_name) == {"sntsj", "sntbj", "bgsbj", "lxt"}
    assert by_name["lxt"][:5] == ("安阳市中级人民法院", "少年庭党支部", "林晓彤", "lxt", "已确认")
    assert by_name["lxt"][5] and by_name["lxt"][6]
    assert by_name["bgsbj"][4] == "未读" and by_name["bgsbj"][5] is None
    # The export is in the audit log.
    assert "导出通知公告" in text(client.get("/zy/manage/audit/"))


def test_courts_below_are_counted_per_court_with_their_branches(client, world, login_as, wf_user):
    from dangjian.courts.models import Court

    empty = Court(slug="empty", name="安阳市北关区人民法院", parent=world.zy, level="basic")
    db.session.add(empty)
    db.session.commit()
    login_as(world.zy_admin)
    announcement = publish(client, title="致基层法院", scope="courts_below")
    login_as(wf_user)
    client.get(f"/wf/announcements/{announcement.id}")
    login_as(world.zy_admin)
    page = main_text(client.get(f"/zy/announcements/manage/{announcement.id}/receipts"))
    wf = unit_row(page, "安阳市文峰区人民法院")
    assert wf[0] == "2" and wf[1].startswith("1 / 2")
    assert unit_row(page, '<span class="visually-hidden">安阳市文峰区人民法院 · </span>立案庭党支部')[0] == "1"
    without = page.split("dj-units-without", 1)[1].split("</div>", 1)[0]
    assert "另有 1 个法院发布时还没有账号" in without and "安阳市北关区人民法院" in without
    book = load_workbook(io.BytesIO(client.get(f"/zy/announcements/manage/{announcement.id}/receipts.xlsx").data))
    courts = {row[0] for row in book["收件人明细"].iter_rows(min_row=2, values_only=True)}
    assert courts == {"安阳市文峰区人民法院"}


def test_receipts_belong_to_the_sending_court(client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client)
    login_as(world.wf_admin)
    assert client.get(f"/wf/announcements/manage/{announcement.id}/receipts").status_code == 404
    assert client.get(f"/wf/announcements/manage/{announcement.id}/receipts.xlsx").status_code == 404
    login_as(world.juvenile_secretary)
    assert client.get(f"/zy/announcements/manage/{announcement.id}/receipts").status_code == 403


def test_a_branch_without_accounts_shows_with_none(client, world, login_as):
    branch = world.office
    make_member(branch, "没有账号的党员")
    login_as(world.zy_admin)
    announcement = publish(client, scope="branches", branches=[world.juvenile.id, branch.id])
    page = main_text(client.get(f"/zy/announcements/manage/{announcement.id}/receipts"))
    assert unit_row(page, "办公室党支部")[0] == "1"  # its editor; the member without an account is not counted
    assert "dj-units-without" not in page  # every chosen branch has someone
    other = make_user("newcomer", member=make_member(world.juvenile, "后来的党员"))
    db.session.commit()
    assert other.id not in {r.user_id for r in announcement_receipts(announcement)}  # fixed at publishing


def announcement_receipts(announcement):
    from sqlalchemy import select

    from dangjian.announcements.models import AnnouncementReceipt

    db.session.expire_all()
    return db.session.scalars(select(AnnouncementReceipt).where(AnnouncementReceipt.announcement_id == announcement.id))
