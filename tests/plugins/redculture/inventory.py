"""Objects of the 中院 for the route inventory (tests/host/test_route_inventory.py):
one of each thing the red-culture module's URLs take."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from dangjian.db import db
from dangjian.files.services import save_upload
from dangjian.files.sniffing import IMAGES
from dangjian_redculture.models import BasePhoto, Resource

from .conftest import add_photo, make_activity, make_base, png_bytes


def route_objects(world) -> dict[str, int]:
    base = make_base(world.zy)
    stored = save_upload(
        FileStorage(io.BytesIO(png_bytes()), filename="基地.png"), allowed=IMAGES, max_bytes=10**7, court=world.zy
    )
    base_photo = BasePhoto(base_id=base.id, file_id=stored.id)
    resource = Resource(court_id=world.zy.id, title="红旗渠的故事", kind="story", body_html="<p>故事</p>")
    db.session.add_all([base_photo, resource])
    db.session.commit()
    activity = make_activity(world.zy, branches=[world.juvenile], base=base, attended=[world.juvenile_member])
    photo = add_photo(activity, on_site=True)
    return {
        "base_id": base.id,
        "base_photo_id": base_photo.id,
        "resource_id": resource.id,
        "activity_id": activity.id,
        "photo_id": photo.id,
    }
