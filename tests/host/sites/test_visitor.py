"""Visitor pages of the branch microsites (/<court>/s/<branch>/...)."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from dangjian.db import db
from dangjian.hookspecs import hookimpl
from dangjian.plugins import Section
from dangjian.sites import content, workflow
from dangjian.sites.media import image_url

from .visitor_helpers import add_album, add_honour, add_page, add_post, site_for, stored_image


@pytest.fixture
def site(app, world):
    return site_for(
        world.juvenile,
        brand_name="护航青春",
        slogan="用心守护 用爱护航",
        meaning="<p>护航未成年人成长</p>",
        vehicle="<p>法治进校园</p>",
        impact="<p>五一巾帼奖状</p>",
    )


def test_home_shows_brand_five_elements_news_honours_albums(client, world, site):
    add_post(site, "法治进校园走进第一中学", summary="巡讲团走进校园")
    add_post(site, "尚未发布的草稿", live=False)
    add_honour(site, "五一巾帼奖状", level="city", awarding_body="安阳市总工会")
    add_honour(site, "未公开的荣誉", published=False)
    photo = stored_image(world.zy)
    add_album(site, "主题党日", [photo])
    add_album(site, "隐藏相册", published=False)
    response = client.get("/zy/s/snt/")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>护航青春 · " in text
    assert '<meta name="description" content="用心守护 用爱护航">' in text
    for shown in (
        "护航青春",
        "用心守护 用爱护航",
        "护航未成年人成长",
        "法治进校园",
        "五一巾帼奖状",
        "法治进校园走进第一中学",
        "巡讲团走进校园",
        "安阳市总工会",
        "主题党日",
        "1 张照片",
    ):
        assert shown in text
    for hidden in ("尚未发布的草稿", "未公开的荣誉", "隐藏相册"):
        assert hidden not in text
    assert "site-theme-classic" in text  # the model's default theme


def test_news_list_article_and_pagination(client, site):
    posts = [add_post(site, f"新闻第{n}篇", body=f"<p>正文{n}</p>", commit=False) for n in range(14)]
    db.session.commit()
    first = client.get("/zy/s/snt/news/").get_data(as_text=True)
    assert "共 14 篇" in first and "下一页" in first
    second = client.get("/zy/s/snt/news/?page=2").get_data(as_text=True)
    assert "第 2 / 2 页" in second
    article = client.get(f"/zy/s/snt/news/{posts[3].id}/")
    assert article.status_code == 200
    assert "正文3" in article.get_data(as_text=True)
    assert "<title>新闻第3篇 · 护航青春" in article.get_data(as_text=True)


def test_draft_post_and_unknown_ids_are_not_found(client, world, site):
    draft = add_post(site, "草稿", live=False)
    assert client.get(f"/zy/s/snt/news/{draft.id}/").status_code == 404
    assert client.get("/zy/s/snt/news/99999/").status_code == 404
    assert client.get("/zy/s/snt/p/nothing/").status_code == 404
    assert client.get("/zy/s/snt/albums/99999/").status_code == 404
    assert client.get("/zy/s/no-such-branch/").status_code == 404
    # Another court's branch is not reachable under this court's URL, and a
    # post of one branch is not shown under another branch's site.
    other = site_for(world.office)
    post = add_post(other, "办公室新闻")
    assert client.get("/zy/s/wf-branch/").status_code == 404 or world.wf_branch.slug != "wf-branch"
    assert client.get(f"/zy/s/{world.wf_branch.slug}/").status_code == 404
    assert client.get(f"/zy/s/snt/news/{post.id}/").status_code == 404


def test_pages_menu_and_children(client, site):
    about = add_page(site, "about", "品牌介绍", body="<h2>由来</h2><p>内容</p>")
    add_page(site, "team", "支部班子", parent=about)
    add_page(site, "secret", "未发布页面", live=False)
    home = client.get("/zy/s/snt/").get_data(as_text=True)
    assert 'href="/zy/s/snt/p/about/">品牌介绍' in home
    assert "未发布页面" not in home
    page = client.get("/zy/s/snt/p/about/").get_data(as_text=True)
    assert "<h2>由来</h2>" in page and "支部班子" in page
    assert client.get("/zy/s/snt/p/secret/").status_code == 404


def test_honours_albums_and_viewer(client, world, site):
    image = stored_image(world.zy, "cert.png")
    add_honour(site, "五星级党支部", level="court", image=image)
    photos = [stored_image(world.zy, f"p{n}.png") for n in range(3)]
    album = add_album(site, "法治进校园", photos, description="走进校园")
    honours = client.get("/zy/s/snt/honours/").get_data(as_text=True)
    assert "五星级党支部" in honours and "院级" in honours
    albums = client.get("/zy/s/snt/albums/").get_data(as_text=True)
    assert "法治进校园" in albums and "3 张照片" in albums
    page = client.get(f"/zy/s/snt/albums/{album.id}/").get_data(as_text=True)
    assert page.count('data-viewer="album"') == 3
    assert "/static/sites/assets/viewer.js" in page
    thumb = re.search(r'<img src="(/zy/s/_media/[^"]+/thumb)"', page).group(1)
    assert client.get(thumb).status_code == 200
    assert client.get("/static/sites/assets/viewer.js").status_code == 200


def test_every_microsite_response_has_a_csp_without_inline_scripts(client, site):
    add_post(site, "一篇新闻")
    for url in (
        "/zy/s/snt/",
        "/zy/s/snt/news/",
        "/zy/s/snt/honours/",
        "/zy/s/snt/albums/",
        "/zy/s/snt/nope/",
        "/zy/s/snt/news/12345/",
    ):
        response = client.get(url)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
    page = client.get("/zy/s/snt/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script on a microsite page"
    assert " on" not in re.sub(r"<[^>]*>", "", "")  # no event-handler attributes are written by the themes
    assert not re.search(r"<[^>]+\son[a-z]+=", page)


def test_theme_colours_come_from_a_stylesheet_whose_url_is_its_content(client, site):
    """No <style> element, no hash in the CSP: the colour variables are a
    cacheable stylesheet, the same URL for the same colours."""
    response = client.get("/zy/s/snt/")
    page = response.get_data(as_text=True)
    assert "<style" not in page
    assert "sha256-" not in response.headers["Content-Security-Policy"]
    url = re.search(r'href="(/static/sites/colours/[^"]+)"', page).group(1).replace("&amp;", "&")
    css = client.get(url)
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert css.get_data(as_text=True).startswith(":root{--site-")
    assert "immutable" in css.headers["Cache-Control"]
    assert client.get("/zy/s/snt/").get_data(as_text=True).count(url.replace("&", "&amp;")) == 1


def test_theme_colour_stylesheet_takes_only_valid_colours(client):
    good = client.get("/static/sites/colours/classic.css?c=primary_color:123456")
    assert good.status_code == 200 and "--site-primary-color:#123456;" in good.get_data(as_text=True)
    for junk in ("primary_color:12345g", "primary_color:123456;}body{display:none", "x" * 5000, "primary_color:\n"):
        css = client.get("/static/sites/colours/classic.css", query_string={"c": junk}).get_data(as_text=True)
        assert "display" not in css and "\n" not in css and css.startswith(":root{") and css.count("}") == 1
    assert client.get("/static/sites/colours/no-such-theme.css").status_code == 404
    assert client.get("/static/sites/colours/classic.txt").status_code == 404


def test_anonymous_pages_are_cached_until_the_content_version_changes(client, world, site):
    add_post(site, "第一篇")
    assert client.get("/zy/s/snt/").headers["X-Site-Cache"] == "miss"
    assert client.get("/zy/s/snt/").headers["X-Site-Cache"] == "hit"
    post = add_post(site, "定时发布的新闻", live=False)
    workflow.publish(post, at=None)  # publishing bumps the content version
    db.session.commit()
    response = client.get("/zy/s/snt/")
    assert response.headers["X-Site-Cache"] == "miss"
    assert "定时发布的新闻" in response.get_data(as_text=True)


def test_signed_in_visitors_are_not_served_from_the_cache(client, world, site, login_as):
    client.get("/zy/s/snt/")
    login_as(world.member_user)
    assert client.get("/zy/s/snt/").headers["X-Site-Cache"] == "miss"
    assert client.get("/zy/s/snt/").headers["X-Site-Cache"] == "miss"


def test_scheduled_post_appears_on_time_without_a_restart(client, site):
    from datetime import timedelta

    from dangjian.db import utcnow

    post = add_post(site, "预约新闻", live=False)
    workflow.publish(post, at=utcnow() + timedelta(hours=1))
    db.session.commit()
    assert "预约新闻" not in client.get("/zy/s/snt/").get_data(as_text=True)
    post.publish_at = utcnow() - timedelta(seconds=1)  # the hour has passed
    db.session.commit()
    assert "预约新闻" in client.get("/zy/s/snt/news/").get_data(as_text=True)


@pytest.mark.parametrize("count", [5, 500])
def test_home_query_count_does_not_grow_with_posts(app, client, world, site, query_counter, count):
    for n in range(count):
        add_post(site, f"新闻{n}", commit=False)
    db.session.commit()
    add_honour(site, "荣誉")
    add_album(site, "相册", [stored_image(world.zy)])
    app.config["SITES_CACHE_ENABLED"] = False
    client.get("/zy/s/snt/")
    with query_counter() as statements:
        response = client.get("/zy/s/snt/")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.count('class="site-post-item"') == min(count, 6)
    # court, branch, site, due check (2), menu (+pages), modules, posts, honours, albums (+photos)
    assert len(statements) <= 14, statements
    test_home_query_count_does_not_grow_with_posts.counts[count] = len(statements)
    if len(test_home_query_count_does_not_grow_with_posts.counts) == 2:
        assert len(set(test_home_query_count_does_not_grow_with_posts.counts.values())) == 1


test_home_query_count_does_not_grow_with_posts.counts = {}


class SectionPlugin:
    @hookimpl
    def dangjian_site_sections(self, court, branch):
        return [Section("checkins", "学习打卡", Markup(f"<p>{branch.name}本月打卡率 96%</p>"))]


def test_module_sections_show_only_when_the_editor_chose_them(make_app, world):
    app = make_app(EXTRA_PLUGINS={"sectionplugin": SectionPlugin()})
    with app.app_context():
        from dangjian.modules import services

        services.set_enabled(db.session.merge(world.zy), "sectionplugin", True)
        site = content.ensure_site(db.session.merge(world.juvenile))
        db.session.commit()
        client = app.test_client()
        assert "本月打卡率" not in client.get("/zy/s/snt/").get_data(as_text=True)
        site.sections = [
            {"key": "checkins", "visible": True, "order": 1},
            {"key": "news", "visible": True, "order": 2},
            {"key": "brand", "visible": False, "order": 3},
        ]
        site.bump()
        db.session.commit()
        text = client.get("/zy/s/snt/").get_data(as_text=True)
        assert "学习打卡" in text and "少年庭党支部本月打卡率 96%" in text
        assert text.index("学习打卡") < text.index("最新动态")
        assert "品牌“五有”" not in text


def test_court_home_and_portal_list_branch_sites(client, world, site):
    site.logo_file_id = stored_image(world.zy, "logo.png").id
    db.session.commit()
    home = client.get("/zy/").get_data(as_text=True)
    assert "护航青春" in home and "用心守护 用爱护航" in home
    assert 'href="/zy/s/snt/"' in home
    assert "/zy/s/_media/" in home
    portal = client.get("/").get_data(as_text=True)
    assert "支部品牌" in portal and "护航青春" in portal and 'href="/zy/s/snt/"' in portal


def test_print_and_phone_styles_are_present(client, site):
    css = client.get("/static/sites/themes/default/site.css").get_data(as_text=True)
    assert "@media print" in css and "@media (max-width: 575.98px)" in css
    page = client.get("/zy/s/snt/").get_data(as_text=True)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_image_url_helper_needs_a_court(app, world):
    with app.test_request_context("/zy/"):
        assert image_url(None) is None
        assert image_url(5, court_id=world.zy.id, court_slug="zy").startswith("/zy/s/_media/")
