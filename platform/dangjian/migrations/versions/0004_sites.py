"""Branch microsites: sites, pages, news posts, revisions, menu, honours, albums

Revision ID: 0004_sites
Revises: 0003_stored_files
Create Date: 2026-11-27 05:26:25.240272

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_sites"
down_revision = "0003_stored_files"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("court_id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("brand_name", sa.String(length=40), nullable=False),
        sa.Column("slogan", sa.String(length=120), nullable=False),
        sa.Column("meaning", sa.Text(), nullable=False),
        sa.Column("vehicle", sa.Text(), nullable=False),
        sa.Column("impact", sa.Text(), nullable=False),
        sa.Column("logo_file_id", sa.Integer(), nullable=True),
        sa.Column("banner_file_id", sa.Integer(), nullable=True),
        sa.Column("theme", sa.String(length=40), nullable=False),
        sa.Column("theme_settings", sa.JSON(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("content_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["banner_file_id"], ["stored_file.id"], name=op.f("fk_site_banner_file_id_stored_file"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["organisation.id"], name=op.f("fk_site_branch_id_organisation"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["court_id"], ["court.id"], name=op.f("fk_site_court_id_court"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["logo_file_id"], ["stored_file.id"], name=op.f("fk_site_logo_file_id_stored_file"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site")),
        sa.UniqueConstraint("branch_id", name=op.f("uq_site_branch_id")),
    )
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_court_id"), ["court_id"], unique=False)

    op.create_table(
        "content_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_content_revision_author_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_content_revision_site_id_site"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_revision")),
    )
    with op.batch_alter_table("content_revision", schema=None) as batch_op:
        batch_op.create_index("ix_content_revision_object", ["site_id", "kind", "object_id"], unique=False)

    op.create_table(
        "site_album",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("cover_photo_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_site_album_site_id_site"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_album")),
    )
    with op.batch_alter_table("site_album", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_album_site_id"), ["site_id"], unique=False)

    op.create_table(
        "site_honour",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("awarding_body", sa.String(length=120), nullable=False),
        sa.Column("awarded_on", sa.Date(), nullable=True),
        sa.Column("image_file_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["image_file_id"],
            ["stored_file.id"],
            name=op.f("fk_site_honour_image_file_id_stored_file"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_site_honour_site_id_site"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_honour")),
    )
    with op.batch_alter_table("site_honour", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_honour_site_id"), ["site_id"], unique=False)

    op.create_table(
        "news_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=True),
        sa.Column("cover_file_id", sa.Integer(), nullable=True),
        sa.Column("publish_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("publish_at", sa.DateTime(), nullable=True),
        sa.Column("live_revision_id", sa.Integer(), nullable=True),
        sa.Column("latest_revision_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cover_file_id"],
            ["stored_file.id"],
            name=op.f("fk_news_post_cover_file_id_stored_file"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["latest_revision_id"],
            ["content_revision.id"],
            name=op.f("fk_news_post_latest_revision_id_content_revision"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["live_revision_id"],
            ["content_revision.id"],
            name=op.f("fk_news_post_live_revision_id_content_revision"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_news_post_site_id_site"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_news_post")),
        sa.UniqueConstraint("site_id", "slug", name=op.f("uq_news_post_site_id_slug")),
    )
    with op.batch_alter_table("news_post", schema=None) as batch_op:
        batch_op.create_index("ix_news_post_listing", ["site_id", "publish_date"], unique=False)

    op.create_table(
        "site_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("show_in_menu", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("publish_at", sa.DateTime(), nullable=True),
        sa.Column("live_revision_id", sa.Integer(), nullable=True),
        sa.Column("latest_revision_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["latest_revision_id"],
            ["content_revision.id"],
            name=op.f("fk_site_page_latest_revision_id_content_revision"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["live_revision_id"],
            ["content_revision.id"],
            name=op.f("fk_site_page_live_revision_id_content_revision"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["site_page.id"], name=op.f("fk_site_page_parent_id_site_page"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_site_page_site_id_site"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_page")),
        sa.UniqueConstraint("site_id", "slug", name=op.f("uq_site_page_site_id_slug")),
    )
    with op.batch_alter_table("site_page", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_page_site_id"), ["site_id"], unique=False)

    op.create_table(
        "site_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("album_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["album_id"], ["site_album.id"], name=op.f("fk_site_photo_album_id_site_album"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["stored_file.id"], name=op.f("fk_site_photo_file_id_stored_file"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_photo")),
    )
    with op.batch_alter_table("site_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_photo_album_id"), ["album_id"], unique=False)
    # Albums and photos point at each other: the album's cover is added once
    # the photo table exists.
    with op.batch_alter_table("site_album", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_site_album_cover_photo_id_site_photo"),
            "site_photo",
            ["cover_photo_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "site_menu_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=300), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["page_id"], ["site_page.id"], name=op.f("fk_site_menu_item_page_id_site_page"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_site_menu_item_site_id_site"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_menu_item")),
    )
    with op.batch_alter_table("site_menu_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_menu_item_site_id"), ["site_id"], unique=False)


def downgrade():
    with op.batch_alter_table("site_album", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_site_album_cover_photo_id_site_photo"), type_="foreignkey")
    with op.batch_alter_table("site_menu_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_menu_item_site_id"))

    op.drop_table("site_menu_item")
    with op.batch_alter_table("site_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_photo_album_id"))

    op.drop_table("site_photo")
    with op.batch_alter_table("site_page", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_page_site_id"))

    op.drop_table("site_page")
    with op.batch_alter_table("news_post", schema=None) as batch_op:
        batch_op.drop_index("ix_news_post_listing")

    op.drop_table("news_post")
    with op.batch_alter_table("site_honour", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_honour_site_id"))

    op.drop_table("site_honour")
    with op.batch_alter_table("site_album", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_album_site_id"))

    op.drop_table("site_album")
    with op.batch_alter_table("content_revision", schema=None) as batch_op:
        batch_op.drop_index("ix_content_revision_object")

    op.drop_table("content_revision")
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_court_id"))

    op.drop_table("site")
