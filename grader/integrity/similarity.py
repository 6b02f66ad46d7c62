"""Pairs of submissions whose solution cells are suspiciously alike.

A prompt for a human look, never a verdict: short exercises have few ways to
be written, students learn from the same lecture, and a pair that shares code
may have been allowed to work together.

The method is the one MOSS popularised (Schleimer, Wilkerson and Aiken,
"Winnowing: local algorithms for document fingerprinting", SIGMOD 2003), in a
simple form:

1. **Normalise** each solution cell to tokens: comments and triple-quoted
   strings (docstrings) dropped, other strings replaced by one placeholder, every
   identifier that is not a keyword, a builtin, one of the course's module
   aliases (``c.Similarity.aliases``: ``np`` say) or an attribute
   (``x.shape``) replaced by ``V``, whitespace, line breaks and
   trailing commas ignored. Renaming variables and reformatting change
   nothing; reordering statements changes little.
2. **Fingerprint**: every run of :data:`K` consecutive tokens (a k-gram) is
   hashed, tagged with its cell, so the same code in two different exercises
   does not count.
3. **Ignore what everybody has**: k-grams of the released stub or of the
   reference solution, and k-grams that more than ``max(MIN_COMMON,
   COMMON_SHARE * n)`` submissions of the notebook hold (the natural way to
   write a line), are dropped. What is left is each submission's
   *distinctive* code. Two independent correct solutions share little of it;
   code identical to the solution has none.
4. **Pairs**: an inverted index from each remaining k-gram to the few
   submissions holding it yields the candidate pairs (no comparison of every
   pair: cost grows with the number of k-grams, each shared by at most the
   cap above). A pair is reported when it shares at least :data:`MIN_SHARED`
   distinctive k-grams and their Jaccard similarity |A & B| / |A | B| is at
   least :data:`THRESHOLD`.
"""

from __future__ import annotations

import builtins
import keyword
import math
import re
import zlib
from dataclasses import dataclass, field

import numpy as np
from traitlets import List
from traitlets.config import Configurable

K = 8  # tokens per fingerprint: about one short line of code
THRESHOLD = 0.5  # Jaccard similarity of the distinctive fingerprints
MIN_SHARED = 20  # distinctive fingerprints two submissions must share: a few lines
MIN_COMMON = 4  # a fingerprint held by more submissions than this (or the share below) is common
COMMON_SHARE = 0.02
MAX_CELL = 20000  # characters of a cell that are read

TOKEN = re.compile(r"""
  [^\W\d]\w* | \.[^\W\d]\w* | \d[\w.]* | \.\d\w*                          # names, attributes, numbers
| \'\'\'[\s\S]*?(?:\'\'\'|$) | \"\"\"[\s\S]*?(?:\"\"\"|$)                   # docstrings
| '(?:\\.|[^'\\\n])*'? | "(?:\\.|[^"\\\n])*"?                          # strings (a prefix is a name)
| \#[^\n]* | \\\n | ,\s*[)\]}]                                         # comments, continuations, trailing commas
| \*\*=? | //=? | >>=? | <<=? | -> | := | [-+*/%@&|^=<>!]= | \.\.\. | [^\s\w]   # operators
""", re.X)

BASE_KEEP = frozenset(keyword.kwlist) | frozenset(dir(builtins))
KEEP = BASE_KEEP  # names kept as written: BASE_KEEP and the course's aliases (:func:`use_aliases`)


class Similarity(Configurable):
    """The course's part of the comparison (course knowledge, its nbgrader_config.py)."""

    aliases = List([], help="names of modules and of the course's helpers that learners write as they are "
                    "taught (np, plt, ...): kept as written when code is normalised, so that calling np.sum "
                    "and calling a variable's method are not the same code; default none").tag(config=True)


def use_aliases(names) -> None:
    """Keep ``names`` (``c.Similarity.aliases``) as written in every later comparison of this process."""
    global KEEP
    keep = BASE_KEEP | frozenset(str(n) for n in names)
    if keep != KEEP:
        KEEP = keep
        _VOCAB.clear()  # normal forms computed under the old names


