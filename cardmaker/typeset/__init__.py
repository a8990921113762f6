"""The typesetting engine: a block tree (``cardmaker.flow.tree``) → pages of drawing operations.

Stages, one module each: ``measure`` (word widths and glyph coverage), ``lines`` (paragraph →
lines), ``slices`` (blocks → unbreakable slices carrying the keep rules), ``columns`` (slices →
columns and pages), ``card`` (a card's page: title, body columns, footer), ``fit`` (the largest
body size that fits, on measurements alone), ``display`` (the drawing operations the renderer
replays), ``qr`` (QR modules). For booklets: ``table`` (a booklet's own blocks: ruled tables,
contents lines, anchors), ``cut`` (a slice taller than a page cut between its lines),
``booklet_furniture`` (running header and footer) and ``booklet`` (a ``BookletTree`` of
``cardmaker.flow.booklet_tree`` → pages handed to a sink one by one as they fill).

A card, end to end, of every layout (``cardmaker.render.booklet`` sets booklets here too)::

    tree = card_tree(exercise, layout, faces, aspect, logo_aspect)  # cardmaker.flow.card_tree
    geo = CardGeometry(layout.page_width, layout.page_height, layout.margins,
                       layout.columns, layout.column_gap, layout.bleed,
                       max_pages=None if layout.fit_mode == "continue" else 1)
    best = fit_card(tree, geo, layout.min_size, layout.max_size)  # measurements, then one drawing
    pdf = render_pdf(best.pages, exercise.name)                   # cardmaker.render.replay

``cardmaker.render.card`` does exactly this (``render_card(exercise, layout)``). A card's
sides (the back of a two-sided card on its own page), its footer's page numbers, the running
title of continued pages and the trim box of a page grown by bleed are all ``card``'s.
"""
