"""Error pages are Chinese, friendly and carry the right status codes."""

from flask import abort, request

from dangjian.access import PUBLIC, requires


def test_403_page_in_chinese(client, world, login_as):
    login_as(world.juvenile_editor)
    page = client.get("/zy/manage/members/")
    assert page.status_code == 403
    assert "没有权限" in page.get_data(as_text=True)


def test_404_page_in_chinese(client, world):
    page = client.get("/zy/manage/nothing-here")
    assert page.status_code == 404
    text = page.get_data(as_text=True)
    assert "页面不存在" in text and "回到首页" in text


def test_413_page_in_chinese(make_app):
    app = make_app(MAX_CONTENT_LENGTH=64)

    @requires(PUBLIC)
    def upload():
        return str(len(request.form))

    app.add_url_rule("/__upload", "upload", upload, methods=["POST"])
    page = app.test_client().post("/__upload", data={"file": "x" * 500})
    assert page.status_code == 413
    assert "文件太大" in page.get_data(as_text=True)


def test_csrf_failure_page_in_chinese(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    page = app.test_client().post("/auth/login", data={"username": "a", "password": "b"})
    assert page.status_code == 400
    assert "页面已过期" in page.get_data(as_text=True)


def test_500_page_in_chinese_and_logged(make_app):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @requires(PUBLIC)
    def explode():
        raise RuntimeError("boom")

    app.add_url_rule("/__explode", "explode", explode)
    page = app.test_client().get("/__explode")
    assert page.status_code == 500
    text = page.get_data(as_text=True)
    assert "系统出错了" in text
    assert "boom" not in text  # no internals leak to the user


def test_aborted_400_page(make_app):
    app = make_app()

    @requires(PUBLIC)
    def bad():
        abort(400)

    app.add_url_rule("/__bad", "bad", bad)
    page = app.test_client().get("/__bad")
    assert page.status_code == 400
    assert "请求有误" in page.get_data(as_text=True)
