"""assessment: the standard, the yearly cycle, scores, reviewers, notices

Revision ID: assessment_0001
Revises: 
Create Date: 2026-12-07 05:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'assessment_0001'
down_revision = None
branch_labels = ('assessment',)
depends_on = 'core_0008_notifications'


def upgrade():
    pass


def downgrade():
    pass
