"""redculture: bases, resources, activities, participants, photos

Revision ID: redculture_0001
Revises:
Create Date: 2026-11-27 05:55:02.634525

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "redculture_0001"
down_revision = None
branch_labels = ("redculture",)
depends_on = "0004_sites"


def upgrade():
    op.create_table(
        "redculture_base",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("themes", sa.String(length=200), nullable=False),
        sa.Column("visiting_notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_redculture_base_court_id_court")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redculture_base")),
    )
    with op.batch_alter_table("redculture_base", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redculture_base_court_id"), ["court_id"], unique=False)

    op.create_table(
        "redculture_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("base_id", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("signup_deadline", sa.DateTime(), nullable=True),
        sa.Column("archive_links", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["base_id"],
            ["redculture_base.id"],
            name=op.f("fk_redculture_activity_base_id_redculture_base"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_redculture_activity_court_id_court")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_redculture_activity_created_by_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redculture_activity")),
    )
    with op.batch_alter_table("redculture_activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redculture_activity_base_id"), ["base_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_redculture_activity_court_id"), ["court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_redculture_activity_held_on"), ["held_on"], unique=False)

    op.create_table(
        "redculture_activity_branch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["redculture_activity.id"],
            name=op.f("fk_redculture_activity_branch_activity_id_redculture_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_redculture_activity_branch_branch_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redculture_activity_branch")),
        sa.UniqueConstraint(
            "activity_id", "branch_id", name=op.f("uq_redculture_activity_branch_activity_id_branch_id")
        ),
    )
    with op.batch_alter_table("redculture_activity_branch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redculture_activity_branch_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_redculture_activity_branch_branch_id"), ["branch_id"], unique=False)

    op.create_table(
        "redculture_activity_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=100), nullable=False),
        sa.Column("on_site", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["redculture_activity.id"],
            name=op.f("fk_redculture_activity_photo_activity_id_redculture_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_file.id"], name=op.f("fk_redculture_activity_photo_file_id_stored_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redculture_activity_photo")),
    )
    with op.batch_alter_table("redculture_activity_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redculture_activity_photo_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "redculture_base_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["base_id"],
            ["redculture_base.id"],
            name=op.f("fk_redculture_base_photo_base_id_redculture_base"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_file.id"], name=op.f("fk_redculture_base_photo_file_id_stored_file")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redculture_base_photo")),
    )
    with op.batch_alter_table("redculture_base_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redculture_base_photo_base_id"), ["base_id"], unique=False)

    op.create_table(
        "redculture_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("signed_up_at", sa.DateTime(), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("reflection", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["redculture_activity.id"],
            name=op.f("fk_redculture_participant_activity_id_redculture_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_redculture_participant_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_redculture_participant_member_id_member"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redculture_participant")),
        sa.UniqueConstraint("activity_id", "member_id", name=op.f("uq_redculture_participant_activity_id_member_id")),
    )
    with op.batch_alter_table("redculture_participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redculture_participant_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_redculture_participant_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_redculture_participant_member_id"), ["member_id"], unique=False)

    op.create_table(
        "redculture_resource",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("themes", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("link_url", sa.String(length=500), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("base_id", sa.Integer(), nullable=True),
        sa.Column("study_url", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["base_id"],
            ["redculture_base.id"],
            name=op.f("fk_redculture_resource_base_id_redculture_base"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_redculture_resource_court_id_court")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_redculture_resource_created_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_file.id"],
            name=op.f("fk_redculture_resource_file_id_stored_file"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redculture_resource")),
    )
    with op.batch_alter_table("redculture_resource", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redculture_resource_base_id"), ["base_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_redculture_resource_court_id"), ["court_id"], unique=False)


def downgrade():
    with op.batch_alter_table("redculture_resource", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redculture_resource_court_id"))
        batch_op.drop_index(batch_op.f("ix_redculture_resource_base_id"))

    op.drop_table("redculture_resource")
    with op.batch_alter_table("redculture_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redculture_participant_member_id"))
        batch_op.drop_index(batch_op.f("ix_redculture_participant_branch_id"))
        batch_op.drop_index(batch_op.f("ix_redculture_participant_activity_id"))

    op.drop_table("redculture_participant")
    with op.batch_alter_table("redculture_base_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redculture_base_photo_base_id"))

    op.drop_table("redculture_base_photo")
    with op.batch_alter_table("redculture_activity_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redculture_activity_photo_activity_id"))

    op.drop_table("redculture_activity_photo")
    with op.batch_alter_table("redculture_activity_branch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redculture_activity_branch_branch_id"))
        batch_op.drop_index(batch_op.f("ix_redculture_activity_branch_activity_id"))

    op.drop_table("redculture_activity_branch")
    with op.batch_alter_table("redculture_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redculture_activity_held_on"))
        batch_op.drop_index(batch_op.f("ix_redculture_activity_court_id"))
        batch_op.drop_index(batch_op.f("ix_redculture_activity_base_id"))

    op.drop_table("redculture_activity")
    with op.batch_alter_table("redculture_base", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redculture_base_court_id"))

    op.drop_table("redculture_base")
