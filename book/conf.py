"""Sphinx configuration for the psoas course.

Every edition (HTML, ePub 3, PDF) is built from this one file; the ``coursebook`` extension adds
the per-format behaviour, so nothing here depends on the builder.
"""

from __future__ import annotations

project = "The Psoas: A Practical Course"
author = "The Coursebook authors"
copyright = "2026, The Coursebook authors"
version = "1.0"
release = "1.0"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "coursebook",
]

root_doc = "index"
exclude_patterns = ["README.md"]
numfig = True
numfig_format = {"figure": "Figure %s", "table": "Table %s"}
# Chapters are numbered (the course toctree is :numbered:); figures and tables keep one
# sequence through the book, as the text and the exercise cards name them.
numfig_secnum_depth = 0
nitpicky = True

# -- MyST --------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline", "attrs_block"]
myst_heading_anchors = 3
myst_footnote_transition = False

# -- Bibliography ------------------------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"
bibtex_foot_reference_style = "foot"

# -- HTML --------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "The Psoas"
html_static_path = ["_static"]
html_logo = "_static/logo.svg"
html_favicon = "_static/logo.svg"
html_last_updated_fmt = ""
html_theme_options = {
    "use_download_button": False,  # the coursebook extension offers the book's PDF and ePub instead
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "navigation_with_keys": True,
    "navbar_persistent": [],  # the sidebar already has the search field; no second one on top
}

# -- ePub --------------------------------------------------------------------------------------
epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_description = (
    "A course on the psoas muscle: anatomy, pain mechanisms, connections and care, "
    "with exercises and self-checks."
)
epub_identifier = "urn:uuid:6f1d2f0e-6c1b-4f5e-9a61-2d7f0b3c9a41"
epub_scheme = "uuid"
epub_show_urls = "no"

# -- Coursebook --------------------------------------------------------------------------------
coursebook_basename = "psoas-course"
coursebook_paper = "a4"  # or "letter"; `make pdf PAPER=letter` overrides it
coursebook_subtitle = "Anatomy, pain mechanisms, connections and care"
coursebook_short_title = "The Psoas"  # the PDF's running head
# The front cover of the PDF and the ePub, drawn by diagrams/fig_cover.py (`make figures`).
coursebook_cover_image = "figures/cover.svg"
# Where the website is published: the QR codes on the exercise cards open pages under it.
coursebook_base_url = "https://example.org/psoas-course/"
# Exercise categories, in the order of the exercise index: the label is printed in the
# category's colour band on every card (Okabe-Ito colours, distinct for colour-blind readers).
coursebook_categories = {
    "stretching": {"label": "Stretching", "colour": "#56B4E9"},
    "strengthening": {"label": "Strengthening and core", "colour": "#0072B2"},
    "posture": {"label": "Posture and sitting", "colour": "#009E73"},
    "breathing": {"label": "Breathing", "colour": "#CC79A7"},
    "activity": {"label": "Gentle activity", "colour": "#E69F00"},
}
coursebook_levels = {1: "Level 1 · gentle", 2: "Level 2 · moderate", 3: "Level 3 · demanding"}
# The PDF's imprint page (on the title page's back): the licence of the course's text and
# figures, and the medical notice that the safety note (front/safety.md) gives in full.
coursebook_licence = "CC BY-SA 4.0"
coursebook_licence_url = "https://creativecommons.org/licenses/by-sa/4.0/"
coursebook_disclaimer = (
    "This course is general information for adults, not medical advice, a diagnosis or a "
    "treatment plan. Stop any exercise that causes sharp or spreading pain, tingling, numbness "
    "or dizziness, and see a doctor or physiotherapist about pain that persists or comes with "
    "the warning signs listed in the safety note."
)
