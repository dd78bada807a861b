"""study: materials, check-ins, collective sessions, monthly plans

Revision ID: study_0001
Revises:
Create Date: 2026-11-27 05:22:33.626600

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "study_0001"
down_revision = None
branch_labels = ("study",)
depends_on = "0003_stored_files"


def upgrade():
    op.create_table(
        "study_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sessions_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["organisation.id"], name=op.f("fk_study_plan_branch_id_organisation")),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_study_plan_court_id_court")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_plan")),
        sa.UniqueConstraint("branch_id", "month", name=op.f("uq_study_plan_branch_id_month")),
    )
    with op.batch_alter_table("study_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_plan_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_plan_court_id"), ["court_id"], unique=False)

    op.create_table(
        "study_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("topic", sa.String(length=120), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_study_session_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_study_session_court_id_court")),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user.id"], name=op.f("fk_study_session_recorded_by_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_session")),
    )
    with op.batch_alter_table("study_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_session_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_session_court_id"), ["court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_session_held_on"), ["held_on"], unique=False)

    op.create_table(
        "study_material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("link_url", sa.String(length=500), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_study_material_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_study_material_court_id_court")),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_file.id"], name=op.f("fk_study_material_file_id_stored_file"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["group_id"], ["organisation.id"], name=op.f("fk_study_material_group_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["user.id"], name=op.f("fk_study_material_published_by_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_material")),
    )
    with op.batch_alter_table("study_material", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_material_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_material_court_id"), ["court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_material_group_id"), ["group_id"], unique=False)

    op.create_table(
        "study_session_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_study_session_attendee_member_id_member"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["study_session.id"],
            name=op.f("fk_study_session_attendee_session_id_study_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_session_attendee")),
        sa.UniqueConstraint("session_id", "member_id", name=op.f("uq_study_session_attendee_session_id_member_id")),
    )
    with op.batch_alter_table("study_session_attendee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_session_attendee_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_session_attendee_session_id"), ["session_id"], unique=False)

    op.create_table(
        "study_checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("material_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=120), nullable=False),
        sa.Column("studied_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("reflection", sa.Text(), nullable=False),
        sa.Column("show_on_site", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_study_checkin_court_id_court")),
        sa.ForeignKeyConstraint(
            ["material_id"],
            ["study_material.id"],
            name=op.f("fk_study_checkin_material_id_study_material"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_study_checkin_member_id_member"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_checkin")),
        sa.UniqueConstraint("member_id", "dedupe_key", name=op.f("uq_study_checkin_member_id_dedupe_key")),
    )
    with op.batch_alter_table("study_checkin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_checkin_court_id"), ["court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_checkin_material_id"), ["material_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_checkin_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_checkin_studied_on"), ["studied_on"], unique=False)

    op.create_table(
        "study_material_branch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("material_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_study_material_branch_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["material_id"],
            ["study_material.id"],
            name=op.f("fk_study_material_branch_material_id_study_material"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_material_branch")),
        sa.UniqueConstraint("material_id", "branch_id", name=op.f("uq_study_material_branch_material_id_branch_id")),
    )
    with op.batch_alter_table("study_material_branch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_material_branch_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_material_branch_material_id"), ["material_id"], unique=False)

    op.create_table(
        "study_plan_material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("material_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["material_id"],
            ["study_material.id"],
            name=op.f("fk_study_plan_material_material_id_study_material"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["study_plan.id"], name=op.f("fk_study_plan_material_plan_id_study_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_plan_material")),
        sa.UniqueConstraint("plan_id", "material_id", name=op.f("uq_study_plan_material_plan_id_material_id")),
    )
    with op.batch_alter_table("study_plan_material", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_study_plan_material_material_id"), ["material_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_study_plan_material_plan_id"), ["plan_id"], unique=False)


def downgrade():
    # Dropping a table drops its indexes too.
    op.drop_table("study_plan_material")
    op.drop_table("study_material_branch")
    op.drop_table("study_checkin")
    op.drop_table("study_session_attendee")
    op.drop_table("study_material")
    op.drop_table("study_session")
    op.drop_table("study_plan")
