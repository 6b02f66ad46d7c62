"""Zip member names without the UTF-8 flag: which code page the archiver wrote them in.

The zip format stores a name as bytes; bit 11 of its flags says UTF-8.
Without it, APPNOTE (4.4.4) says IBM 437, but an archiver on Windows writes
the OEM code page of its locale (cp850 in Western Europe, cp866 in Russia,
cp852 in Poland, cp932 in Japan...), and many tools write UTF-8 without the
flag. :func:`legacy_encoding` picks one encoding for a whole archive.
"""

from __future__ import annotations

import re
import unicodedata

# code pages an archiver without the UTF-8 flag wrote names in (the DOS/OEM code page of the
# system that made it: zip's APPNOTE 4.4.4 says IBM 437; Windows' Explorer uses the OEM page of
# its locale), tried in this order; ties go to the earlier one
LEGACY_CODEPAGES = ("cp437", "cp850", "cp866", "cp852", "cp857", "cp737", "cp932", "cp936", "cp949", "cp950")
CODEPAGE_NAMES = {"cp437": "DOS US", "cp850": "DOS Western European", "cp866": "DOS Cyrillic",
                  "cp852": "DOS Central European", "cp857": "DOS Turkish", "cp737": "DOS Greek",
                  "cp932": "Japanese Shift-JIS", "cp936": "Chinese GBK", "cp949": "Korean", "cp950": "Chinese Big5"}


def _plausibility(texts: list[str], encoding: str = "utf-8") -> float:
    """How much ``texts`` (decoded names) look like names people write, per non-ASCII character.

    Letters score (per byte of ``encoding``), symbols, box drawing and control characters cost; a word
    that mixes scripts (Latin with Cyrillic or Han), or a Latin word made of
    accented letters only (Cyrillic bytes read as cp437: "Иван" -> "êóáí"),
    or an upper-case letter after a lower-case one inside a word costs too.
    """
    score = 0.0
    for text in texts:
        for word in re.split(r"[\s/\\_.,()+\-]+", text):
            if not word or word.isascii():
                continue
            scripts = set()
            latin_ascii = latin_other = 0
            prev_lower = False
            for ch in word:
                cat = unicodedata.category(ch)
                if ch.isascii():
                    if ch.isalpha():
                        latin_ascii += 1
                        scripts.add("LATIN")
                    prev_lower = ch.islower()
                    continue
                if cat.startswith("L"):
                    score += len(ch.encode(encoding, "replace"))  # per byte: a Han letter is two
                    name = unicodedata.name(ch, "")
                    script = name.split(" ")[0] if name else "?"
                    if script == "HALFWIDTH":  # half-width katakana: cp932's reading of other bytes
                        score -= 2
                    script = "HAN" if script in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH") else script
                    scripts.add(script)
                    if script == "LATIN":
                        latin_other += 1
                    if ch.isupper() and prev_lower:
                        score -= 2
                    prev_lower = ch.islower()
                elif cat.startswith("M"):
                    score += 0.5
                else:
                    score -= 5
            if len(scripts) > 1:
                score -= 4 * len(scripts)
            if latin_other >= 3 and latin_ascii == 0:
                score -= latin_other
    return score


def legacy_encoding(raw_names: list[bytes]) -> str:
    """The encoding an archiver most likely wrote ``raw_names`` (zip names without the UTF-8 flag) in.

    UTF-8 when every name is valid UTF-8 (many tools write it without setting
    the flag); otherwise the code page of :data:`LEGACY_CODEPAGES` that
    decodes every name with the most plausible result (:func:`_plausibility`),
    cp437 (the zip specification's) on a tie. Our own scoring, not
    charset-normalizer's: measured on single names (folder and file names are
    a few words), charset-normalizer read cp850 names as cp1252 or cp932 and
    Polish cp852 names as cp850.
    """
    try:
        for raw in raw_names:
            raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best, best_score = "cp437", None
    for enc in LEGACY_CODEPAGES:
        try:
            texts = [raw.decode(enc) for raw in raw_names]
        except UnicodeDecodeError:
            continue
        score = _plausibility(texts, enc)
        if best_score is None or score > best_score:
            best, best_score = enc, score
    return best
