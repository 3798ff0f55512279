"""A small book that uses every element type and every sphinx-design component."""

project = "Components Test Book"
author = "Coursebook tests"
copyright = "2026, Coursebook tests"
version = release = "0.1"
language = "en"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "coursebook"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
numfig = True
nitpicky = True
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
html_theme = "sphinx_book_theme"
html_theme_options = {"use_download_button": False}
epub_identifier = "urn:uuid:0b7f2f5e-8a7e-4d0e-8c55-3f1a2f9b6c01"
epub_scheme = "uuid"
coursebook_basename = "components"
coursebook_subtitle = "Every element, every component"
