"""study: collective sessions recorded by other modules

Revision ID: study_0003_session_source
Revises: study_0002
Create Date: 2026-12-02 00:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "study_0003_session_source"
down_revision = "study_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("study_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=40), server_default="", nullable=False))
        batch_op.add_column(sa.Column("source_key", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("source_url", sa.String(length=300), server_default="", nullable=False))
        batch_op.create_unique_constraint(
            batch_op.f("uq_study_session_court_id_source_source_key"), ["court_id", "source", "source_key"]
        )


def downgrade():
    with op.batch_alter_table("study_session", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_study_session_court_id_source_source_key"), type_="unique")
        batch_op.drop_column("source_url")
        batch_op.drop_column("source_key")
        batch_op.drop_column("source")
