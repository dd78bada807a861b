"""The microsites' to-do items and notifications (issue 12): what an editor
submits waits for the branch's publishers (its secretary, the court admin);
what is sent back waits for the branch's editors with the reason; the author
hears of publishing and sending back; nobody else sees or hears anything;
the cost does not grow with the content."""

from __future__ import annotations

from contextlib import contextmanager

from flask import g
from sqlalchemy import select

from dangjian.db import db
from dangjian.inbox.models import Notification
from dangjian.inbox.todos import collect_todos
from dangjian.sites import revisions
from dangjian.sites.models import NewsPost, SitePage
from tests.conftest import count_queries
from tests.factories import make_user

from .test_editor import BRAND, base, png
from .test_workflow import write_post
from .visitor_helpers import add_album, site_for, stored_image


@contextmanager
def fresh_request(app, court):
    with app.test_request_context(f"/{court.slug}/"):
        g.__dict__.clear()  # as a real request starts (the test's app context keeps g)
        yield


def site_items(app, court, user):
    with fresh_request(app, court):
        return [item for item in collect_todos(court, user) if item.kind.startswith("sites.")]


def summary(app, court, user):
    return sorted((item.kind, item.title) for item in site_items(app, court, user))


def notes(user=None):
    db.session.expire_all()
    query = select(Notification).order_by(Notification.id)
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    return list(db.session.scalars(query))


def bystanders(world):
    """People who must neither see nor hear of the juvenile branch's site."""
    office_secretary = make_user("bgssj", roles=[("branch_secretary", world.zy, world.office)], court=world.zy)
    db.session.commit()
    return [office_secretary, world.office_editor, world.member_user, world.wf_admin]


def test_submitted_post_waits_for_the_publishers_and_a_sent_back_one_for_the_editors(app, client, world, login_as):
    site_for(world.juvenile)
    others = bystanders(world)
    login_as(world.juvenile_editor)
    post = write_post(client, world, title="主题党日纪实", action="submit")
    waiting = [("sites.waiting", "少年庭党支部 · 新闻：主题党日纪实")]
    assert summary(app, world.zy, world.juvenile_secretary) == waiting
    assert summary(app, world.zy, world.zy_admin) == waiting  # the court admin publishes for every branch
    (item,) = site_items(app, world.zy, world.juvenile_secretary)
    assert item.url == f"{base(world)}/posts/{post.id}/" and item.kind_label == "待发布的网站内容"
    assert site_items(app, world.zy, world.juvenile_editor) == []  # not theirs to publish
    for user in others:
        assert site_items(app, world.zy, user) == [], user.username
    assert site_items(app, world.wf, world.wf_admin) == []

    login_as(world.juvenile_secretary)
    assert client.post(f"{base(world)}/posts/{post.id}/return", data={"r-reason": "请补充活动照片"}).status_code == 302
    assert site_items(app, world.zy, world.juvenile_secretary) == [] and site_items(app, world.zy, world.zy_admin) == []
    (item,) = site_items(app, world.zy, world.juvenile_editor)
    assert (item.kind, item.detail) == ("sites.returned", "退回原因：请补充活动照片")
    assert item.url == f"{base(world)}/posts/{post.id}/" and "主题党日纪实" in item.title
    for user in others:
        assert site_items(app, world.zy, user) == [], user.username

    # The author hears of it, with the reason; nobody else does.
    (note,) = notes()
    assert (note.user_id, note.kind, note.court_id) == (world.juvenile_editor.id, "sites.returned", world.zy.id)
    assert (
        "请补充活动照片" in note.body and "主题党日纪实" in note.title and note.url == f"{base(world)}/posts/{post.id}/"
    )

    # Edited (still sent back: not resubmitted yet), then resubmitted: back with the publishers.
    login_as(world.juvenile_editor)
    client.post(f"{base(world)}/posts/{post.id}/", data={"title": "主题党日纪实", "body": "<p>补了照片</p>"})
    assert [i.kind for i in site_items(app, world.zy, world.juvenile_editor)] == ["sites.returned"]
    client.post(f"{base(world)}/posts/{post.id}/submit")
    assert site_items(app, world.zy, world.juvenile_editor) == []
    assert summary(app, world.zy, world.juvenile_secretary) == waiting

    login_as(world.juvenile_secretary)
    client.post(f"{base(world)}/posts/{post.id}/publish", data={})
    assert site_items(app, world.zy, world.juvenile_secretary) == [] and site_items(app, world.zy, world.zy_admin) == []
    published = [n for n in notes() if n.kind == "sites.published"]
    assert [n.user_id for n in published] == [world.juvenile_editor.id] and "已发布" in published[0].title
    for user in [*others, world.juvenile_secretary, world.zy_admin]:
        assert notes(user) == [], user.username


