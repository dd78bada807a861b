"""showcase: a judge's comment (评语) per entry

Revision ID: showcase_0002_judge_comments
Revises: showcase_0001
Create Date: 2026-12-02 00:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "showcase_0002_judge_comments"
down_revision = "showcase_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "showcase_judge_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["showcase_entry.id"],
            name=op.f("fk_showcase_judge_comment_entry_id_showcase_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_showcase_judge_comment_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_judge_comment")),
        sa.UniqueConstraint("entry_id", "user_id", name=op.f("uq_showcase_judge_comment_entry_id_user_id")),
    )
    with op.batch_alter_table("showcase_judge_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_judge_comment_entry_id"), ["entry_id"], unique=False)


def downgrade():
    with op.batch_alter_table("showcase_judge_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_showcase_judge_comment_entry_id"))
    op.drop_table("showcase_judge_comment")
