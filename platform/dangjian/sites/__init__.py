"""Branch brand microsites (README, "Branch microsites"): content and editing (models,
content, workflow, revisions, preview, editor views) and visitor pages
(themes, rendering, media, visitor views)."""
