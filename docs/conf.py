"""Sphinx configuration: the docs/ pages (Markdown, through MyST) and the API reference from
the docstrings. ``sphinx-build -W -b html docs <folder>`` builds it offline; tests/test_docs.py
does so on every run."""

from __future__ import annotations

from importlib import metadata

project = "hinterland"
author = "The hinterland developers"
copyright = "2026, The hinterland developers"
try:
    release = metadata.version("hinterland")
except metadata.PackageNotFoundError:
    release = "0+unknown"
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build"]
# The CSV examples of instance-format.md: Pygments has no CSV lexer, plain text is right.
suppress_warnings = ["misc.highlighting_failure"]

# Markdown as GitHub renders it: $math$, heading anchors for links between pages.
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 4

# The API reference: every public module, class and function, from its docstring.
autosummary_generate = True
# Members where they are defined, not where a package re-exports them (no duplicates).
autodoc_default_options = {"members": True, "ignore-module-all": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "alabaster"
html_title = f"hinterland {release}"
html_static_path: list[str] = []
