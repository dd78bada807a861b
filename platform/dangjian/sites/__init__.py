"""Branch brand microsites (DESIGN.md §5): content and editing (models,
content, workflow, revisions, preview, editor views) and visitor pages
(themes, rendering, media, visitor views)."""
