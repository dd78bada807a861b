"""Microsites: a non-publisher's brand, sections and menu changes wait for
review (site_proposal); photos added to a shown album wait for approval

Revision ID: core_0007_site_review
Revises: core_0006_court_transfers
Create Date: 2026-12-01 23:58:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "core_0007_site_review"
down_revision = "core_0006_court_transfers"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "site_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("brand", sa.JSON(), nullable=True),
        sa.Column("sections", sa.JSON(), nullable=True),
        sa.Column("menu", sa.JSON(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("returned_reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_site_proposal_author_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_site_proposal_site_id_site"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_proposal")),
        sa.UniqueConstraint("site_id", name=op.f("uq_site_proposal_site_id")),
    )
    with op.batch_alter_table("site_photo", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approved", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table("site_photo", schema=None) as batch_op:
        batch_op.drop_column("approved")
    op.drop_table("site_proposal")
