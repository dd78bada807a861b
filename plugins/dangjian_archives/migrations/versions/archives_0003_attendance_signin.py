"""archives: when a member signed in to a meeting by QR code (扫码签到)

Revision ID: archives_0003_attendance_signin
Revises: archives_0002_meeting_duration
Create Date: 2026-12-08 01:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "archives_0003_attendance_signin"
down_revision = "archives_0002_meeting_duration"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("archives_attendance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signed_in_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("archives_attendance", schema=None) as batch_op:
        batch_op.drop_column("signed_in_at")
