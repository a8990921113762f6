"""Render: fonts, styles and page templates that turn a story into PDF bytes (cards, with fit)."""
