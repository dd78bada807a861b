import platform as stdlib_platform


def test_stdlib_platform_is_not_shadowed():
    assert callable(stdlib_platform.system)
    assert stdlib_platform.system()


def test_portal_lists_courts(client, world):
    page = client.get("/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "安阳市中级人民法院" in text
    assert "安阳市文峰区人民法院" in text


def test_unknown_court_is_404_in_chinese(client, world):
    page = client.get("/no-such-court/")
    assert page.status_code == 404
    assert "页面不存在" in page.get_data(as_text=True)


def test_court_home_shows_branches_and_nav_for_admin(client, world, login_as):
    login_as(world.zy_admin)
    page = client.get("/zy/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "少年庭党支部" in text
    assert "党员名册" in text  # nav item granted by members.view
