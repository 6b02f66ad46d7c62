"""Notebook cell helpers: a leaf module (it imports nothing of the grader)."""


def cell_source(cell: dict) -> str:
    """A notebook cell's source as one string (nbformat allows a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def nbgrader_meta(cell: dict) -> dict:
    """A cell's ``metadata.nbgrader`` dict ({} when missing or not a dict)."""
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def to_python(src: str) -> str:
    """Cell source with IPython magics turned into Python (for ast)."""
    if "%" not in src and "!" not in src:
        return src
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(src)
    except Exception:  # noqa: BLE001 - fall back to the raw text
        return src
