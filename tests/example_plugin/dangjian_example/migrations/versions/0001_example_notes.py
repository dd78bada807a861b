"""example: notes board

Revision ID: example_0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "example_0001"
down_revision = None
branch_labels = ("example",)
depends_on = "0001_core"


def upgrade():
    op.create_table(
        "example_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_example_note_court_id_court")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_note")),
    )
    with op.batch_alter_table("example_note") as batch_op:
        batch_op.create_index(batch_op.f("ix_example_note_court_id"), ["court_id"], unique=False)


def downgrade():
    with op.batch_alter_table("example_note") as batch_op:
        batch_op.drop_index(batch_op.f("ix_example_note_court_id"))
    op.drop_table("example_note")
