"""study: materials offered by other modules

Revision ID: study_0002
Revises: study_0001
Create Date: 2026-11-27 05:55:19.605654

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "study_0002"
down_revision = "study_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("study_material", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=40), server_default="", nullable=False))
        batch_op.add_column(sa.Column("source_key", sa.String(length=80), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_study_material_source_key"), ["source_key"], unique=False)


def downgrade():
    with op.batch_alter_table("study_material", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_study_material_source_key"))
        batch_op.drop_column("source_key")
        batch_op.drop_column("source")
