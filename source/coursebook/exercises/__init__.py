"""Exercises: the data model read from ``exercises/*.yaml`` and ``decks/*.yaml`` and the book's
exercise pages.

* :mod:`.model`: the :class:`~.model.Exercise` and :class:`~.model.Deck` dataclasses, the card
  sections shared by pages and cards, and the loader that reports every problem at once;
* :mod:`.fields`: the one table of fields (kind, required, limits, hint) the loader checks;
* :mod:`.dosage`: the grammar of hold times and counts;
* :mod:`.classification`: the book's categories and levels (``coursebook_categories``,
  ``coursebook_levels``), their checks and the inks that read on each colour;
* :mod:`.settings`: those settings and the bibliography files, from Sphinx or from ``conf.py``;
* :mod:`.pages`: the Sphinx directive, index, role and domain.
"""
