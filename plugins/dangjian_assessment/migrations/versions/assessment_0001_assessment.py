"""assessment: the standard, the yearly cycle, scores, reviewers, notices

Revision ID: assessment_0001
Revises:
Create Date: 2026-12-07 05:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "assessment_0001"
down_revision = None
branch_labels = ("assessment",)
depends_on = "core_0008_notifications"


def upgrade():
    op.create_table(
        "assessment_standard",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("total_points", sa.Numeric(precision=7, scale=2, asdecimal=False), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("published_for_city", sa.Boolean(), nullable=False),
        sa.Column("adopted_from_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adopted_from_id"],
            ["assessment_standard.id"],
            name=op.f("fk_assessment_standard_adopted_from_id_assessment_standard"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_assessment_standard_court_id_court")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_standard")),
        sa.UniqueConstraint("court_id", "year", name=op.f("uq_assessment_standard_court_id_year")),
    )
    with op.batch_alter_table("assessment_standard", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_standard_court_id"), ["court_id"], unique=False)

    op.create_table(
        "assessment_aspect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("standard_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["standard_id"],
            ["assessment_standard.id"],
            name=op.f("fk_assessment_aspect_standard_id_assessment_standard"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_aspect")),
    )
    with op.batch_alter_table("assessment_aspect", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_aspect_standard_id"), ["standard_id"], unique=False)

    op.create_table(
        "assessment_cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("standard_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("self_due", sa.Date(), nullable=True),
        sa.Column("review_due", sa.Date(), nullable=True),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("star_thresholds", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("notice_started_at", sa.DateTime(), nullable=True),
        sa.Column("notice_ends_on", sa.Date(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_assessment_cycle_court_id_court")),
        sa.ForeignKeyConstraint(
            ["standard_id"],
            ["assessment_standard.id"],
            name=op.f("fk_assessment_cycle_standard_id_assessment_standard"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_cycle")),
    )
    with op.batch_alter_table("assessment_cycle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_cycle_court_id"), ["court_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_cycle_standard_id"), ["standard_id"], unique=False)

    op.create_table(
        "assessment_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("standard_id", sa.Integer(), nullable=False),
        sa.Column("aspect_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("points", sa.Numeric(precision=7, scale=2, asdecimal=False), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("indicator_key", sa.String(length=80), nullable=True),
        sa.Column("mapping", sa.JSON(), nullable=True),
        sa.Column("deduction_per", sa.Numeric(precision=7, scale=2, asdecimal=False), nullable=True),
        sa.Column("evidence_expected", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["aspect_id"],
            ["assessment_aspect.id"],
            name=op.f("fk_assessment_item_aspect_id_assessment_aspect"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["standard_id"],
            ["assessment_standard.id"],
            name=op.f("fk_assessment_item_standard_id_assessment_standard"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_item")),
    )
    with op.batch_alter_table("assessment_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_item_aspect_id"), ["aspect_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_item_standard_id"), ["standard_id"], unique=False)

    op.create_table(
        "assessment_business_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_assessment_business_value_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_assessment_business_value_court_id_court")),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["user.id"],
            name=op.f("fk_assessment_business_value_imported_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_business_value")),
        sa.UniqueConstraint(
            "court_id",
            "year",
            "branch_id",
            "key",
            name=op.f("uq_assessment_business_value_court_id_year_branch_id_key"),
        ),
    )
    with op.batch_alter_table("assessment_business_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_business_value_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_business_value_court_id"), ["court_id"], unique=False)

    op.create_table(
        "assessment_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("innovation", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("self_total", sa.Numeric(precision=7, scale=2, asdecimal=False), nullable=True),
        sa.Column("review_total", sa.Numeric(precision=7, scale=2, asdecimal=False), nullable=True),
        sa.Column("final_total", sa.Numeric(precision=7, scale=2, asdecimal=False), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("stars", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment_cycle.id"],
            name=op.f("fk_assessment_entry_assessment_id_assessment_cycle"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_assessment_entry_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["user.id"], name=op.f("fk_assessment_entry_submitted_by_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_entry")),
        sa.UniqueConstraint("assessment_id", "branch_id", name=op.f("uq_assessment_entry_assessment_id_branch_id")),
    )
    with op.batch_alter_table("assessment_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_entry_assessment_id"), ["assessment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_entry_branch_id"), ["branch_id"], unique=False)

    op.create_table(
        "assessment_reviewer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment_cycle.id"],
            name=op.f("fk_assessment_reviewer_assessment_id_assessment_cycle"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_assessment_reviewer_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_reviewer")),
        sa.UniqueConstraint("assessment_id", "user_id", name=op.f("uq_assessment_reviewer_assessment_id_user_id")),
    )
    with op.batch_alter_table("assessment_reviewer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_reviewer_assessment_id"), ["assessment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_reviewer_user_id"), ["user_id"], unique=False)

    op.create_table(
        "assessment_objection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["user.id"],
            name=op.f("fk_assessment_objection_answered_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment_cycle.id"],
            name=op.f("fk_assessment_objection_assessment_id_assessment_cycle"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["assessment_entry.id"],
            name=op.f("fk_assessment_objection_entry_id_assessment_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_assessment_objection_user_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_objection")),
    )
    with op.batch_alter_table("assessment_objection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_objection_assessment_id"), ["assessment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_objection_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "assessment_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("indicator_value", sa.Double(), nullable=True),
        sa.Column("occurrences", sa.Integer(), nullable=True),
        sa.Column("self_points", sa.Numeric(precision=7, scale=2, asdecimal=False), nullable=True),
        sa.Column("self_note", sa.Text(), nullable=False),
        sa.Column("review_points", sa.Numeric(precision=7, scale=2, asdecimal=False), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["assessment_entry.id"],
            name=op.f("fk_assessment_score_entry_id_assessment_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["assessment_item.id"], name=op.f("fk_assessment_score_item_id_assessment_item")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["user.id"], name=op.f("fk_assessment_score_reviewer_id_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_score")),
        sa.UniqueConstraint("entry_id", "item_id", name=op.f("uq_assessment_score_entry_id_item_id")),
    )
    with op.batch_alter_table("assessment_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_score_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_score_item_id"), ["item_id"], unique=False)

    op.create_table(
        "assessment_score_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("score_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_file.id"], name=op.f("fk_assessment_score_file_file_id_stored_file")
        ),
        sa.ForeignKeyConstraint(
            ["score_id"],
            ["assessment_score.id"],
            name=op.f("fk_assessment_score_file_score_id_assessment_score"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_score_file")),
    )
    with op.batch_alter_table("assessment_score_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_score_file_score_id"), ["score_id"], unique=False)


def downgrade():
    with op.batch_alter_table("assessment_score_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_score_file_score_id"))

    op.drop_table("assessment_score_file")
    with op.batch_alter_table("assessment_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_score_item_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_score_entry_id"))

    op.drop_table("assessment_score")
    with op.batch_alter_table("assessment_objection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_objection_entry_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_objection_assessment_id"))

    op.drop_table("assessment_objection")
    with op.batch_alter_table("assessment_reviewer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_reviewer_user_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_reviewer_assessment_id"))

    op.drop_table("assessment_reviewer")
    with op.batch_alter_table("assessment_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_entry_branch_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_entry_assessment_id"))

    op.drop_table("assessment_entry")
    with op.batch_alter_table("assessment_business_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_business_value_court_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_business_value_branch_id"))

    op.drop_table("assessment_business_value")
    with op.batch_alter_table("assessment_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_item_standard_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_item_aspect_id"))

    op.drop_table("assessment_item")
    with op.batch_alter_table("assessment_cycle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_cycle_standard_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_cycle_court_id"))

    op.drop_table("assessment_cycle")
    with op.batch_alter_table("assessment_aspect", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_aspect_standard_id"))

    op.drop_table("assessment_aspect")
    with op.batch_alter_table("assessment_standard", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_standard_court_id"))

    op.drop_table("assessment_standard")
