"""Sphinx configuration of the book (`make book`; book/README.md explains the build).

Sphinx reads the pages that book/build.py composes in build/book/src (the README as the
front page, then every released notebook with the reference outputs), with MyST-NB as the
notebook reader and the Sphinx Book Theme for navigation, search and the launch buttons.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from colab import BRANCH, REPOSITORY  # noqa: E402  (tools/colab.py: the one place the address is written)

project = "Convolutional neural networks, from kernel filters up"
author = "the CNN course's authors"
copyright = "the CNN course's authors, MIT licence"

# githubpages writes .nojekyll, without which GitHub Pages hides the _static and _images folders
extensions = ["myst_nb", "sphinx.ext.githubpages"]
# The pages are executed by book/build.py (in parallel, cached) before Sphinx runs;
# MyST-NB only renders the outputs it finds.
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "html_image"]
myst_heading_anchors = 3             # "#the-notebooks" style anchors for the README's headings

# formulas are typeset by MathJax 3 from the site itself, not from a CDN: the book works offline
# (book/mathjax.py's files, copied into _static/mathjax by build.py after Sphinx has run)
mathjax_path = "mathjax/tex-mml-chtml.js"

exclude_patterns = ["_build", "**.ipynb_checkpoints"]
html_theme = "sphinx_book_theme"
html_title = "CNN course"
html_copy_source = True               # the download button offers the notebook (build.py puts the released one there)
html_show_sourcelink = False
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": BRANCH,
    "path_to_docs": "notebooks",       # launch buttons open notebooks/NN.ipynb, the learner's copy
    "use_repository_button": True,
    "use_download_button": True,
    "launch_buttons": {
        "colab_url": "https://colab.research.google.com",
        "binderhub_url": "https://mybinder.org",
        "notebook_interface": "jupyterlab",
    },
    "show_toc_level": 2,
}
