"""raw facts of each link check's final answer (visible text length, "not found" words,
bot-challenge markers), so that soft 404s and challenges are judged by the rulebook

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('link_checks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_length', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('notfound_words', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('challenge_markers', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('link_checks', schema=None) as batch_op:
        batch_op.drop_column('challenge_markers')
        batch_op.drop_column('notfound_words')
        batch_op.drop_column('text_length')
