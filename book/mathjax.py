"""MathJax served by the book itself, so that its formulas render offline.

Sphinx loads MathJax 3 from a CDN by default. The book instead copies the files a page
needs from the ``django-static-mathjax`` wheel (MathJax 3.2.2's own release files, under
``mathjax/static/mathjax``; the package needs no Django) into the site's
``_static/mathjax``, and book/conf.py points ``mathjax_path`` there.
"""

from __future__ import annotations

import shutil
from pathlib import Path


class MathJaxMissing(Exception):
    """The django-static-mathjax package is not installed."""


# the files a page needs (2 MB of the wheel's 22 MB), relative to its mathjax/static/mathjax/es5:
# the TeX-and-MathML component Sphinx uses, its CommonHTML fonts, and the TeX extensions it
# loads on demand (\boldsymbol, say)
FILES = ("tex-mml-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")


def source() -> Path:
    """The folder of MathJax's release files (``es5``) that the django-static-mathjax package installs.

    Raises MathJaxMissing naming the package when it is missing.
    """
    from importlib.util import find_spec

    spec = find_spec("mathjax")
    folder = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5" \
        if spec and spec.submodule_search_locations else None
    if folder is None or not (folder / FILES[0]).exists():
        raise MathJaxMissing("MathJax's files are missing: install the book's dependencies "
                             "(pip install -e '.[book]', which brings django-static-mathjax)")
    return folder


def copy_into(dest: Path) -> Path:
    """Copy the MathJax files a page needs (:data:`FILES`, and MathJax's licence) into ``dest``."""
    es5 = source()
    for name in FILES:
        origin, target = es5 / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, target, dirs_exist_ok=True)
        else:
            shutil.copyfile(origin, target)
    shutil.copyfile(es5.parent / "LICENSE", dest / "LICENSE")
    return dest
