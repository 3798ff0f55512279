"""Exercises: the data model read from ``exercises/*.yaml`` and ``decks/*.yaml``
(:mod:`.model`, used by the book and the cards) and the book's exercise pages, index and
role (:mod:`.pages`, a Sphinx directive, role and domain).
"""
