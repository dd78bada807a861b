"""archives: meeting types, plans, meeting records and attendance, documents, handovers, bundles

Revision ID: archives_0001
Revises:
Create Date: 2026-11-27 05:23:24.741399

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "archives_0001"
down_revision = None
branch_labels = ("archives",)
depends_on = "0003_stored_files"


def upgrade():
    op.create_table(
        "archives_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("retention_years", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_archives_category_court_id_court")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_category")),
    )
    with op.batch_alter_table("archives_category", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archives_category_court_id"), ["court_id"], unique=False)

    op.create_table(
        "archives_meeting_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("elements", sa.JSON(), nullable=False),
        sa.Column("custom_elements", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_archives_meeting_type_court_id_court")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_meeting_type")),
        sa.UniqueConstraint("court_id", "code", name=op.f("uq_archives_meeting_type_court_id_code")),
    )
    with op.batch_alter_table("archives_meeting_type", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archives_meeting_type_court_id"), ["court_id"], unique=False)

    op.create_table(
        "archives_plan_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=True),
        sa.Column("month", sa.Integer(), nullable=True),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("lecturer", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_archives_plan_item_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_archives_plan_item_court_id_court")),
        sa.ForeignKeyConstraint(
            ["type_id"], ["archives_meeting_type.id"], name=op.f("fk_archives_plan_item_type_id_archives_meeting_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_plan_item")),
    )
    with op.batch_alter_table("archives_plan_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archives_plan_item_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_archives_plan_item_court_id"), ["court_id"], unique=False)

    op.create_table(
        "archives_bundle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("internal_name", sa.String(length=80), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("document_count", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_archives_bundle_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_archives_bundle_court_id_court")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_archives_bundle_created_by_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_bundle")),
    )
    with op.batch_alter_table("archives_bundle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archives_bundle_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_archives_bundle_court_id"), ["court_id"], unique=False)

    op.create_table(
        "archives_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("handed_on", sa.Date(), nullable=False),
        sa.Column("post", sa.String(length=40), nullable=False),
        sa.Column("from_name", sa.String(length=40), nullable=False),
        sa.Column("to_name", sa.String(length=40), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_archives_handover_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_archives_handover_court_id_court")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_archives_handover_created_by_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_handover")),
    )
    with op.batch_alter_table("archives_handover", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archives_handover_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_archives_handover_court_id"), ["court_id"], unique=False)

    op.create_table(
        "archives_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("plan_item_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("chair", sa.String(length=40), nullable=False),
        sa.Column("recorder", sa.String(length=40), nullable=False),
        sa.Column("lecturer", sa.String(length=40), nullable=False),
        sa.Column("nonvoting_others", sa.String(length=200), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("resolutions", sa.Text(), nullable=False),
        sa.Column("confirmed", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("filed_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("review_note", sa.String(length=300), nullable=False),
        sa.Column("expected_count", sa.Integer(), nullable=False),
        sa.Column("present_count", sa.Integer(), nullable=False),
        sa.Column("voting_count", sa.Integer(), nullable=False),
        sa.Column("voting_present", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("source_key", sa.String(length=80), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_archives_meeting_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_archives_meeting_court_id_court")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_archives_meeting_created_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["plan_item_id"],
            ["archives_plan_item.id"],
            name=op.f("fk_archives_meeting_plan_item_id_archives_plan_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["type_id"], ["archives_meeting_type.id"], name=op.f("fk_archives_meeting_type_id_archives_meeting_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_meeting")),
    )
    with op.batch_alter_table("archives_meeting", schema=None) as batch_op:
        batch_op.create_index("ix_archives_meeting_branch_held", ["branch_id", "held_on"], unique=False)
        batch_op.create_index("ix_archives_meeting_court_held", ["court_id", "held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_archives_meeting_court_id"), ["court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_archives_meeting_type_id"), ["type_id"], unique=False)

    op.create_table(
        "archives_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["archives_meeting.id"],
            name=op.f("fk_archives_attendance_meeting_id_archives_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_archives_attendance_member_id_member"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_attendance")),
        sa.UniqueConstraint("meeting_id", "member_id", name=op.f("uq_archives_attendance_meeting_id_member_id")),
    )
    with op.batch_alter_table("archives_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archives_attendance_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_archives_attendance_member_id"), ["member_id"], unique=False)

    op.create_table(
        "archives_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_archives_document_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"], ["archives_category.id"], name=op.f("fk_archives_document_category_id_archives_category")
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_archives_document_court_id_court")),
        sa.ForeignKeyConstraint(
            ["stored_file_id"], ["stored_file.id"], name=op.f("fk_archives_document_stored_file_id_stored_file")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["user.id"], name=op.f("fk_archives_document_uploaded_by_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_document")),
    )
    with op.batch_alter_table("archives_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archives_document_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_archives_document_category_id"), ["category_id"], unique=False)
        batch_op.create_index("ix_archives_document_court_year", ["court_id", "year"], unique=False)

    op.create_table(
        "archives_meeting_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["archives_meeting.id"],
            name=op.f("fk_archives_meeting_file_meeting_id_archives_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stored_file_id"], ["stored_file.id"], name=op.f("fk_archives_meeting_file_stored_file_id_stored_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives_meeting_file")),
    )
    with op.batch_alter_table("archives_meeting_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archives_meeting_file_meeting_id"), ["meeting_id"], unique=False)


def downgrade():
    with op.batch_alter_table("archives_meeting_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archives_meeting_file_meeting_id"))

    op.drop_table("archives_meeting_file")
    with op.batch_alter_table("archives_document", schema=None) as batch_op:
        batch_op.drop_index("ix_archives_document_court_year")
        batch_op.drop_index(batch_op.f("ix_archives_document_category_id"))
        batch_op.drop_index(batch_op.f("ix_archives_document_branch_id"))

    op.drop_table("archives_document")
    with op.batch_alter_table("archives_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archives_attendance_member_id"))
        batch_op.drop_index(batch_op.f("ix_archives_attendance_meeting_id"))

    op.drop_table("archives_attendance")
    with op.batch_alter_table("archives_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archives_meeting_type_id"))
        batch_op.drop_index(batch_op.f("ix_archives_meeting_court_id"))
        batch_op.drop_index("ix_archives_meeting_court_held")
        batch_op.drop_index("ix_archives_meeting_branch_held")

    op.drop_table("archives_meeting")
    with op.batch_alter_table("archives_handover", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archives_handover_court_id"))
        batch_op.drop_index(batch_op.f("ix_archives_handover_branch_id"))

    op.drop_table("archives_handover")
    with op.batch_alter_table("archives_bundle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archives_bundle_court_id"))
        batch_op.drop_index(batch_op.f("ix_archives_bundle_branch_id"))

    op.drop_table("archives_bundle")
    with op.batch_alter_table("archives_plan_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archives_plan_item_court_id"))
        batch_op.drop_index(batch_op.f("ix_archives_plan_item_branch_id"))

    op.drop_table("archives_plan_item")
    with op.batch_alter_table("archives_meeting_type", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archives_meeting_type_court_id"))

    op.drop_table("archives_meeting_type")
    with op.batch_alter_table("archives_category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archives_category_court_id"))

    op.drop_table("archives_category")
