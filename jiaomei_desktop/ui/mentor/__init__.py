"""结对帮带 tab: pairs list, pair editor, 辅导记录 timeline, figures, certificates."""