def test_a_publishers_own_post_tells_nobody(app, client, world, login_as):
    site_for(world.juvenile)
    login_as(world.juvenile_secretary)
    write_post(client, world, action="publish")
    assert notes() == []


def test_a_scheduled_post_tells_its_author_when_it_goes_live(app, client, world, login_as):
    from datetime import timedelta

    from dangjian.db import utcnow

    site_for(world.juvenile)
    login_as(world.juvenile_editor)
    post = write_post(client, world, title="定时新闻", action="submit")
    login_as(world.juvenile_secretary)
    local = (utcnow() + timedelta(hours=8, days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(f"{base(world)}/posts/{post.id}/publish", data={"p-publish_at": local})
    assert notes() == [] and site_items(app, world.zy, world.juvenile_secretary) == []  # scheduled: decided, not live
    post = db.session.get(NewsPost, post.id)
    post.publish_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert app.test_client().get(f"/zy/s/snt/news/{post.id}/").status_code == 200  # the visit publishes it
    (note,) = notes()
    assert (note.user_id, note.kind) == (world.juvenile_editor.id, "sites.published")
    assert note.url == f"{base(world)}/posts/{post.id}/"


def test_pages_and_a_plain_draft(app, client, world, login_as):
    site_for(world.juvenile)
    login_as(world.juvenile_editor)
    response = client.post(
        f"{base(world)}/pages/new",
        data={
            "title": "支部简介",
            "slug": "about",
            "parent_id": "0",
            "show_in_menu": "y",
            "body": "<p>简介</p>",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    write_post(client, world, title="只是草稿")  # never submitted: nobody's to-do
    page = db.session.scalar(select(SitePage))
    assert summary(app, world.zy, world.juvenile_secretary) == [("sites.waiting", "少年庭党支部 · 栏目页面：支部简介")]
    assert site_items(app, world.zy, world.juvenile_editor) == []
    login_as(world.juvenile_secretary)
    client.post(f"{base(world)}/pages/{page.id}/return", data={"r-reason": ""})
    (item,) = site_items(app, world.zy, world.juvenile_editor)
    assert item.kind == "sites.returned" and item.detail == "改好后重新提交审核"
    assert item.url == f"{base(world)}/pages/{page.id}/"


def test_site_proposal_waits_for_review_and_comes_back_with_the_reason(app, client, world, login_as):
    site_for(world.juvenile, slogan="旧口号")
    others = bystanders(world)
    login_as(world.juvenile_editor)
    client.post(f"{base(world)}/brand", data=dict(BRAND, slogan="新口号"))
    (item,) = site_items(app, world.zy, world.juvenile_secretary)
    assert item.kind == "sites.waiting" and "品牌、首页栏目或菜单" in item.title and item.url == f"{base(world)}/review"
    assert (
        len(site_items(app, world.zy, world.zy_admin)) == 1 and site_items(app, world.zy, world.juvenile_editor) == []
    )

    login_as(world.juvenile_secretary)
    client.post(f"{base(world)}/review", data={"action": "return", "reason": "口号请再斟酌"})
    assert site_items(app, world.zy, world.juvenile_secretary) == []
    (item,) = site_items(app, world.zy, world.juvenile_editor)
    assert (item.kind, item.detail, item.url) == ("sites.returned", "退回原因：口号请再斟酌", f"{base(world)}/brand")
    (note,) = notes()
    assert (note.user_id, note.kind) == (
        world.juvenile_editor.id,
        "sites.proposal_returned",
    ) and "口号请再斟酌" in note.body

    login_as(world.juvenile_editor)
    client.post(f"{base(world)}/brand", data=dict(BRAND, slogan="更好的口号"))  # resubmitted
    assert site_items(app, world.zy, world.juvenile_editor) == []
    login_as(world.juvenile_secretary)
    client.post(f"{base(world)}/review", data={"action": "publish"})
    assert site_items(app, world.zy, world.juvenile_secretary) == []
    assert [(n.user_id, n.kind) for n in notes()][-1] == (world.juvenile_editor.id, "sites.proposal_published")
    for user in [*others, world.juvenile_secretary, world.zy_admin]:
        assert notes(user) == [], user.username
        assert site_items(app, world.zy, user) == [], user.username


def test_photos_awaiting_approval(app, client, world, login_as):
    album = add_album(site_for(world.juvenile), "主题党日", [stored_image(world.zy)])
    login_as(world.juvenile_editor)
    client.post(
        f"{base(world)}/albums/{album.id}/upload",
        content_type="multipart/form-data",
        data={"photos": [png(name="a.png"), png((0, 90, 0), "b.png")]},
    )
    (item,) = site_items(app, world.zy, world.juvenile_secretary)
    assert item.title == "少年庭党支部 · 相册“主题党日”的 2 张新照片"
    assert item.url == f"{base(world)}/albums/{album.id}/"
    assert site_items(app, world.zy, world.juvenile_editor) == []
    login_as(world.juvenile_secretary)
    client.post(f"{base(world)}/albums/{album.id}/approve")
    assert site_items(app, world.zy, world.juvenile_secretary) == []


def test_a_dissolved_branchs_site_adds_nothing(app, client, world, login_as):
    from dangjian.db import utcnow

    site_for(world.juvenile)
    login_as(world.juvenile_editor)
    write_post(client, world, action="submit")
    world.juvenile.dissolved_at = utcnow()
    db.session.commit()
    assert site_items(app, world.zy, world.zy_admin) == []


def _content(site, count, start, author):
    """Submitted and sent-back posts and pages, written straight to the database."""
    from dangjian.audit.services import record

    for n in range(start, start + count):
        model = NewsPost if n % 2 else SitePage
        obj = model(site_id=site.id, status="submitted" if n % 3 else "draft", **({} if n % 2 else {"slug": f"p{n}"}))
        db.session.add(obj)
        db.session.flush()
        revisions.save_revision(obj, user=author, title=f"内容{n}", summary="", body="<p>x</p>")
        if obj.status == "draft":
            record("site.returned", "退回", target=obj, court=site.branch.court, user=author, detail={"reason": "改"})
    db.session.commit()


def test_statements_do_not_grow_with_the_content(app, world):
    site = site_for(world.juvenile)
    site_for(world.office)

    def measure(user):
        db.session.expire_all()
        with fresh_request(app, world.zy), count_queries(app) as statements:
            found = [item for item in collect_todos(world.zy, user) if item.kind.startswith("sites.")]
        return len(statements), len(found)

    people = (world.juvenile_secretary, world.juvenile_editor, world.zy_admin)
    _content(site, 10, 0, world.juvenile_editor)
    few = [measure(user) for user in people]
    _content(site, 1000, 10, world.juvenile_editor)
    many = [measure(user) for user in people]
    for (few_statements, few_items), (many_statements, many_items) in zip(few, many, strict=True):
        assert many_statements == few_statements
        assert many_items > few_items + 300
