"""Notification preferences: an account's e-mail address and mail delivery

Revision ID: core_0009_notification_prefs
Revises: core_0008_notifications
Create Date: 2026-12-07 06:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "core_0009_notification_prefs"
down_revision = "core_0008_notifications"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), server_default="", nullable=False))
        batch_op.add_column(sa.Column("notify_email", sa.String(length=20), server_default="none", nullable=False))
        batch_op.add_column(sa.Column("digest_sent_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("digest_sent_at")
        batch_op.drop_column("notify_email")
        batch_op.drop_column("email")
