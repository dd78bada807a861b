"""Scripts moved out of templates into static files (the CSP allows no
inline code) still do their work; the CSP guard in conftest.py fails the
test on any violation."""

from playwright.sync_api import expect

from tests.browser.test_journeys import sign_in


def test_court_admin_forms_run_their_scripts(world, live_server, page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, world.zy_admin.username)
    page.wait_for_load_state()

    page.goto(f"{live_server}/zy/manage/org/new")  # org_create.js: kinds allowed under the parent
    expect(page.locator("#kind-hint")).to_contain_text("此上级组织之下")

    # accounts.js on the account edit page: the member filter narrows the list,
    # and linking a member fills an emptied name field.
    page.goto(f"{live_server}/zy/manage/users/{world.juvenile_editor.id}/edit")
    page.locator(".dj-member-filter").fill("周立言")
    expect(page.locator(f'#member_id option[value="{world.office_member.id}"]')).not_to_be_hidden()
    expect(page.locator(f'#member_id option[value="{world.juvenile_member.id}"]')).to_be_hidden()
    page.fill("#display_name", "")
    page.select_option("#member_id", str(world.office_member.id))
    expect(page.locator("#display_name")).to_have_value("周立言")

    page.goto(f"{live_server}/zy/manage/members/new")  # member_form.js: groups of the chosen branch
    page.select_option("#branch_id", str(world.juvenile.id))
    expect(page.locator("#group_id")).to_be_disabled()  # the branch has no party groups

    page.goto(f"{live_server}/zy/manage/members/?q=")  # members.js: empty filters stay out of the URL
    page.locator("#member-filter-form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "q=" not in page.url
    assert not errors, errors
