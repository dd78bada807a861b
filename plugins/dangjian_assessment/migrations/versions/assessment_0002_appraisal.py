"""appraisal: rounds, self-appraisals, voters, vote counts, decided grades

Revision ID: assessment_0002_appraisal
Revises: assessment_0001
Create Date: 2026-12-08 00:43:02

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "assessment_0002_appraisal"
down_revision = "assessment_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assessment_appraisal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_assessment_appraisal_court_id_court")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_appraisal")),
        sa.UniqueConstraint("court_id", "year", name=op.f("uq_assessment_appraisal_court_id_year")),
    )
    with op.batch_alter_table("assessment_appraisal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_appraisal_court_id"), ["court_id"], unique=False)

    op.create_table(
        "assessment_appraisal_self",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appraisal_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["assessment_appraisal.id"],
            name=op.f("fk_assessment_appraisal_self_appraisal_id_assessment_appraisal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_assessment_appraisal_self_member_id_member"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_appraisal_self")),
        sa.UniqueConstraint(
            "appraisal_id", "member_id", name=op.f("uq_assessment_appraisal_self_appraisal_id_member_id")
        ),
    )
    with op.batch_alter_table("assessment_appraisal_self", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_appraisal_self_appraisal_id"), ["appraisal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_appraisal_self_member_id"), ["member_id"], unique=False)

    op.create_table(
        "assessment_appraisal_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appraisal_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["assessment_appraisal.id"],
            name=op.f("fk_assessment_appraisal_tally_appraisal_id_assessment_appraisal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_assessment_appraisal_tally_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_appraisal_tally")),
        sa.UniqueConstraint(
            "appraisal_id",
            "member_id",
            "grade",
            name=op.f("uq_assessment_appraisal_tally_appraisal_id_member_id_grade"),
        ),
    )
    with op.batch_alter_table("assessment_appraisal_tally", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_appraisal_tally_appraisal_id"), ["appraisal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_appraisal_tally_member_id"), ["member_id"], unique=False)

    op.create_table(
        "assessment_appraisal_voter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appraisal_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["assessment_appraisal.id"],
            name=op.f("fk_assessment_appraisal_voter_appraisal_id_assessment_appraisal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_assessment_appraisal_voter_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_appraisal_voter")),
        sa.UniqueConstraint(
            "appraisal_id", "member_id", name=op.f("uq_assessment_appraisal_voter_appraisal_id_member_id")
        ),
    )
    with op.batch_alter_table("assessment_appraisal_voter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_appraisal_voter_appraisal_id"), ["appraisal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_appraisal_voter_member_id"), ["member_id"], unique=False)

    op.create_table(
        "assessment_appraisal_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appraisal_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["assessment_appraisal.id"],
            name=op.f("fk_assessment_appraisal_result_appraisal_id_assessment_appraisal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_assessment_appraisal_result_branch_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user.id"],
            name=op.f("fk_assessment_appraisal_result_decided_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_assessment_appraisal_result_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_appraisal_result")),
        sa.UniqueConstraint(
            "appraisal_id", "member_id", name=op.f("uq_assessment_appraisal_result_appraisal_id_member_id")
        ),
    )
    with op.batch_alter_table("assessment_appraisal_result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_appraisal_result_appraisal_id"), ["appraisal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_appraisal_result_branch_id"), ["branch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_appraisal_result_member_id"), ["member_id"], unique=False)


def downgrade():
    with op.batch_alter_table("assessment_appraisal_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_appraisal_result_member_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_appraisal_result_branch_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_appraisal_result_appraisal_id"))

    op.drop_table("assessment_appraisal_result")
    with op.batch_alter_table("assessment_appraisal_voter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_appraisal_voter_member_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_appraisal_voter_appraisal_id"))

    op.drop_table("assessment_appraisal_voter")
    with op.batch_alter_table("assessment_appraisal_tally", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_appraisal_tally_member_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_appraisal_tally_appraisal_id"))

    op.drop_table("assessment_appraisal_tally")
    with op.batch_alter_table("assessment_appraisal_self", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_appraisal_self_member_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_appraisal_self_appraisal_id"))

    op.drop_table("assessment_appraisal_self")
    with op.batch_alter_table("assessment_appraisal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_appraisal_court_id"))

    op.drop_table("assessment_appraisal")