def _normal(tok: str) -> str:
    """A raw token as the comparison sees it ("" for what it ignores)."""
    first = tok[0]
    if first == "#" or first == "\\" or first == ";":
        return ""
    if first == "," and len(tok) > 1:
        return tok[-1]  # a trailing comma: only the closing bracket counts
    if first == "'" or first == '"':
        return "" if tok[:3] in ("\'\'\'", '\"\"\"') else "`"  # a docstring, or a string
    if (first.isalpha() or first == "_") and tok not in KEEP:
        return "V"
    return tok


def tokens(source: str) -> list[str]:
    """The normalised tokens of one cell (see the module's docstring): strings
    become a backtick, other names ``V``, attributes (``.shape``) stay."""
    return [t for t in map(_normal, TOKEN.findall(source[:MAX_CELL])) if t]


class _Vocab(dict):
    """raw token -> id of its normal form (0: ignored)."""

    def __missing__(self, tok: str) -> int:
        norm = _normal(tok)
        if not norm:
            value = 0
        elif norm != tok:
            value = self[norm]
        else:
            value = len(self) + 1
        self[tok] = value
        return value


_VOCAB = _Vocab()
_P = np.uint64(1099511628211)  # the FNV-1a 64-bit prime, as a multiplier


def token_ids(source: str) -> np.ndarray:
    """The cell's normalised tokens as ids (uint64)."""
    raw = TOKEN.findall(source[:MAX_CELL])
    ids = np.fromiter(map(_VOCAB.__getitem__, raw), np.uint64, len(raw))
    return ids[ids != 0]


def fingerprints_of(cells: list[tuple[np.ndarray, str]]) -> list[np.ndarray]:
    """For each (token ids, cell name): the uint64 hashes of its k-grams, tagged
    with the cell name (cells shorter than K tokens have none); one vectorised
    pass over all cells."""
    if not cells:
        return []
    lengths = np.array([len(ids) for ids, _ in cells])
    flat = np.concatenate([ids for ids, _ in cells]) if lengths.sum() else np.zeros(0, np.uint64)
    n = flat.size - K + 1
    if n <= 0:
        return [np.zeros(0, np.uint64) for _ in cells]
    h = np.zeros(n, np.uint64)
    with np.errstate(over="ignore"):
        for j in range(K):
            h = h * _P + flat[j:j + n]
        ends = np.cumsum(lengths)
        out = []
        for (_, name), end, length in zip(cells, ends, lengths, strict=True):
            if length < K:
                out.append(np.zeros(0, np.uint64))
                continue
            tag = np.uint64(zlib.crc32(name.encode()) + 1) * np.uint64(0x9E3779B97F4A7C15)
            out.append(h[end - length:end - K + 1] ^ tag)
    return out


def fingerprints(source: str, cell: str) -> np.ndarray:
    """Sorted unique uint64 hashes of one cell's k-grams, tagged with ``cell``."""
    return np.unique(fingerprints_of([(token_ids(source), cell)])[0])


@dataclass
class Pair:
    """Two submissions of one notebook whose distinctive code overlaps."""

    a: str
    b: str
    score: float  # Jaccard similarity of the distinctive fingerprints, 0..1
    shared: int  # distinctive fingerprints both hold
    cells: list[str] = field(default_factory=list)  # solution cells that share code


def _cell_fingerprints(answers: dict[str, dict[str, str]], keys: list[str]) -> dict[tuple[int, str], np.ndarray]:
    """{(index of the submission in ``keys``, grade_id): its cell's fingerprints} of the non-empty cells
    that have any (each distinct source tokenised once)."""
    cells, where = [], []
    cache: dict[str, np.ndarray] = {}
    for i, key in enumerate(keys):
        for gid, src in answers[key].items():
            if src and src.strip():
                if src not in cache:
                    cache[src] = token_ids(src)
                cells.append((cache[src], gid))
                where.append((i, gid))
    return {w: fp for w, fp in zip(where, fingerprints_of(cells), strict=True) if fp.size}


