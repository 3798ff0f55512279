"""A small course that is not the psoas course, in French, with its own cover image."""

project = "Le genou : un cours pratique"
author = "Équipe de test"
copyright = "2026, Équipe de test"
version = release = "0.1"
language = "fr"
extensions = ["myst_parser", "coursebook"]
nitpicky = True
html_theme = "sphinx_book_theme"
html_theme_options = {"use_download_button": False}
epub_identifier = "urn:uuid:7d3c2a91-51f4-4c0a-9d56-0e8a3b6f2c17"
epub_use_index = True
coursebook_basename = "genou"
coursebook_subtitle = "Renforcer et assouplir"
coursebook_short_title = "Le genou"
coursebook_cover_image = "figures/couverture.svg"
