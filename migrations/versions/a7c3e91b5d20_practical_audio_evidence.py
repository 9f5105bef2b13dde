"""practicals: audio evidence per chat or call (a media asset of kind audio)

Revision ID: a7c3e91b5d20
Revises: d2fd05438d59
Create Date: 2026-12-02 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e91b5d20'
down_revision = 'd2fd05438d59'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('practical_audio_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['media_assets.id'], name=op.f('fk_practical_audio_evidence_asset_id_media_assets')),
    sa.ForeignKeyConstraint(['entry_id'], ['observation_entries.id'], name=op.f('fk_practical_audio_evidence_entry_id_observation_entries')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_practical_audio_evidence_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practical_audio_evidence')),
    sa.UniqueConstraint('asset_id', name=op.f('uq_practical_audio_evidence_asset_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_practical_audio_evidence_public_id'))
    )
    with op.batch_alter_table('practical_audio_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practical_audio_evidence_entry_id'), ['entry_id'], unique=False)


def downgrade():
    with op.batch_alter_table('practical_audio_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practical_audio_evidence_entry_id'))
    op.drop_table('practical_audio_evidence')
