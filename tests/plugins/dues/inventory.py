"""Objects of the 中院 for the route inventory (tests/host/test_route_inventory.py):
one of each thing the dues module's URLs take."""

from __future__ import annotations

from dangjian.api import court_today
from dangjian.db import db
from dangjian_dues.models import Officer

from .conftest import pay, set_rate


def route_objects(world) -> dict[str, int]:
    today = court_today(world.zy)
    set_rate(world.juvenile_member, 450000)
    payment = pay(world.juvenile_member, today.year, today.month, 4500, paid_on=today)
    officer = Officer(court_id=world.zy.id, branch_id=world.juvenile.id, member_id=world.juvenile_member.id)
    db.session.add(officer)
    db.session.commit()
    return {"payment_id": payment.id, "officer_id": officer.id}
