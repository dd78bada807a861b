"""The study module's JSON API: my assigned materials, and check-ins made
through the same service as the page (one record per material, whichever
way the member checked in)."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from dangjian.api import (
    ApiBlueprint,
    ApiPageArgs,
    ApiSchema,
    api_abort,
    api_fields,
    api_page_of,
    api_paginate,
    api_validate,
    current_user,
    db,
    get_in_court_or_404,
    requires,
)

from . import services
from .models import StudyMaterial

api = ApiBlueprint("study_api", __name__, description="学习打卡")


class MaterialSchema(ApiSchema):
    id = api_fields.Integer(required=True)
    title = api_fields.String(required=True)
    kind = api_fields.String(required=True)
    kind_label = api_fields.String(required=True)
    minutes = api_fields.Integer(required=True, metadata={"description": "打卡计入的学习时长（分钟）"})
    due_on = api_fields.Date(allow_none=True)
    created_at = api_fields.DateTime(required=True)
    done = api_fields.Function(lambda m: m.id in g.get("study_done", set()), required=True)


class MaterialArgs(ApiPageArgs):
    q = api_fields.String(validate=api_validate.Length(max=40), metadata={"description": "标题包含"})


class CheckinArgs(ApiSchema):
    material_id = api_fields.Integer(
        required=True, strict=True, validate=api_validate.Range(min=1, max=2**31 - 1, error="资料编号无效。")
    )
    studied_on = api_fields.Date(metadata={"description": "学习日期，默认今天"})
    hours = api_fields.Float(
        allow_nan=False,
        validate=api_validate.Range(min=0.5, max=8, error="学时在 0.5 到 8 小时之间。"),
        metadata={"description": "学习时长（小时），默认资料规定的时长"},
    )
    reflection = api_fields.String(
        load_default="", validate=api_validate.Length(max=5000, error="心得不超过 5000 字。")
    )


class CheckinSchema(ApiSchema):
    id = api_fields.Integer(required=True)
    material_id = api_fields.Integer(allow_none=True)
    topic = api_fields.String(required=True)
    studied_on = api_fields.Date(required=True)
    minutes = api_fields.Integer(required=True)
    reflection = api_fields.String(required=True)
    created_at = api_fields.DateTime(required=True)
    created = api_fields.Function(lambda c: bool(g.get("study_created")), required=True)


@api.route("/materials")
@requires("study.view")
@api.arguments(MaterialArgs, location="query")
@api.response(200, api_page_of(MaterialSchema))
def materials(args):
    """分配给我的学习资料（新的在前；done 表示已打卡）"""
    member = services.member_of(current_user, g.court)
    if member is None:
        return api_paginate([], args)
    query = select(StudyMaterial).where(services.assigned_to(member))
    if args.get("q"):
        query = query.where(StudyMaterial.title.contains(args["q"], autoescape=True))
    g.study_done = services.done_material_ids(member)
    return api_paginate(query.order_by(StudyMaterial.created_at.desc(), StudyMaterial.id.desc()), args)


@api.route("/checkins", methods=["POST"])
@requires("study.view")
@api.arguments(CheckinArgs)
@api.response(201, CheckinSchema)
@api.alt_response(200, schema=CheckinSchema, description="这份资料已经打过卡：返回原来的记录，不新增")
def checkin(args):
    """学习资料打卡（与网页同一服务：同一份资料只有一条记录，重复提交返回原记录）"""
    item = get_in_court_or_404(StudyMaterial, args["material_id"])
    if not services.may_open(current_user, g.court, item):
        api_abort(404, "学习资料不存在。")
    member = services.member_of(current_user, g.court)
    if member is None or not services.is_assigned(member, item):
        api_abort(403, "这份资料没有分配给您，不能打卡。")
    minutes = services.minutes_from_hours(args["hours"]) if args.get("hours") is not None else None
    # CheckinRefused (a Refused) travels up: the host answers 422 by field.
    row, created = services.check_in(
        g.court,
        member,
        material=item,
        studied_on=args.get("studied_on"),
        minutes=minutes,
        reflection=args["reflection"],
    )
    db.session.commit()
    g.study_created = created
    return row, 201 if created else 200
