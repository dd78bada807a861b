"""archives: the duration of a meeting (a 党课 counts as study hours)

Revision ID: archives_0002_meeting_duration
Revises: archives_0001
Create Date: 2026-12-02 00:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "archives_0002_meeting_duration"
down_revision = "archives_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("archives_meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("duration_minutes", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("archives_meeting", schema=None) as batch_op:
        batch_op.drop_column("duration_minutes")
