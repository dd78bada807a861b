"""The navigation offers only pages that answer, and the site has an icon."""

from __future__ import annotations


def test_platform_admin_menu_has_no_my_record_where_they_have_none(client, world, login_as):
    login_as(world.platform_admin)
    text = client.get("/zy/").get_data(as_text=True)
    assert "/zy/manage/members/me" not in text
    assert "我的档案" not in text


def test_member_menu_links_to_their_record_and_it_answers(client, world, login_as):
    login_as(world.member_user)
    text = client.get("/zy/").get_data(as_text=True)
    assert 'href="/zy/manage/members/me"' in text
    assert client.get("/zy/manage/members/me").status_code == 200
    # In another court the same member has no record: no menu item there.
    assert "/wf/manage/members/me" not in client.get("/wf/").get_data(as_text=True)


def test_favicon_is_the_projects_emblem(client, world):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" type="image/svg+xml" href="/static/img/emblem.svg?v=' in page
    assert client.get("/static/img/emblem.svg").status_code == 200
