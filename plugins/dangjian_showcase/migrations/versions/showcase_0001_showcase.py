"""showcase: ratings, court honours, reviews, entries, scores, votes

Revision ID: showcase_0001
Revises:
Depends on: 0004_sites (the microsites' site_honour)
Create Date: 2026-11-27 05:54:03.483504

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "showcase_0001"
down_revision = None
branch_labels = ("showcase",)
depends_on = "0004_sites"


def upgrade():
    op.create_table(
        "showcase_court_honour",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("awarding_body", sa.String(length=120), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_showcase_court_honour_court_id_court")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_court_honour")),
    )
    with op.batch_alter_table("showcase_court_honour", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_court_honour_court_id"), ["court_id"], unique=False)

    op.create_table(
        "showcase_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("votes_enabled", sa.Boolean(), nullable=False),
        sa.Column("award_places", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_showcase_review_court_id_court")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_review")),
    )
    with op.batch_alter_table("showcase_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_review_court_id"), ["court_id"], unique=False)

    op.create_table(
        "showcase_criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["showcase_review.id"],
            name=op.f("fk_showcase_criterion_review_id_showcase_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_criterion")),
    )
    with op.batch_alter_table("showcase_criterion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_criterion_review_id"), ["review_id"], unique=False)

    op.create_table(
        "showcase_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_showcase_rating_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_showcase_rating_court_id_court")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_rating")),
        sa.UniqueConstraint("branch_id", name=op.f("uq_showcase_rating_branch_id")),
    )
    with op.batch_alter_table("showcase_rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_rating_court_id"), ["court_id"], unique=False)

    op.create_table(
        "showcase_judge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["showcase_review.id"],
            name=op.f("fk_showcase_judge_review_id_showcase_review"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_showcase_judge_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_judge")),
        sa.UniqueConstraint("review_id", "user_id", name=op.f("uq_showcase_judge_review_id_user_id")),
    )
    with op.batch_alter_table("showcase_judge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_judge_review_id"), ["review_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_showcase_judge_user_id"), ["user_id"], unique=False)

    op.create_table(
        "showcase_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("final_score", sa.Double(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("honour_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_showcase_entry_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_showcase_entry_court_id_court")),
        sa.ForeignKeyConstraint(
            ["honour_id"], ["site_honour.id"], name=op.f("fk_showcase_entry_honour_id_site_honour"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["showcase_review.id"],
            name=op.f("fk_showcase_entry_review_id_showcase_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_entry")),
        sa.UniqueConstraint("review_id", "branch_id", name=op.f("uq_showcase_entry_review_id_branch_id")),
    )
    with op.batch_alter_table("showcase_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_entry_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_showcase_entry_court_id"), ["court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_showcase_entry_review_id"), ["review_id"], unique=False)

    op.create_table(
        "showcase_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["showcase_entry.id"],
            name=op.f("fk_showcase_attachment_entry_id_showcase_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_file.id"], name=op.f("fk_showcase_attachment_file_id_stored_file"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_attachment")),
    )
    with op.batch_alter_table("showcase_attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_attachment_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "showcase_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("scored_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["showcase_criterion.id"],
            name=op.f("fk_showcase_score_criterion_id_showcase_criterion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["showcase_entry.id"],
            name=op.f("fk_showcase_score_entry_id_showcase_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_showcase_score_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_score")),
        sa.UniqueConstraint(
            "entry_id", "user_id", "criterion_id", name=op.f("uq_showcase_score_entry_id_user_id_criterion_id")
        ),
    )
    with op.batch_alter_table("showcase_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_score_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "showcase_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["showcase_entry.id"],
            name=op.f("fk_showcase_vote_entry_id_showcase_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_showcase_vote_member_id_member"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showcase_vote")),
        sa.UniqueConstraint("entry_id", "member_id", name=op.f("uq_showcase_vote_entry_id_member_id")),
    )
    with op.batch_alter_table("showcase_vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_showcase_vote_entry_id"), ["entry_id"], unique=False)


def downgrade():
    op.drop_table("showcase_vote")
    op.drop_table("showcase_score")
    op.drop_table("showcase_attachment")
    op.drop_table("showcase_entry")
    op.drop_table("showcase_judge")
    op.drop_table("showcase_rating")
    op.drop_table("showcase_criterion")
    op.drop_table("showcase_review")
    op.drop_table("showcase_court_honour")
