"""Believable demo data (fictional people; descriptions written for this project)."""

from __future__ import annotations

import io
import random
from datetime import datetime, time, timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from dangjian.api import Member, active_branches, court_today, db, to_utc

from .media import save_photo
from .models import Activity, ActivityBranch, ActivityPhoto, Base, BasePhoto, Participant, Resource

BASES = (
    (
        "汤阴精忠报国教育基地",
        "汤阴县城岳飞故里",
        "忠诚担当、家国情怀、廉洁自律",
        "位于岳飞故里汤阴，以“精忠报国”为主线，通过碑刻、史料陈列和情景展示讲述岳飞精忠报国、清正廉洁的一生。"
        "适合开展忠诚教育和廉政教育，引导党员干警把对党忠诚落实到公正司法的每一个环节。",
        "建议提前三个工作日预约讲解；团体参观请统一着装、佩戴党员徽章；馆内不得喧哗，拍照不使用闪光灯。",
    ),
    (
        "红旗渠纪念馆",
        "林州市红旗渠风景区",
        "红旗渠精神、自力更生、艰苦创业",
        "纪念馆通过实物、图片和影像，再现林县人民在太行山腰修建“人工天河”的历程。"
        "红旗渠精神——自力更生、艰苦创业、团结协作、无私奉献——是本院每年“红旗渠精神学习日”的学习主题。",
        "车程约一个半小时，建议上午出发；馆内参观约一小时，可与青年洞连线安排；山区早晚温差大，注意携带外套。",
    ),
    (
        "青年洞",
        "林州市红旗渠总干渠",
        "红旗渠精神、青年担当、团结协作",
        "青年洞是红旗渠总干渠上最艰险的隧洞之一，由三百名青年突击队员在坚硬的石英岩中凿成。"
        "站在洞口重温修渠故事，适合开展青年干警入党宣誓、重温入党誓词等活动。",
        "步道台阶较多，年长党员量力而行；雨天路滑注意安全；洞内光线较暗，请跟随讲解员通行。",
    ),
)
STORIES = (
    (
        "一锤一钎凿太行",
        "story",
        "红旗渠精神、艰苦创业",
        1,
        "<p>没有大型机械，修渠人就靠一锤一钎、一双手，在悬崖峭壁上开出一条渠。</p>"
        "<p>今天我们办案同样会遇到“硬石头”：疑难复杂的案件、久拖未决的执行。学习修渠人的韧劲，就是不推、不拖、不绕，一件一件把难事办好。</p>",
    ),
    (
        "精忠报国四个字的分量",
        "story",
        "忠诚担当、家国情怀",
        0,
        "<p>“精忠报国”不只是刻在背上的四个字，更是一辈子的选择。</p>"
        "<p>对法院干警来说，忠诚体现在守住公正的底线上：不为人情所动，不为利益所惑，让每一份裁判经得起检验。</p>",
    ),
    (
        "团结协作：从修渠到审执联动",
        "story",
        "红旗渠精神、团结协作",
        2,
        "<p>红旗渠是全县十万人一起修成的。庭室之间、审判与执行之间、法院与基层组织之间，同样需要拧成一股绳。</p>",
    ),
)
LINK = ("红旗渠精神网上学习专题", "link", "红旗渠精神", "https://www.hongqiqu.gov.cn/")
REFLECTIONS = (
    "站在青年洞口，想到当年的青年突击队员和我们年纪相仿，却在绝壁上干成了大事。回到岗位上，我要把手头积案一件件清理好。",
    "这次参观让我对“自力更生、艰苦创业”有了直观的感受。审判工作条件比当年好得多，更没有理由不尽心尽力。",
    "在精忠报国教育基地重温入党誓词，心里很受触动。忠诚不是口号，而是每天认真对待每一个案件、每一位当事人。",
    "红旗渠是团结协作的结果。我们庭人少案多，更要互相补位，把为群众办实事落到实处。",
)


def _photo_bytes(rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (rng.randint(150, 200), rng.randint(190, 220), 235))
    draw = ImageDraw.Draw(image)
    ridge = [(x, rng.randint(250, 380)) for x in range(0, 801, 80)]
    draw.polygon([*ridge, (800, 600), (0, 600)], fill=(rng.randint(90, 130), rng.randint(110, 140), 90))
    draw.rectangle((0, 470, 800, 500), fill=(110, 160, 200))  # the canal
    draw.rectangle((360, 120, 440, 300), fill=(184, 20, 27))  # a red flag
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _photo(court, rng, name):
    return save_photo(FileStorage(stream=io.BytesIO(_photo_bytes(rng)), filename=name), court, None)


