"""A dependency-free language guess from stop-word ratios (en, es, fr, de, pt, it, nl)."""

from __future__ import annotations

import re
from collections import Counter

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
}

# Frequent function words that are (mostly) distinctive per language.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "are",
            "with",
            "as",
            "be",
            "by",
            "this",
            "on",
            "not",
            "or",
            "from",
            "which",
            "shall",
            "their",
            "any",
            "all",
            "must",
            "have",
            "has",
            "will",
            "it",
            "its",
            "an",
            "at",
            "were",
            "was",
            "should",
            "who",
            "such",
            "these",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "de",
            "del",
            "y",
            "en",
            "que",
            "por",
            "con",
            "para",
            "una",
            "un",
            "es",
            "se",
            "su",
            "sus",
            "al",
            "lo",
            "como",
            "más",
            "debe",
            "deben",
            "o",
            "este",
            "esta",
            "estos",
            "sobre",
            "entre",
            "también",
            "sin",
            "ser",
            "son",
            "trabajo",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "de",
            "des",
            "du",
            "et",
            "en",
            "que",
            "qui",
            "pour",
            "par",
            "une",
            "un",
            "est",
            "dans",
            "sur",
            "au",
            "aux",
            "ne",
            "pas",
            "se",
            "sont",
            "ou",
            "leur",
            "leurs",
            "doit",
            "doivent",
            "ces",
            "cette",
            "avec",
            "être",
            "travail",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "in",
            "zu",
            "den",
            "von",
            "mit",
            "sich",
            "des",
            "auf",
            "für",
            "ist",
            "im",
            "dem",
            "nicht",
            "ein",
            "eine",
            "als",
            "auch",
            "werden",
            "wird",
            "sind",
            "oder",
            "bei",
            "nach",
            "muss",
            "müssen",
            "einer",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "de",
            "do",
            "da",
            "dos",
            "das",
            "e",
            "em",
            "que",
            "para",
            "com",
            "uma",
            "um",
            "é",
            "não",
            "se",
            "por",
            "ao",
            "na",
            "no",
            "nas",
            "nos",
            "ou",
            "deve",
            "devem",
            "como",
            "mais",
            "seus",
            "suas",
            "trabalho",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "lo",
            "la",
            "gli",
            "le",
            "di",
            "del",
            "della",
            "dei",
            "delle",
            "e",
            "che",
            "per",
            "con",
            "una",
            "un",
            "è",
            "non",
            "si",
            "da",
            "al",
            "nel",
            "sono",
            "o",
            "deve",
            "devono",
            "come",
            "più",
            "anche",
            "lavoro",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "in",
            "is",
            "dat",
            "op",
            "te",
            "voor",
            "met",
            "zijn",
            "niet",
            "aan",
            "er",
            "ook",
            "als",
            "bij",
            "door",
            "of",
            "moet",
            "moeten",
            "worden",
            "wordt",
            "naar",
            "deze",
        ]
    ),
}

_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str, *, max_words: int = 20000) -> tuple[str, float]:
    """Return (ISO 639-1 code, confidence 0-1); ("en", 0.0) when there is too little text."""
    words = [w.lower() for w in _WORD.findall(text[: max_words * 8])][:max_words]
    if len(words) < 20:
        return "en", 0.0
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in stop) / len(words) for lang, stop in STOPWORDS.items()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 0.08:
        return "en", 0.0
    confidence = (top - second) / top
    return best, round(confidence, 3)


def language_warning(code: str) -> str | None:
    """The warning to show for a non-English document (None for English)."""
    if code == "en":
        return None
    name = LANGUAGE_NAMES.get(code, code)
    return (
        f"Document language looks like {name} ({code}); the rubric cues and model are English, "
        "so the grades understate it: analyse the English version if there is one"
    )
