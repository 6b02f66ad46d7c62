"""The course as a book: `make book` (``python -m book build``) renders every notebook as a
static website that never shows an answer; see book/README.md."""
