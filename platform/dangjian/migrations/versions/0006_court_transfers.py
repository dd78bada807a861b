"""Transfers of members to another court of the city: requests, and the courts on the transfer history

Revision ID: core_0006_court_transfers
Revises: core_0005_must_change_password
Create Date: 2026-12-02 00:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "core_0006_court_transfers"
down_revision = "core_0005_must_change_password"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "court_transfer_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("from_court_id", sa.Integer(), nullable=False),
        sa.Column("from_branch_id", sa.Integer(), nullable=False),
        sa.Column("to_court_id", sa.Integer(), nullable=False),
        sa.Column("to_branch_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("decline_reason", sa.String(length=200), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user.id"],
            name=op.f("fk_court_transfer_request_decided_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["from_branch_id"], ["organisation.id"], name=op.f("fk_court_transfer_request_from_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["from_court_id"], ["court.id"], name=op.f("fk_court_transfer_request_from_court_id_court")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_court_transfer_request_member_id_member"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user.id"],
            name=op.f("fk_court_transfer_request_requested_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["to_branch_id"], ["organisation.id"], name=op.f("fk_court_transfer_request_to_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["to_court_id"], ["court.id"], name=op.f("fk_court_transfer_request_to_court_id_court")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_court_transfer_request")),
    )
    with op.batch_alter_table("court_transfer_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_court_transfer_request_from_court_id"), ["from_court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_court_transfer_request_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_court_transfer_request_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_court_transfer_request_to_court_id"), ["to_court_id"], unique=False)

    with op.batch_alter_table("member_transfer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("from_court_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("to_court_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_member_transfer_from_court_id_court"), "court", ["from_court_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_member_transfer_to_court_id_court"), "court", ["to_court_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("member_transfer", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_member_transfer_to_court_id_court"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_member_transfer_from_court_id_court"), type_="foreignkey")
        batch_op.drop_column("to_court_id")
        batch_op.drop_column("from_court_id")

    with op.batch_alter_table("court_transfer_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_court_transfer_request_to_court_id"))
        batch_op.drop_index(batch_op.f("ix_court_transfer_request_status"))
        batch_op.drop_index(batch_op.f("ix_court_transfer_request_member_id"))
        batch_op.drop_index(batch_op.f("ix_court_transfer_request_from_court_id"))

    op.drop_table("court_transfer_request")
