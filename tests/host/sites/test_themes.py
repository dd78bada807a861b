"""Themes: manifests with typed settings, the contrast check, template
resolution (branch override → theme → default) and the editor widget."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from wtforms import Form, TextAreaField

from dangjian.db import db
from dangjian.sites import themes

from .visitor_helpers import add_post, site_for

REPO_SITES = Path(__file__).resolve().parents[3] / "branch_sites"


def test_themes_load_with_typed_settings_and_previews(app):
    loaded = themes.all_themes()
    assert {"default", "classic", "modern"} <= set(loaded)
    assert [t.name for t in themes.choosable_themes()] == ["classic", "modern"]
    for theme in loaded.values():
        assert (theme.static / theme.preview).is_file()
        assert (theme.static / "theme.css").is_file() or theme.name == "default"
        assert {s.type for s in theme.settings} <= set(themes.SETTING_TYPES)
    classic = loaded["classic"]
    assert {s.type for s in classic.settings} == {"color", "choice", "boolean", "text"}
    assert themes.theme_choices() == [("classic", "经典党建红"), ("modern", "简约清新")]
    assert themes.get_theme("no-such").name == "default"


def test_settings_are_validated_by_type(app):
    classic = themes.get_theme("classic")
    clean, errors = themes.validate_settings(
        classic, {"primary_color": "8E1B1B", "banner_style": "image", "show_slogan": "", "footer_text": "不忘初心"}
    )
    assert not errors
    assert clean["primary_color"] == "#8e1b1b" and clean["banner_style"] == "image"
    assert clean["show_slogan"] is False and clean["accent_color"] == "#8a5a00"
    clean, errors = themes.validate_settings(
        classic, {"primary_color": "red; }</style><script>", "banner_style": "video", "footer_text": "长" * 300}
    )
    assert set(errors) == {"primary_color", "banner_style", "footer_text"}
    assert "#RRGGBB" in errors["primary_color"]
    assert clean["primary_color"] == "#b3191e"  # the default stays in place of a bad value


def test_colours_must_keep_text_readable(app):
    classic, modern = themes.get_theme("classic"), themes.get_theme("modern")
    _, errors = themes.validate_settings(classic, {"primary_color": "#ffd966"})  # white text on light yellow
    assert "对比度" in errors["primary_color"] and "更深" in errors["primary_color"]
    _, errors = themes.validate_settings(modern, {"background_color": "#222222"})  # dark text on dark page
    assert "更浅" in errors["background_color"]
    assert themes.contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert themes.contrast_ratio("#c8161d", "#ffffff") >= themes.MIN_CONTRAST


def test_css_variables_hold_only_validated_colours(app):
    modern = themes.get_theme("modern")
    css = themes.css_variables(
        modern, {"accent_color": "#123456", "background_color": "}body{x", "footer_text": "</style>"}
    )
    assert css == ":root{--site-accent-color:#123456;--site-accent-color-text:#ffffff;}"


def test_each_theme_renders_its_own_design(client, world):
    site = site_for(
        world.juvenile,
        brand_name="护航青春",
        slogan="用心守护",
        theme="modern",
        theme_settings={"accent_color": "#1f5f8b", "heading_font": "serif", "rounded": False},
    )
    add_post(site, "新闻一")
    page = client.get("/zy/s/snt/").get_data(as_text=True)
    assert "modern-hero" in page and "classic-banner" not in page
    assert "site-heading-font-serif" in page and "site-rounded-off" in page
    colours = re.search(r'href="(/static/sites/colours/modern\.css[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "--site-accent-color:#1f5f8b" in client.get(colours).get_data(as_text=True)
    assert "/static/sites/themes/modern/theme.css" in page
    site.theme, site.theme_settings = "classic", {"show_slogan": False}
    site.bump()
    db.session.commit()
    page = client.get("/zy/s/snt/").get_data(as_text=True)
    assert "classic-banner" in page and "一支部一特色一品牌" in page
    assert "site-banner-slogan" not in page  # the boolean setting switched it off
    # A theme without its own post page falls back to the default theme's.
    assert client.get("/zy/s/snt/news/").status_code == 200


def test_branch_override_folder_replaces_a_template_for_that_branch_only(make_app, world, tmp_path):
    root = tmp_path / "branch_sites"
    shutil.copytree(REPO_SITES / "themes", root / "themes")
    override = root / "zy" / "snt"
    override.mkdir(parents=True)
    (override / "_footer.html").write_text(
        '<footer class="site-footer">少年庭专属页脚 {{ site.title }}</footer>', encoding="utf-8"
    )
    app = make_app(BRANCH_SITES_FOLDER=str(root))
    with app.app_context():
        from dangjian.sites.content import ensure_site

        ensure_site(db.session.merge(world.juvenile))
        ensure_site(db.session.merge(world.office))
        db.session.commit()
        client = app.test_client()
        assert "少年庭专属页脚" in client.get("/zy/s/snt/").get_data(as_text=True)
        assert "少年庭专属页脚" not in client.get(f"/zy/s/{world.office.slug}/").get_data(as_text=True)


def test_instance_branch_sites_folder_overrides_a_branch_template(make_app, world, tmp_path, monkeypatch):
    """A deployment keeps its branch templates in the instance folder, since
    the installed themes live inside the package."""
    instance = tmp_path / "instance"
    override = instance / "branch_sites" / "zy" / "snt"
    override.mkdir(parents=True)
    (override / "_footer.html").write_text('<footer class="site-footer">实例目录页脚</footer>', encoding="utf-8")
    monkeypatch.setenv("DANGJIAN_INSTANCE_PATH", str(instance))
    app = make_app()
    assert app.instance_path == str(instance)
    with app.app_context():
        from dangjian.sites.content import ensure_site

        ensure_site(db.session.merge(world.juvenile))
        db.session.commit()
        assert "实例目录页脚" in app.test_client().get("/zy/s/snt/").get_data(as_text=True)


def test_theme_static_files_and_traversal(client):
    assert client.get("/static/sites/themes/classic/theme.css").status_code == 200
    assert client.get("/static/sites/themes/modern/preview.png").mimetype == "image/png"
    assert client.get("/static/sites/themes/nothing/theme.css").status_code == 404
    assert client.get("/static/sites/themes/classic/../manifest.json").status_code == 404
    assert client.get("/static/sites/themes/classic/%2e%2e/manifest.json").status_code == 404


class BodyForm(Form):
    body = TextAreaField("正文")


def _render_editor(app, org_id=None):
    from flask import g, render_template_string

    from dangjian.courts.tenancy import load_court

    with app.test_request_context("/zy/manage/"):
        g.court = load_court("zy")
        form = BodyForm(data={"body": "<p>已有内容</p>"})
        return render_template_string(
            '{% from "sites/_editor.html" import rich_editor %}{{ rich_editor(form.body, upload_org_id=org_id) }}'
            "{{ rich_editor(form.body) }}",
            form=form,
            org_id=org_id,
        )


def test_rich_editor_widget_uses_tinymce_from_the_package(app, client, world):
    from dangjian.sites.visitor_views import TINYMCE_FOLDER

    if not (TINYMCE_FOLDER / "tinymce.min.js").is_file():
        pytest.skip("TinyMCE not copied into the package (npm ci; scripts/test.sh copies it)")
    html = _render_editor(app, world.juvenile.id)
    assert html.count("data-rich-editor") == 2
    assert f'data-upload-url="/zy/s/_media/upload/{world.juvenile.id}"' in html
    assert "&lt;p&gt;已有内容&lt;/p&gt;</textarea>" in html
    assert 'data-tinymce="/static/vendor/tinymce/tinymce.min.js?v=' in html
    assert "cdn" not in html.lower()
    assert client.get("/static/vendor/tinymce/tinymce.min.js").status_code == 200
    assert client.get("/static/vendor/tinymce/plugins/table/plugin.min.js").status_code == 200
    assert client.get("/static/sites/assets/rich_editor.js").status_code == 200
    assert client.get("/static/sites/assets/tinymce_zh_CN.js").status_code == 200


def test_rich_editor_falls_back_to_a_textarea_without_tinymce(make_app, world, tmp_path):
    app = make_app(TINYMCE_FOLDER=str(tmp_path))
    with app.app_context():
        html = _render_editor(app)
    assert "data-rich-editor" not in html and "<textarea" in html
    assert "npm ci" in html
    assert app.test_client().get("/static/vendor/tinymce/tinymce.min.js").status_code == 404
