"""Demo microsites: the seed's brands (服务先锋, 护航青春, 利剑先锋, ...) with
news, pages, honours and albums in different themes; pictures are drawn by
demo/pictures.py.  Everything joins the caller's transaction (no commit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ..db import db
from ..org.models import Organisation
from ..sites import content, revisions
from ..sites.media import save_image_bytes
from ..sites.models import Album, Honour, MenuItem, NewsPost, Photo, SitePage
from . import pictures


@dataclass(frozen=True)
class Brand:
    court: str
    branch: str
    name: str
    slogan: str
    theme: str
    color: str
    meaning: str
    vehicle: str
    impact: str
    news: tuple[str, ...]
    honours: tuple[tuple[str, str, str, int], ...]  # title, level, awarding body, year
    albums: tuple[str, ...]


BRANDS = (
    Brand(
        "zy",
        "bgs",
        "服务先锋",
        "服务大局 服务审判 服务干警",
        "classic",
        "#b3191e",
        "以“服务”为核心，把办公室建成全院运转的枢纽、服务审判一线的先锋。",
        "“三服务”承诺：公文办理限时办结、会务保障零差错、后勤服务随叫随到；党员先锋岗每月评选。",
        "连续三年公文办理零超期，市级党建示范点，带动各部门形成“比服务、争先锋”的风气。",
        (
            "召开“服务先锋”品牌建设推进会",
            "办公室党支部开展“送学上门”活动",
            "机关事务“一站式”服务窗口正式运行",
            "党员先锋岗五月之星揭晓",
            "办公室党支部与社区党委开展共建",
            "“服务先锋”志愿队走进敬老院",
            "开展公文写作与保密知识培训",
            "支部书记讲党课：在平凡岗位上践行初心",
        ),
        (
            ("市级党建示范点", "city", "中共安阳市委组织部", 2022),
            ("职工书屋示范点", "provincial", "河南省总工会", 2021),
            ("五星级党支部", "court", "安阳市中级人民法院机关党委", 2023),
        ),
        ("“服务先锋”志愿服务", "主题党日活动"),
    ),
    Brand(
        "zy",
        "snt",
        "护航青春",
        "用心守护 用爱护航",
        "modern",
        "#c8161d",
        "以司法之力护航未成年人健康成长，寓教于审、惩教结合。",
        "“法治进校园”巡讲团、圆桌审判、社会观护与心理疏导，联合教育、妇联开展家庭教育指导。",
        "巡讲覆盖全市百余所中小学，少年庭获“五一巾帼奖状”，多篇案例入选省级典型案例。",
        (
            "“法治进校园”巡讲团走进第一中学",
            "少年庭发出首份家庭教育指导令",
            "开展“护航青春”主题党日",
            "圆桌审判让庭审更有温度",
            "与市妇联共建家庭教育指导站",
            "青年党员分享审判一线故事",
            "暑期未成年人安全教育直播课",
            "少年庭党支部召开组织生活会",
        ),
        (
            ("五一巾帼奖状", "city", "安阳市总工会", 2021),
            ("五星级党支部", "court", "安阳市中级人民法院机关党委", 2023),
            ("全省法院少年审判工作先进集体", "provincial", "河南省高级人民法院", 2020),
        ),
        ("法治进校园", "护航青春主题党日"),
    ),
    Brand(
        "zy",
        "fjd",
        "利剑先锋",
        "忠诚 担当 亮剑 守护",
        "classic",
        "#8e1b1b",
        "司法警察是守护审判的利剑，党员冲在最前面。",
        "“党员突击队”承担重大案件押解与庭审保障，每周开展体能与技能训练，执行攻坚行动全程护航。",
        "安全保障零事故，多名队员获评优秀司法警察，队伍形象在全市法院树起标杆。",
        (
            "“利剑先锋”党员突击队完成重大案件庭审保障",
            "法警队开展夏季大练兵",
            "执行攻坚凌晨行动护航纪实",
            "法警队党支部开展警示教育",
            "司法警察技能比武获团体第一",
            "“利剑先锋”党员先锋岗授牌",
        ),
        (
            ("五星级党支部", "court", "安阳市中级人民法院机关党委", 2023),
            ("全市政法系统优秀集体", "city", "中共安阳市委政法委员会", 2022),
        ),
        ("大练兵", "执行攻坚行动"),
    ),
    Brand(
        "zy",
        "la2",
        "立案为民",
        "诉源治理 一站通办",
        "modern",
        "#1f5f8b",
        "把立案窗口作为联系群众的第一站，让群众少跑腿、好办事。",
        "诉讼服务“一站通办”、跨域立案、诉前调解与“红色调解室”。",
        "获评五星级党支部，诉前化解率逐年上升，群众满意度位居全市前列。",
        (
            "跨域立案服务实现全覆盖",
            "“红色调解室”成功化解一起邻里纠纷",
            "立案二庭党支部开展窗口服务技能比赛",
            "诉源治理工作推进会召开",
        ),
        (("五星级党支部", "court", "安阳市中级人民法院机关党委", 2023),),
        ("诉讼服务中心开放日",),
    ),
)

SUMMARY = "{brand}：{title}。"
BODY = (
    "<p>近日，{branch}围绕“{brand}”品牌建设，{title}。支部书记在活动中强调，要把党建工作与审判执行工作"
    "深度融合，以高质量党建推动高质量发展。</p>"
    "<h3>主要做法</h3><ul><li>坚持“三会一课”，把学习落到实处；</li><li>党员带头、示范引领，形成比学赶超氛围；</li>"
    "<li>加强与社区、学校等单位的共建联建。</li></ul>"
    "<p>下一步，支部将继续完善品牌载体，总结经验做法，让“{brand}”品牌更加响亮。</p>"
)
ABOUT = (
    "<h2>品牌由来</h2><p>{meaning}</p><h2>品牌载体</h2><p>{vehicle}</p>"
    "<table><thead><tr><th>项目</th><th>做法</th></tr></thead><tbody>"
    "<tr><td>学习</td><td>每月一次主题党日，每季度一次专题党课</td></tr>"
    "<tr><td>实践</td><td>党员先锋岗、志愿服务、结对共建</td></tr></tbody></table>"
)


def build_site_demo(courts, today: date | None = None) -> int:
    """Give every branch its site and the seed's brands complete sites;
    returns how many complete sites were made."""
    today = today or date.today()
    by_slug = {court.slug: court for court in courts}
    branches = {
        (b.court_id, b.slug): b for b in db.session.scalars(select(Organisation).where(Organisation.kind == "branch"))
    }
    for each in branches.values():
        content.ensure_site(each)
    made = 0
    for index, brand in enumerate(BRANDS):
        court = by_slug.get(brand.court)
        branch = branches.get((court.id, brand.branch)) if court else None
        if branch is not None:
            _fill(content.ensure_site(branch), branch, court, brand, index, today)
            made += 1
    return made


def _image(data: bytes, name: str, court):
    return save_image_bytes(data, name, court, None)


def _fill(site, branch, court, brand: Brand, index: int, today: date) -> None:
    site.brand_name, site.slogan, site.theme = brand.name, brand.slogan, brand.theme
    site.meaning, site.vehicle, site.impact = (
        f"<p>{text}</p>" for text in (brand.meaning, brand.vehicle, brand.impact)
    )
    color_key = "primary_color" if brand.theme == "classic" else "accent_color"
    site.theme_settings = {color_key: brand.color}
    site.logo_file_id = _image(pictures.logo(brand.name, brand.color), f"{brand.name}标识.png", court).id
    site.banner_file_id = _image(pictures.banner(brand.color, index), f"{brand.name}横幅.jpg", court).id
    _pages(site, branch, brand)
    _news(site, branch, court, brand, index, today)
    _honours(site, court, brand, index)
    _albums(site, court, brand, index)
    site.bump()


def _live(obj, **words) -> None:
    revisions.save_revision(obj, note="演示数据", **words)
    obj.live_revision_id = obj.latest_revision_id
    obj.status = "published"


def _pages(site, branch, brand: Brand) -> None:
    about = SitePage(site_id=site.id, slug="about", position=1, show_in_menu=True)
    rules = SitePage(site_id=site.id, slug="rules", position=2, show_in_menu=True)
    db.session.add_all([about, rules])
    db.session.flush()
    _live(
        about, title="品牌介绍", summary=brand.slogan, body=ABOUT.format(meaning=brand.meaning, vehicle=brand.vehicle)
    )
    _live(
        rules,
        title="支部制度",
        summary="三会一课、主题党日与组织生活会制度",
        body="<h2>三会一课</h2><ol><li>支部党员大会：每季度一次；</li><li>支部委员会：每月一次；</li>"
        "<li>党小组会：每月一次；</li><li>党课：每季度一次。</li></ol><p>每月固定一天为主题党日。</p>",
    )
    members = SitePage(site_id=site.id, slug="team", parent_id=about.id, position=3, show_in_menu=False)
    db.session.add(members)
    db.session.flush()
    _live(
        members,
        title="支部班子",
        summary="",
        body=f"<p>{branch.name}支部委员会由书记、组织委员、宣传委员等组成，分工负责品牌建设。</p>",
    )
    db.session.add_all(
        [
            MenuItem(site_id=site.id, label="品牌介绍", page_id=about.id, position=1),
            MenuItem(site_id=site.id, label="支部制度", page_id=rules.id, position=2),
        ]
    )


def _news(site, branch, court, brand: Brand, index: int, today: date) -> None:
    for n, title in enumerate(brand.news):
        post = NewsPost(site_id=site.id, publish_date=today - timedelta(days=9 * n + index + 1))
        if n % 3 == 0:
            mood = "indoor" if n % 2 else "outdoor"
            post.cover_file_id = _image(pictures.photo(index * 100 + n, mood), f"封面{n + 1}.jpg", court).id
        db.session.add(post)
        db.session.flush()
        _live(
            post,
            title=title,
            summary=SUMMARY.format(brand=brand.name, title=title),
            body=BODY.format(branch=branch.name, brand=brand.name, title=title),
        )
    draft = NewsPost(site_id=site.id)  # editors find a draft waiting, visitors never see it
    db.session.add(draft)
    db.session.flush()
    revisions.save_revision(
        draft, title=f"{brand.name}品牌建设半年总结（草稿）", body="<p>待完善。</p>", note="演示数据"
    )


def _honours(site, court, brand: Brand, index: int) -> None:
    for n, (title, level, body, year) in enumerate(brand.honours):
        image = _image(pictures.certificate(title, level, index * 10 + n), f"{title}.jpg", court)
        db.session.add(
            Honour(
                site_id=site.id,
                title=title,
                level=level,
                awarding_body=body,
                awarded_on=date(year, 12, 1 + n),
                image_file_id=image.id,
                position=n,
                published=True,
            )
        )


def _albums(site, court, brand: Brand, index: int) -> None:
    for n, title in enumerate(brand.albums):
        album = Album(
            site_id=site.id, title=title, description=f"{brand.name}·{title}活动剪影", position=n, published=True
        )
        db.session.add(album)
        db.session.flush()
        photos = []
        for k in range(5):
            stored = _image(
                pictures.photo(index * 1000 + n * 10 + k, "indoor" if k % 2 else "outdoor"), f"照片{k + 1}.jpg", court
            )
            photos.append(Photo(album_id=album.id, file_id=stored.id, caption=f"{title}（{k + 1}）", position=k))
        db.session.add_all(photos)
        db.session.flush()
        album.cover_photo_id = photos[0].id
