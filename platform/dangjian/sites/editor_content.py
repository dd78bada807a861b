"""Editing pages and news posts, their workflow and revision history
(routes of the ``sites_editor`` blueprint)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..access import requires
from ..db import db
from ..files.sniffing import NotAllowed
from ..inputs import page_arg
from . import content, preview, revisions, workflow
from .editor_views import bp, field_error, get_or_404, load_site, may_publish, render, require_publisher, save_image
from .forms import TOP_LEVEL, DocxForm, PageForm, PostForm, PublishForm, ReturnForm
from .models import NewsPost, SitePage

POSTS_PER_PAGE = 20
KINDS = {"page": (SitePage, "page_id"), "post": (NewsPost, "post_id")}


def _edit_url(obj) -> str:
    return url_for(f".{obj.kind}_edit", org_id=g.site_branch.id, **{KINDS[obj.kind][1]: obj.id})


def _after_save(obj, action: str) -> None:
    """The buttons under the form: save, save and submit, save and publish."""
    if action == "submit" and obj.status == "draft":
        workflow.submit(obj, current_user)
        flash("已保存并提交审核，请等待支部书记发布。", "success")
    elif action == "publish" and may_publish(g.site_branch):
        workflow.publish(obj, current_user)
        flash("已保存并发布，访客现在可以看到。", "success")
    else:
        flash("已保存为草稿。访客看到的仍是已发布的版本（如有）。" if obj.is_live else "已保存为草稿。", "success")


def _sidebar(obj) -> dict:
    publish_form = PublishForm(prefix="p")
    return {
        "obj": obj,
        "publish_form": publish_form,
        "return_form": ReturnForm(prefix="r"),
        "preview_url": url_for(".preview_page", token=preview.make_token(obj), _external=True)
        if obj.latest_revision_id
        else None,
        "preview_days": preview.max_age() // 86400 or 1,
        "publish_at_local": workflow.utc_to_local(obj.publish_at, g.court),
    }


# --- pages -----------------------------------------------------------------------


def _page_form(site, page=None) -> PageForm:
    form = PageForm()
    form.parent_id.choices = [SelectChoice(TOP_LEVEL, "（一级栏目）")] + [
        SelectChoice(p.id, revisions.title_of(p))
        for p in content.editor_pages(site)
        if p.parent_id is None and (page is None or p.id != page.id)
    ]
    return form


def _page_values(form, site) -> dict:
    parent = get_or_404(SitePage, form.parent_id.data, site) if form.parent_id.data else None
    return dict(form.data, parent=parent)


@bp.route("/<int:org_id>/pages/")
@requires("sites.edit")
def pages(org_id: int):
    _branch, site = load_site(org_id)
    return render("pages.html", pages=content.editor_pages(site))


@bp.route("/<int:org_id>/pages/new", methods=["GET", "POST"])
@requires("sites.edit")
def page_new(org_id: int):
    _branch, site = load_site(org_id)
    form = _page_form(site)
    if form.validate_on_submit():
        try:
            page = content.create_page(site, _page_values(form, site), current_user)
        except content.SiteError as error:
            db.session.rollback()
            field_error(form, error)
        else:
            _after_save(page, request.form.get("action", "save"))
            return redirect(_edit_url(page))
    return render("page_form.html", form=form, obj=None)


@bp.route("/<int:org_id>/pages/<int:page_id>/", methods=["GET", "POST"])
@requires("sites.edit")
def page_edit(org_id: int, page_id: int):
    _branch, site = load_site(org_id)
    page = get_or_404(SitePage, page_id, site)
    form = _page_form(site, page)
    if request.method == "GET":
        _fill(form, page)
        form.parent_id.data, form.slug.data = page.parent_id or TOP_LEVEL, page.slug
        form.show_in_menu.data, form.position.data = page.show_in_menu, page.position
    if form.validate_on_submit():
        try:
            content.update_page(page, _page_values(form, site), current_user)
        except content.SiteError as error:
            db.session.rollback()
            field_error(form, error)
        else:
            _after_save(page, request.form.get("action", "save"))
            return redirect(_edit_url(page))
    return render("page_form.html", form=form, **_sidebar(page))


def _fill(form, obj) -> None:
    latest = obj.latest_revision
    if latest is not None:
        form.title.data, form.summary.data, form.body.data = latest.title, latest.summary, latest.body


@bp.route("/<int:org_id>/pages/<int:page_id>/delete", methods=["POST"])
@requires("sites.edit")
def page_delete(org_id: int, page_id: int):
    branch, site = load_site(org_id)
    page = get_or_404(SitePage, page_id, site)
    if page.is_live:
        require_publisher(branch)
    try:
        content.delete_content(page, current_user)
    except content.SiteError as error:
        flash(error.message, "danger")
        return redirect(_edit_url(page))
    flash("栏目页面已删除。", "success")
    return redirect(url_for(".pages", org_id=branch.id))


# --- posts -------------------------------------------------------------------------


@bp.route("/<int:org_id>/posts/")
@requires("sites.edit")
def posts(org_id: int):
    _branch, site = load_site(org_id)
    search = request.args.get("q", "").strip()[:40]
    page = db.paginate(
        content.editor_posts_query(site, search), page=page_arg(), per_page=POSTS_PER_PAGE, error_out=False
    )
    return render("posts.html", page=page, search=search, docx_form=DocxForm())


def _post_values(form) -> dict | None:
    cover = save_image(form, "cover")
    if cover is False:
        return None
    return dict(form.data, cover=cover)


@bp.route("/<int:org_id>/posts/new", methods=["GET", "POST"])
@requires("sites.edit")
def post_new(org_id: int):
    _branch, site = load_site(org_id)
    form = PostForm()
    if form.validate_on_submit() and (values := _post_values(form)) is not None:
        try:
            post = content.create_post(site, values, current_user)
        except content.SiteError as error:
            db.session.rollback()
            field_error(form, error)
        else:
            _after_save(post, request.form.get("action", "save"))
            return redirect(_edit_url(post))
    return render("post_form.html", form=form, obj=None)


@bp.route("/<int:org_id>/posts/import", methods=["GET", "POST"])
@requires("sites.edit")
def post_import(org_id: int):
    _branch, site = load_site(org_id)
    form = DocxForm()
    if form.validate_on_submit():
        upload = form.document.data
        if not upload or not upload.filename:
            form.document.errors = [*form.document.errors, "请选择一个 .docx 文件。"]
        else:
            post = _import_docx(site, form, upload)
            if post is not None:
                flash("Word 文档已导入为新闻草稿，请检查后保存或提交审核。", "success")
                return redirect(_edit_url(post))
    return render("post_import.html", form=form)


def _import_docx(site, form, upload):
    from . import docx_import, media

    try:
        title, html = docx_import.docx_to_html(upload.stream, g.court, current_user)
        return content.create_post(
            site, {"title": title or _file_title(upload.filename), "body": html}, current_user, note="由 Word 文档导入"
        )
    except NotAllowed as error:
        db.session.rollback()
        form.document.errors = [*form.document.errors, str(error)]
        if isinstance(error, media.ImageTooLarge):
            g.upload_too_large = True
    except content.SiteError as error:
        db.session.rollback()
        form.document.errors = [*form.document.errors, error.message]
    return None


def _file_title(filename: str | None) -> str:
    from ..files.services import display_name

    name = display_name(filename)
    return name.rsplit(".", 1)[0] or "未命名新闻"


@bp.route("/<int:org_id>/posts/<int:post_id>/", methods=["GET", "POST"])
@requires("sites.edit")
def post_edit(org_id: int, post_id: int):
    _branch, site = load_site(org_id)
    post = get_or_404(NewsPost, post_id, site)
    form = PostForm()
    if request.method == "GET":
        _fill(form, post)
        form.slug.data, form.publish_date.data = post.slug or "", post.publish_date
    if form.validate_on_submit() and (values := _post_values(form)) is not None:
        try:
            content.update_post(post, values, current_user)
        except content.SiteError as error:
            db.session.rollback()
            field_error(form, error)
        else:
            _after_save(post, request.form.get("action", "save"))
            return redirect(_edit_url(post))
    return render("post_form.html", form=form, **_sidebar(post))


@bp.route("/<int:org_id>/posts/<int:post_id>/delete", methods=["POST"])
@requires("sites.edit")
def post_delete(org_id: int, post_id: int):
    branch, site = load_site(org_id)
    post = get_or_404(NewsPost, post_id, site)
    if post.is_live:
        require_publisher(branch)
    content.delete_content(post, current_user)
    flash("新闻已删除。", "success")
    return redirect(url_for(".posts", org_id=branch.id))


# --- workflow and history, the same for pages and posts -------------------------------


def _object(kind: str, org_id: int, ids: dict):
    branch, site = load_site(org_id)
    model, param = KINDS[kind]
    return branch, get_or_404(model, ids[param], site)


def _workflow_routes(kind: str) -> None:
    base = f"/<int:org_id>/{kind}s/<int:{KINDS[kind][1]}>"

    @bp.route(base + "/submit", methods=["POST"], endpoint=f"{kind}_submit")
    @requires("sites.edit")
    def submit(org_id: int, **ids):
        _branch, obj = _object(kind, org_id, ids)
        return _attempt(obj, lambda: workflow.submit(obj, current_user), "已提交审核，请等待支部书记发布。")

    @bp.route(base + "/publish", methods=["POST"], endpoint=f"{kind}_publish")
    @requires("sites.publish")
    def publish(org_id: int, **ids):
        branch, obj = _object(kind, org_id, ids)
        require_publisher(branch)
        form = PublishForm(prefix="p")
        if not form.validate():
            flash(f"定时发布时间不正确（{'；'.join(form.publish_at.errors)}），请重新选择。", "danger")
            return redirect(_edit_url(obj))
        at = workflow.local_to_utc(form.publish_at.data, g.court)
        done = "已设定定时发布，到时间后访客即可看到。" if at else "已发布，访客现在可以看到。"
        return _attempt(obj, lambda: workflow.publish(obj, current_user, at=at), done)

    @bp.route(base + "/unpublish", methods=["POST"], endpoint=f"{kind}_unpublish")
    @requires("sites.publish")
    def unpublish(org_id: int, **ids):
        branch, obj = _object(kind, org_id, ids)
        require_publisher(branch)
        return _attempt(obj, lambda: workflow.unpublish(obj, current_user), "已撤下，访客不再能看到。")

    @bp.route(base + "/return", methods=["POST"], endpoint=f"{kind}_return")
    @requires("sites.publish")
    def send_back(org_id: int, **ids):
        branch, obj = _object(kind, org_id, ids)
        require_publisher(branch)
        form = ReturnForm(prefix="r")
        form.validate()
        return _attempt(
            obj, lambda: workflow.return_to_draft(obj, current_user, form.reason.data or ""), "已退回修改。"
        )

    @bp.route(base + "/revisions/", endpoint=f"{kind}_revisions")
    @requires("sites.edit")
    def history(org_id: int, **ids):
        _branch, obj = _object(kind, org_id, ids)
        return render("revisions.html", obj=obj, revisions=revisions.history(obj), edit_url=_edit_url(obj))

    @bp.route(base + "/revisions/<int:revision_id>/", endpoint=f"{kind}_compare")
    @requires("sites.edit")
    def compare(org_id: int, revision_id: int, **ids):
        _branch, obj = _object(kind, org_id, ids)
        revision = revisions.get_revision(obj, revision_id) or abort(404)
        return render(
            "compare.html",
            obj=obj,
            revision=revision,
            edit_url=_edit_url(obj),
            table=revisions.compare(obj.live_revision, revision),
        )

    @bp.route(base + "/revisions/<int:revision_id>/restore", methods=["POST"], endpoint=f"{kind}_restore")
    @requires("sites.edit")
    def restore(org_id: int, revision_id: int, **ids):
        _branch, obj = _object(kind, org_id, ids)
        revision = revisions.get_revision(obj, revision_id) or abort(404)
        revisions.restore(obj, revision, current_user)
        flash(f"已将第 {revision.id} 号版本的内容恢复为新的草稿版本；发布后访客才会看到。", "success")
        return redirect(_edit_url(obj))


def _attempt(obj, action, done: str):
    try:
        action()
    except content.SiteError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        flash(done, "success")
    return redirect(_edit_url(obj))


for _kind in KINDS:
    _workflow_routes(_kind)
