"""Objects of the 中院 for the route inventory (tests/host/test_route_inventory.py):
a live announcement to the whole court, with an attachment and receipts."""

import io
from datetime import date

from werkzeug.datastructures import FileStorage

from dangjian.announcements.models import Announcement, AnnouncementFile, AnnouncementReceipt
from dangjian.db import db, utcnow
from dangjian.files.services import save_upload
from dangjian.files.sniffing import DOCUMENTS

from .helpers import PDF


def route_objects(world) -> dict[str, int]:
    now = utcnow()
    announcement = Announcement(
        court_id=world.zy.id,
        author_id=world.zy_admin.id,
        title="全院通知",
        body="正文",
        scope="court",
        ack_deadline=date(2099, 1, 1),
        published_at=now,
    )
    db.session.add(announcement)
    stored = save_upload(FileStorage(io.BytesIO(PDF), "通知.pdf"), allowed=DOCUMENTS, max_bytes=1 << 20, court=world.zy)
    attachment = AnnouncementFile(file=stored)
    announcement.files.append(attachment)
    db.session.flush()
    for user, branch in (
        (world.member_user, world.juvenile),
        (world.juvenile_secretary, world.juvenile),
        (world.office_editor, world.office),
    ):
        db.session.add(
            AnnouncementReceipt(
                announcement_id=announcement.id, user_id=user.id, court_id=world.zy.id, branch_id=branch.id
            )
        )
    db.session.commit()
    return {"announcement_id": announcement.id, "announcement_file_id": attachment.id}
