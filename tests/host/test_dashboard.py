"""The court home fills its dashboard through the widget hook."""

from tests.factories import make_member


def test_member_sees_own_record_widget(client, world, login_as):
    login_as(world.member_user)
    text = client.get("/zy/").get_data(as_text=True)
    assert "我的党员信息" in text
    assert world.juvenile_member.name in text
    assert "本院党员队伍" not in text


def test_court_admin_sees_court_figures(client, world, login_as, app):
    make_member(world.office, status="probationary")
    login_as(world.zy_admin)
    text = client.get("/zy/").get_data(as_text=True)
    assert "本院党员队伍" in text
    # 3 members in zy (juvenile, office, the probationary one); wf's member excluded.
    assert '<div class="dj-stat">3</div>' in text
    assert '<div class="dj-stat">1</div>' in text


def test_secretary_sees_only_own_branch(client, world, login_as):
    make_member(world.office)
    login_as(world.juvenile_secretary)
    text = client.get("/zy/").get_data(as_text=True)
    assert "本支部党员队伍" in text
    assert '<div class="dj-stat">1</div>' in text


def test_other_court_admin_sees_no_widgets(client, world, login_as):
    login_as(world.wf_admin)
    text = client.get("/zy/").get_data(as_text=True)
    assert "本院党员队伍" not in text and "本支部党员队伍" not in text
    assert "少年庭党支部" in text  # the public branch list still shows


def test_anonymous_sees_public_court_page(client, world):
    text = client.get("/zy/").get_data(as_text=True)
    assert "登录工作台" in text
    assert "本院党员队伍" not in text


def test_court_admin_sees_branches_that_need_attention(client, world, login_as):
    login_as(world.zy_admin)
    text = client.get("/zy/").get_data(as_text=True)
    assert "组织建设提醒" in text
    # The world's branches have one member each and no secretary.
    assert "少年庭党支部" in text and "正式党员不足 3 名" in text and "尚未设置支部书记" in text
    login_as(world.juvenile_secretary)
    assert "组织建设提醒" not in client.get("/zy/").get_data(as_text=True)
