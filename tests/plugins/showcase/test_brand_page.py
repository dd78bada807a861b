"""The showcase brand page: the edit link only where the user may edit
(issue 13 item 2), and no empty 五有 cards (item 12)."""

from __future__ import annotations

from .conftest import set_brand

EDIT = "在支部网站修改品牌"


def test_edit_link_only_on_the_editors_own_branch(client, showcase, login_as):
    world = showcase
    set_brand(world.juvenile, "护航青春", meaning="<p>守护成长</p>")
    set_brand(world.office, "服务先锋", meaning="<p>服务大局</p>")
    login_as(world.juvenile_editor)
    own = client.get(f"/zy/showcase/brand/{world.juvenile.id}").get_data(as_text=True)
    assert EDIT in own and f"/zy/manage/sites/{world.juvenile.id}/brand" in own
    other = client.get(f"/zy/showcase/brand/{world.office.id}").get_data(as_text=True)
    assert "服务先锋" in other and EDIT not in other
    assert client.get(f"/zy/manage/sites/{world.office.id}/brand").status_code == 404  # what the link would give
    login_as(world.zy_admin)
    assert EDIT in client.get(f"/zy/showcase/brand/{world.office.id}").get_data(as_text=True)
    login_as(world.member_user)
    assert EDIT not in client.get(f"/zy/showcase/brand/{world.juvenile.id}").get_data(as_text=True)


def test_a_branch_without_a_brand_shows_no_empty_cards(client, showcase, login_as):
    world = showcase
    page = client.get(f"/zy/showcase/brand/{world.office.id}").get_data(as_text=True)
    assert world.office.name in page
    for empty in ("品牌“五有”", "尚未设置", "尚未上传", "尚未填写", "有内涵"):
        assert empty not in page
    set_brand(world.office, "", meaning="<p>服务大局</p>")
    page = client.get(f"/zy/showcase/brand/{world.office.id}").get_data(as_text=True)
    assert "有内涵" in page and "服务大局" in page
    for empty in ("有名称", "有标识", "有载体", "有影响", "尚未"):
        assert empty not in page
    login_as(world.office_editor)  # the one who can fill it in is told how
    set_brand(world.office, "", meaning="")
    assert "还没有填写品牌“五有”" in client.get(f"/zy/showcase/brand/{world.office.id}").get_data(as_text=True)