def _pair_codes(who: np.ndarray, starts: np.ndarray, sizes: np.ndarray, cap: int, n: int) -> list[np.ndarray]:
    """``a * n + b`` (a < b) for every pair of submissions that share a fingerprint held by at most ``cap``
    of them, once per such fingerprint: ``who`` the owners sorted by fingerprint (each owner once per
    fingerprint), ``starts`` and ``sizes`` the runs of one fingerprint in it."""
    codes = []
    for m in range(2, cap + 1):
        group_starts = starts[sizes == m]
        if not group_starts.size:
            continue
        members = who[group_starts[:, None] + np.arange(m)]  # (groups, m), owners in ascending order
        ia, ib = np.triu_indices(m, 1)
        a, b = members[:, ia].ravel(), members[:, ib].ravel()
        codes.append(a * n + b)
    return codes


def find_pairs(answers: dict[str, dict[str, str]], common: dict[str, list[str]] | None = None,
               threshold: float = THRESHOLD, min_shared: int = MIN_SHARED) -> list[Pair]:
    """Suspiciously alike submissions of one notebook, most alike first.

    answers: {submission id: {solution cell grade_id: source}}.
    common: {grade_id: [sources everybody may share]}: the released stub and
    the reference solution of that cell.
    """
    keys = sorted(answers)
    if len(keys) < 2:
        return []
    ignore = [fingerprints(src, gid) for gid, srcs in (common or {}).items() for src in srcs if src]
    ignored = np.unique(np.concatenate(ignore)) if ignore else np.zeros(0, np.uint64)
    per_cell = _cell_fingerprints(answers, keys)
    if not per_cell:
        return []
    h = np.concatenate(list(per_cell.values()))
    who = np.concatenate([np.full(fp.size, w[0], np.int64) for w, fp in per_cell.items()])
    if ignored.size:
        keep = ~np.isin(h, ignored)
        h, who = h[keep], who[keep]
    if not h.size:
        return []
    order = np.lexsort((who, h))  # by fingerprint, then by submission
    h, who = h[order], who[order]
    once = np.r_[True, (h[1:] != h[:-1]) | (who[1:] != who[:-1])]  # a submission's repeats count once
    h, who = h[once], who[once]
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    sizes = np.diff(np.r_[starts, h.size])
    cap = max(MIN_COMMON, math.ceil(COMMON_SHARE * len(keys)))
    distinctive = np.repeat(sizes <= cap, sizes)
    own = np.bincount(who[distinctive], minlength=len(keys))  # distinctive fingerprints per submission
    codes = _pair_codes(who, starts, sizes, cap, len(keys))
    if not codes:
        return []
    pair_codes, shared = np.unique(np.concatenate(codes), return_counts=True)
    excluded = np.union1d(ignored, h[starts[sizes > cap]])

    def alike_cells(a: int, b: int) -> list[str]:
        cells = []
        for gid in answers[keys[a]]:
            if (a, gid) in per_cell and (b, gid) in per_cell:
                both = np.intersect1d(per_cell[(a, gid)], per_cell[(b, gid)])
                if np.count_nonzero(~np.isin(both, excluded)):
                    cells.append(gid)
        return cells

    found = []
    for code, n in zip(pair_codes[shared >= min_shared], shared[shared >= min_shared], strict=True):
        a, b = divmod(int(code), len(keys))
        score = n / (own[a] + own[b] - n)
        if score >= threshold:
            found.append(Pair(keys[a], keys[b], round(float(score), 3), int(n), alike_cells(a, b)))
    found.sort(key=lambda p: (-p.score, -p.shared, p.a, p.b))
    return found


def alike_lines(mine: str, theirs: str, common: list[str] = ()) -> set[int]:
    """0-based line numbers of ``mine`` whose normalised code also stands in
    ``theirs`` and not in ``common`` (for highlighting a side-by-side view)."""
    def norm(src):
        return [" ".join(tokens(line)) for line in src.splitlines()]

    skip = {line for src in common for line in norm(src)}
    other = set(norm(theirs)) - skip
    return {i for i, line in enumerate(norm(mine)) if line.count(" ") >= 2 and line in other}
