"""The example plugin's own tests, as a plugin in its own repository writes
them: only dangjian.testing and the HTTP client."""

from dangjian.testing import enable_module, make_branch, make_court, make_member, make_user, sign_in


def make_admin(court):
    return make_user("admin", roles=[("court_admin", court, None)], court=court)


def test_the_board_is_in_the_nav_and_takes_a_note(dangjian_app, dangjian_client):
    court = make_court("zy", "安阳市中级人民法院")
    enable_module(court, "example")
    sign_in(dangjian_client, make_admin(court))

    home = dangjian_client.get("/zy/")
    assert home.status_code == 200
    assert "示例模块" in home.get_data(as_text=True)

    page = dangjian_client.get("/zy/example/")
    assert page.status_code == 200
    assert "还没有留言" in page.get_data(as_text=True)

    posted = dangjian_client.post("/zy/example/", data={"text": "学习红旗渠精神"}, follow_redirects=True)
    assert posted.status_code == 200
    assert "学习红旗渠精神" in posted.get_data(as_text=True)


def test_a_member_of_another_court_cannot_read_the_board(dangjian_app, dangjian_client):
    court = make_court("zy", "安阳市中级人民法院")
    other = make_court("wf", "安阳市文峰区人民法院", parent=court)
    enable_module(court, "example")
    member = make_member(make_branch(other, "立案庭党支部"), "韩明远")
    sign_in(dangjian_client, make_user("hmy", member=member))

    assert dangjian_client.get("/zy/example/").status_code in (403, 404)


def test_switched_off_the_board_is_not_found(dangjian_app, dangjian_client):
    court = make_court("zy", "安阳市中级人民法院")
    admin = make_admin(court)
    enable_module(court, "example")
    enable_module(court, "example", False)
    sign_in(dangjian_client, admin)

    assert dangjian_client.get("/zy/example/").status_code == 404
    assert "示例模块" not in dangjian_client.get("/zy/").get_data(as_text=True)
