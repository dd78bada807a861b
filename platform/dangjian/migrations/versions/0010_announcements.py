"""Announcements (通知公告): the announcement, its branches, courts below,
attachments and one receipt per addressee

Revision ID: core_0010_announcements
Revises: core_0009_notification_prefs
Create Date: 2026-12-08 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "core_0010_announcements"
down_revision = "core_0009_notification_prefs"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "announcement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("ack_deadline", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_announcement_author_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["court_id"], ["court.id"], name=op.f("fk_announcement_court_id_court"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement")),
    )
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.create_index("ix_announcement_court_published", ["court_id", "published_at"], unique=False)

    op.create_table(
        "announcement_branch",
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcement.id"],
            name=op.f("fk_announcement_branch_announcement_id_announcement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_announcement_branch_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("announcement_id", "organisation_id", name=op.f("pk_announcement_branch")),
    )
    with op.batch_alter_table("announcement_branch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_announcement_branch_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "announcement_court",
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcement.id"],
            name=op.f("fk_announcement_court_announcement_id_announcement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["court_id"], ["court.id"], name=op.f("fk_announcement_court_court_id_court"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("announcement_id", "court_id", name=op.f("pk_announcement_court")),
    )
    with op.batch_alter_table("announcement_court", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_announcement_court_court_id"), ["court_id"], unique=False)

    op.create_table(
        "announcement_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcement.id"],
            name=op.f("fk_announcement_file_announcement_id_announcement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stored_file_id"],
            ["stored_file.id"],
            name=op.f("fk_announcement_file_stored_file_id_stored_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_file")),
        sa.UniqueConstraint("stored_file_id", name=op.f("uq_announcement_file_stored_file_id")),
    )
    with op.batch_alter_table("announcement_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_announcement_file_announcement_id"), ["announcement_id"], unique=False)

    op.create_table(
        "announcement_receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=True),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcement.id"],
            name=op.f("fk_announcement_receipt_announcement_id_announcement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"],
            ["organisation.id"],
            name=op.f("fk_announcement_receipt_branch_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["court_id"], ["court.id"], name=op.f("fk_announcement_receipt_court_id_court"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_announcement_receipt_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_receipt")),
        sa.UniqueConstraint("announcement_id", "user_id", name=op.f("uq_announcement_receipt_announcement_id_user_id")),
    )
    with op.batch_alter_table("announcement_receipt", schema=None) as batch_op:
        batch_op.create_index("ix_announcement_receipt_user_court", ["user_id", "court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_announcement_receipt_court_id"), ["court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_announcement_receipt_branch_id"), ["branch_id"], unique=False)


def downgrade():
    with op.batch_alter_table("announcement_receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcement_receipt_branch_id"))
        batch_op.drop_index(batch_op.f("ix_announcement_receipt_court_id"))
        batch_op.drop_index("ix_announcement_receipt_user_court")
    op.drop_table("announcement_receipt")
    with op.batch_alter_table("announcement_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcement_file_announcement_id"))
    op.drop_table("announcement_file")
    with op.batch_alter_table("announcement_court", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcement_court_court_id"))
    op.drop_table("announcement_court")
    with op.batch_alter_table("announcement_branch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcement_branch_organisation_id"))
    op.drop_table("announcement_branch")
    with op.batch_alter_table("announcement", schema=None) as batch_op:
        batch_op.drop_index("ix_announcement_court_published")
    op.drop_table("announcement")
