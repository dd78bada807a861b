"""Privacy of candidates' files, the module switched off, the pipeline page's queries."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_development.models import Candidate
from tests.factories import make_user
from tests.inbox_checks import todos_for

from .conftest import make_candidate, walk


def test_only_secretary_admin_and_the_person_see_a_file(dev, client, login_as):
    person = make_user("wangym", court=dev.zy)
    candidate = make_candidate(dev, user=person)
    walk(dev, candidate, upto="talk")
    url = f"/zy/development/candidates/{candidate.id}"
    for user in (dev.juvenile_secretary, dev.zy_admin, person):
        login_as(user)
        page = client.get(url)
        assert page.status_code == 200, user.username
        assert "王一鸣" in page.get_data(as_text=True)
    for user in (dev.office_secretary, dev.juvenile_editor, dev.member_user, dev.wf_admin):
        login_as(user)
        assert client.get(url).status_code == 404, user.username
    login_as(dev.office_secretary)
    assert "王一鸣" not in client.get("/zy/development/").get_data(as_text=True)
    post = client.post(f"/zy/development/candidates/{candidate.id}/steps", data={"step-done_on": "2022-05-01"})
    assert post.status_code == 404
    login_as(person)  # the person reads, never writes
    assert client.get("/zy/development/").status_code == 302
    assert client.post(f"/zy/development/candidates/{candidate.id}/steps", data={}).status_code == 403


def test_documents_follow_the_files_privacy(dev, client, login_as):
    candidate = make_candidate(dev)
    walk(dev, candidate, upto="talk")
    login_as(dev.juvenile_secretary)
    assert client.post(f"/zy/development/candidates/{candidate.id}/documents/talk").status_code == 302
    db.session.expire_all()
    document = candidate.documents[0]
    assert client.get(f"/zy/development/documents/{document.id}").status_code == 200
    login_as(dev.office_secretary)
    assert client.get(f"/zy/development/documents/{document.id}").status_code == 404
    assert client.post(f"/zy/development/candidates/{candidate.id}/documents/talk").status_code == 404


def test_module_off_answers_404_and_keeps_data(dev, client, login_as):
    candidate = make_candidate(dev)
    walk(dev, candidate, upto="talk")
    modules.set_enabled(dev.zy, "development", False)
    db.session.commit()
    login_as(dev.zy_admin)
    for url in ("/zy/development/", f"/zy/development/candidates/{candidate.id}", "/zy/development/stats"):
        assert client.get(url).status_code == 404, url
    assert "/zy/development/" not in client.get("/zy/").get_data(as_text=True)
    assert db.session.scalar(select(func.count(Candidate.id))) == 1
    modules.set_enabled(dev.zy, "development", True)
    db.session.commit()
    assert client.get(f"/zy/development/candidates/{candidate.id}").status_code == 200


def test_pipeline_page_queries_do_not_grow_with_candidates(dev, client, login_as, query_counter):
    login_as(dev.zy_admin)
    make_candidate(dev, "甲")
    walk(dev, make_candidate(dev, "乙", branch=dev.office), upto="target")
    client.get("/zy/")  # per-process lookups warm; the badge is counted afresh after each change below
    walk(dev, make_candidate(dev, "丁"), upto="apply")
    with query_counter() as few:
        page = client.get("/zy/development/")
    assert page.status_code == 200
    for index in range(6):
        walk(dev, make_candidate(dev, f"丙{index}"), upto=("talk", "activist", "admit", "oath")[index % 4])
    with query_counter() as many:
        page = client.get("/zy/development/")
    text = page.get_data(as_text=True)
    assert "丙5" in text and "发展对象" in text
    assert len(many) == len(few), "\n".join(q[:150] for q in many)


def test_pipeline_shows_stages_deadlines_and_overdue_conversions(dev, client, login_as):
    walk(dev, make_candidate(dev, "预备期满者"), upto="oath")  # admitted 2023-07-01: conversion overdue
    walk(dev, make_candidate(dev, "新申请人", branch=dev.office), upto="apply")
    login_as(dev.zy_admin)
    page = client.get("/zy/development/").get_data(as_text=True)
    assert "预备期已满、尚未转正" in page and "预备期满者" in page
    assert "入党申请人谈话" in page  # the 2022 application's talk was never recorded: overdue
    items = [t for t in todos_for(client.application, dev.zy_admin, dev.zy) if t.kind.startswith("development.")]
    assert {t.title for t in items} >= {"预备期满者：预备党员按期转正", "新申请人：入党申请人谈话"}
    office = [
        t.title
        for t in todos_for(client.application, dev.office_secretary, dev.zy)
        if t.kind.startswith("development.")
    ]
    assert office == ["新申请人：入党申请人谈话"]
    login_as(dev.zy_admin)
    home = client.get("/zy/").get_data(as_text=True)
    assert "发展党员" in home and "预备期已满" in home
