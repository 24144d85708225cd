"""screenshots: evidence pictures of notices, stored with the run they show

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 19:05:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('screenshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('png', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('run_id', 'url')
    )
    op.create_index(op.f('ix_screenshots_run_id'), 'screenshots', ['run_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_screenshots_run_id'), table_name='screenshots')
    op.drop_table('screenshots')