def add_demo_data(court) -> None:
    rng = random.Random(f"redculture-{court.slug}")
    today = court_today(court)
    branches = active_branches(court)
    members = list(db.session.scalars(select(Member).where(Member.court_id == court.id, Member.left_on.is_(None))))
    bases = []
    for name, place, themes, description, notes in BASES:
        base = Base(
            court_id=court.id, name=name, place=place, themes=themes, description=description, visiting_notes=notes
        )
        stored = _photo(court, rng, f"{name}.jpg")
        base.photos.append(BasePhoto(file_id=stored.id, caption=name))
        bases.append(base)
    db.session.add_all(bases)
    db.session.flush()
    for title, kind, themes, base_index, body in STORIES:
        db.session.add(
            Resource(
                court_id=court.id,
                title=title,
                kind=kind,
                themes=themes,
                body_html=body,
                base_id=bases[base_index].id,
                summary="",
            )
        )
    title, kind, themes, url = LINK
    db.session.add(
        Resource(
            court_id=court.id,
            title=title,
            kind=kind,
            themes=themes,
            link_url=url,
            summary="红旗渠精神相关的图文与视频资料（外部网站）。",
        )
    )
    if not branches or not members:
        return
    by_branch: dict[int, list[Member]] = {}
    for member in members:
        by_branch.setdefault(member.branch_id, []).append(member)
    _study_days(court, bases, members, today, rng)
    for index, branch in enumerate(branches[:4]):
        partner = branches[(index + 1) % len(branches)] if index == 0 and len(branches) > 1 else None
        organisers = [branch] + ([partner] if partner else [])
        activity = Activity(
            court_id=court.id,
            kind="theme_day" if index % 2 == 0 else "visit",
            title=f"{branch.name}赴{bases[index % 3].name}开展红色教育",
            base_id=bases[index % 3].id,
            held_on=today - timedelta(days=20 + 37 * index),
            summary="全体参加党员重温入党誓词，听取讲解，并结合本职工作交流了学习体会。",
            archive_links={},
        )
        activity.organisers = [ActivityBranch(branch_id=b.id) for b in organisers]
        people = [m for b in organisers for m in by_branch.get(b.id, [])]
        _attend(activity, rng.sample(people, max(1, len(people) * 3 // 4)) if people else [], rng)
        stored = _photo(court, rng, "活动合影.jpg")
        activity.photos.append(ActivityPhoto(file_id=stored.id, caption="参观学习", on_site=True))
        db.session.add(activity)
    db.session.flush()


def _attend(activity: Activity, people, rng, signed_at=None) -> None:
    for member in people:
        activity.participants.append(
            Participant(
                member_id=member.id,
                branch_id=member.branch_id,
                attended=True,
                signed_up_at=signed_at,
                reflection=rng.choice(REFLECTIONS) if rng.random() < 0.3 else "",
            )
        )


def _study_days(court, bases, members, today, rng) -> None:
    last = Activity(
        court_id=court.id,
        kind="study_day",
        title=f"{today.year - 1}年红旗渠精神学习日",
        base_id=bases[1].id,
        held_on=today.replace(year=today.year - 1) - timedelta(days=30),
        signup_deadline=datetime(today.year - 1, 1, 1),
        archive_links={},
        description="上午参观红旗渠纪念馆，下午到青年洞重温入党誓词并开展交流。",
        summary="全院党员分两批参加，参观后各支部组织了座谈交流。",
    )
    _attend(last, rng.sample(members, max(1, len(members) * 2 // 3)), rng, signed_at=datetime(today.year - 1, 1, 1))
    coming = Activity(
        court_id=court.id,
        kind="study_day",
        title=f"{today.year}年红旗渠精神学习日",
        base_id=bases[1].id,
        held_on=today + timedelta(days=21),
        archive_links={},
        signup_deadline=to_utc(court, datetime.combine(today + timedelta(days=14), time(18, 0))),
        description="参观红旗渠纪念馆和青年洞；集体乘车，早上七点半在机关大院集合。请在截止前报名，便于安排车辆。",
    )
    for member in rng.sample(members, len(members) // 4):
        coming.participants.append(
            Participant(
                member_id=member.id, branch_id=member.branch_id, signed_up_at=datetime.combine(today, time(2, 0))
            )
        )
    db.session.add_all([last, coming])
