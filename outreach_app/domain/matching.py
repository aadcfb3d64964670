"""Is this the same person? Name and identity matching for search and duplicates.

Outreach records are messy: "Bob" to one worker is "Robert" to another, people
give street names, letters get mistyped, day and month of birth get swapped. A
worker who cannot find a record creates a duplicate, which breaks HMIS counts
and a person's history. This module is the one pure, deterministic answer to
"who might this be?" for the search box (:func:`query_terms`,
:func:`score_search`), duplicate warnings (:func:`score_pair`,
:func:`rank_candidates`) and the sync gateway.

:func:`score_pair` sums its :class:`MatchReason` weights, clamped to 0..1:

* first name: same 0.25, nickname 0.20, sound alike (metaphone) 0.17, one
  contains the other 0.15, one letter apart (OSA distance 1) 0.15; last name:
  same 0.30, sound alike 0.22, nickname, contains or one letter apart 0.20.
  First and last swapped count with the mean of both. A shared alias adds up
  to 0.20, but names and aliases together never exceed an exact full name (0.55).
* date of birth: same 0.35, day and month transposed 0.22, one digit apart 0.18,
  otherwise a conflict of -0.25.
* SSN: same full SSN 0.55, same last four 0.30, both full and different -0.60.

Unknown parts (missing, x digits, placeholder SSNs) and differing names (people
change names) neither add nor subtract. ``likely`` (:data:`LIKELY_THRESHOLD`)
takes an exact full name, or a first name and a date of birth; a first name or
a date of birth alone is not enough. Reason details never repeat personal data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Literal

import jellyfish
from nicknames import NickNamer
from rapidfuzz.distance import OSA

ReasonKind = Literal[
    "name", "nickname", "phonetic", "typo", "alias", "dob", "dob_transposed",
    "ssn", "ssn_last4", "ssn_conflict", "dob_conflict",
]  # fmt: skip

LIKELY_THRESHOLD = 0.5  # a pair scoring at least this is shown as a likely duplicate
MIN_CANDIDATE_SCORE = 0.15  # rank_candidates keeps only candidates scoring above this

Tier = Literal["name", "nickname", "part", "phonetic", "typo"]
# tier: (reason kind, first-name weight, last-name weight, detail template)
_TIERS: dict[Tier, tuple[ReasonKind, float, float, str]] = {
    "name": ("name", 0.25, 0.30, "{} names are the same"),
    "nickname": ("nickname", 0.20, 0.20, "{} name is a nickname of the other"),
    "part": ("name", 0.15, 0.20, "one {} name contains the other"),
    "phonetic": ("phonetic", 0.17, 0.22, "{} names sound alike"),
    "typo": ("typo", 0.15, 0.20, "{} names are one letter apart"),
}
_ALIAS_WEIGHT = 0.20
_NAME_CAP = 0.55  # same first and last name
_DOB, _DOB_TRANSPOSED, _DOB_DIGIT, _DOB_CONFLICT = 0.35, 0.22, 0.18, -0.25
_SSN, _SSN_LAST4, _SSN_CONFLICT = 0.55, 0.30, -0.60

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_SPACES = re.compile(r"\s+")
_SSN_CHARS = re.compile(r"[0-9xX]{9}")
# Nine digits that are not a placeholder: no 000/666 area, 00 group, 0000 serial,
# 123456789 or one digit repeated. 9xx areas count: the demo data uses them.
_FULL_SSN_VALUE = re.compile(r"(?!000|666|123456789|(\d)\1{8})\d{3}(?!00)\d{2}(?!0000)\d{4}")


def normalize_name(text: str) -> str:
    """Casefold, strip accents, keep letters, digits, spaces, hyphens and apostrophes.

    Runs of whitespace collapse to one space; spaces, hyphens and apostrophes at
    either end are trimmed. ``"  José  O’Brien "`` becomes ``"jose o'brien"``.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_APOSTROPHES))
    kept = [
        ch if ch.isalnum() or ch in "-'" else " "
        for ch in decomposed.casefold()
        if not unicodedata.combining(ch)
    ]
    return _SPACES.sub(" ", "".join(kept)).strip(" -'")


_normalized = lru_cache(maxsize=65536)(normalize_name)


@lru_cache(maxsize=65536)
def _compact(name: str) -> str:
    """Return the normalized name without spaces, hyphens or apostrophes."""
    return _normalized(name).replace(" ", "").replace("-", "").replace("'", "")


@cache
def _nicknamer() -> NickNamer:
    """Load the nickname tables once; building them takes tens of milliseconds."""
    return NickNamer()


@lru_cache(maxsize=65536)
def _keys(name: str) -> frozenset[str]:
    if not (key := _normalized(name)):
        return frozenset()
    return frozenset({key} | _nicknamer().canonicals_of(key) | _nicknamer().nicknames_of(key))


def name_keys(name: str) -> frozenset[str]:
    """Return the normalized name, its nickname canonicals and its nicknames.

    Names are nickname-compatible when their keys intersect ("bobby" and "rob").
    """
    return _keys(name)


@lru_cache(maxsize=65536)
def phonetic(name: str) -> str:
    """Return the metaphone code of a name ("Catherine" and "Kathryn" share one)."""
    return str(jellyfish.metaphone(_compact(name))) if _compact(name) else ""


def clear_caches() -> None:
    """Forget every cached name, e.g. when the store locks: the caches hold personal data."""
    for cached in (_normalized, _compact, _keys, phonetic, _words, _search_words):
        cached.cache_clear()


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _clean_dob(value: object) -> date | None:
    if isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    try:
        return date.fromisoformat(value[:10]) if (value := _text(value)) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class PersonFacts:
    """What matching knows about a person: names, aliases, date of birth and SSN.

    Matching needs only these few facts, so search, duplicate checks and the
    gateway can all build them from whatever record shape they hold. ``ssn`` has
    nine characters, digits or x for digits the person did not give.
    """

    first_name: str | None = None
    last_name: str | None = None
    aliases: tuple[str, ...] = ()
    dob: date | None = None
    ssn: str | None = None

    @classmethod
    def from_values(cls, values: Mapping[str, object]) -> PersonFacts:
        """Read HMIS Client columns plus the "Aliases" extension ("; "-separated).

        Unreadable values (a malformed date, an SSN that is not nine digits or x)
        are treated as unknown: matching must never stop a search.
        """
        aliases = (_text(values.get("Aliases")) or "").split(";")
        ssn = (_text(values.get("SSN")) or "").replace("-", "")
        return cls(
            first_name=_text(values.get("FirstName")),
            last_name=_text(values.get("LastName")),
            aliases=tuple(alias.strip() for alias in aliases if alias.strip()),
            dob=_clean_dob(values.get("DOB")),
            ssn=ssn if _SSN_CHARS.fullmatch(ssn) else None,
        )


@dataclass(frozen=True)
class MatchReason:
    """One piece of evidence, shown to the worker so a match is never a black box."""

    kind: ReasonKind
    detail: str
    weight: float


@dataclass(frozen=True)
class MatchScore:
    """How alike two people are (0..1), why, and whether to warn about it."""

    score: float
    reasons: tuple[MatchReason, ...]
    likely: bool


@lru_cache(maxsize=65536)
def _words(name: str) -> frozenset[str]:
    return frozenset(_compact(w) for w in _normalized(name).replace("-", " ").split()) - {""}


def _tier(x: str | None, y: str | None) -> Tier | None:
    """Return the strongest symmetric relation between two names, if any."""
    cx, cy = _compact(x or ""), _compact(y or "")
    if not cx or not cy:
        return None
    if cx == cy:
        return "name"
    if not _keys(x).isdisjoint(_keys(y)):
        return "nickname"
    wx, wy = _words(x), _words(y)
    if min(len(cx), len(cy)) >= 3 and (wx <= wy or wy <= wx):
        return "part"
    code = phonetic(x)
    if len(code) >= 2 and code == phonetic(y):
        return "phonetic"
    if min(len(cx), len(cy)) >= 3 and OSA.distance(cx, cy, score_cutoff=1) <= 1:
        return "typo"
    return None


def _slot(tier: Tier | None, label: str) -> list[MatchReason]:
    if tier is None:
        return []
    kind, first, last, text = _TIERS[tier]
    weight = {"first": first, "last": last}.get(label, (first + last) / 2)
    return [MatchReason(kind, text.format(label), weight)]


def _name_reasons(a: PersonFacts, b: PersonFacts) -> list[MatchReason]:
    straight = _slot(_tier(a.first_name, b.first_name), "first")
    straight += _slot(_tier(a.last_name, b.last_name), "last")
    swapped = _slot(_tier(a.first_name, b.last_name), "swapped first/last")
    swapped += _slot(_tier(a.last_name, b.first_name), "swapped first/last")
    best = straight
    if sum(r.weight for r in swapped) > sum(r.weight for r in straight):
        best = swapped
    headroom = round(min(_ALIAS_WEIGHT, _NAME_CAP - sum(r.weight for r in best)), 4)
    if headroom > 0 and (_alias_hit(a, b) or _alias_hit(b, a)):
        best.append(MatchReason("alias", "an alias matches the other's name or alias", headroom))
    return best


def _alias_hit(a: PersonFacts, b: PersonFacts) -> bool:
    full = " ".join(n for n in (b.first_name, b.last_name) if n)
    others = {_compact(n) for n in (b.first_name, full, *b.aliases) if n} - {""}
    return any(_compact(alias) in others for alias in a.aliases)


def _dob_reason(a: date | None, b: date | None) -> MatchReason | None:
    if a is None or b is None:
        return None
    if a == b:
        return MatchReason("dob", "same date of birth", _DOB)
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return MatchReason("dob_transposed", "day and month of birth swapped", _DOB_TRANSPOSED)
    if sum(x != y for x, y in zip(a.isoformat(), b.isoformat(), strict=True)) == 1:
        return MatchReason("dob", "dates of birth one digit apart", _DOB_DIGIT)
    return MatchReason("dob_conflict", "different dates of birth", _DOB_CONFLICT)


def _ssn_reason(a: str | None, b: str | None) -> MatchReason | None:
    if a is None or b is None:
        return None
    if _FULL_SSN_VALUE.fullmatch(a) and _FULL_SSN_VALUE.fullmatch(b):
        if a == b:
            return MatchReason("ssn", "same SSN", _SSN)
        return MatchReason("ssn_conflict", "different SSNs", _SSN_CONFLICT)
    if a[5:].isdigit() and a[5:] == b[5:] and a[5:] != "0000":
        return MatchReason("ssn_last4", "last 4 SSN digits match", _SSN_LAST4)
    return None


def score_pair(a: PersonFacts, b: PersonFacts) -> MatchScore:
    """Score how likely two records are the same person (symmetric, 0..1)."""
    extra = (_dob_reason(a.dob, b.dob), _ssn_reason(a.ssn, b.ssn))
    reasons = _name_reasons(a, b) + [reason for reason in extra if reason is not None]
    score = round(min(1.0, max(0.0, sum(r.weight for r in reasons))), 4)
    return MatchScore(score, tuple(reasons), score >= LIKELY_THRESHOLD)


def rank_candidates(
    query: PersonFacts, candidates: Iterable[tuple[str, PersonFacts]], limit: int = 10
) -> list[tuple[str, MatchScore]]:
    """Score candidates against a person; best first (ties by id), above the minimum."""
    kept = [(cid, score_pair(query, facts)) for cid, facts in candidates]
    kept = [item for item in kept if item[1].score > MIN_CANDIDATE_SCORE]
    kept.sort(key=lambda item: (-item[1].score, item[0]))
    return kept[: max(limit, 0)]


@dataclass(frozen=True)
class SearchQuery:
    """A worker's search box text, split into name tokens, a DOB and SSN parts."""

    tokens: tuple[str, ...] = ()
    dob: date | None = None
    ssn: str | None = None
    ssn_last4: str | None = None


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})|(\d{2})-(\d{2})-(\d{4})")
_FULL_SSN = re.compile(r"\d{3}-?\d{2}-?\d{4}")
_MASKED_SSN = re.compile(r"[xX*]{3}-?[xX*]{2}-?(\d{4})")


def _make_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day)) if int(year) >= 1900 else None
    except ValueError:
        return None


def query_terms(text: str) -> SearchQuery:
    """Parse search box text such as "bob smi 1985-03-02", "4321" or "123-45-6789".

    Dates are read as YYYY-MM-DD, MM/DD/YYYY, M/D/YYYY or MM-DD-YYYY; other digits
    (two-digit years, 2023-02-30) are dropped, not guessed. Four digits are the
    SSN's last four, nine digits (dashes allowed) a full SSN.
    """
    tokens: list[str] = []
    dob: date | None = None
    ssn: str | None = None
    last4: str | None = None
    for raw in re.findall(r"[^\s,;]+", text):
        if m := _ISO_DATE.fullmatch(raw):
            dob = _make_date(m[1], m[2], m[3]) or dob
        elif m := _US_DATE.fullmatch(raw):
            month, day, year = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
            dob = _make_date(year, month, day) or dob
        elif _FULL_SSN.fullmatch(raw):
            ssn = raw.replace("-", "")
        elif raw.isdigit() and len(raw) == 4:
            last4 = raw
        elif m := _MASKED_SSN.fullmatch(raw):
            last4 = m[1]
        elif any(ch.isalpha() for ch in raw):
            for word in _normalized(raw).split():
                if _compact(token := _normalized(word)) and token not in tokens:
                    tokens.append(token)
    return SearchQuery(tuple(tokens), dob, ssn, last4)


_EXACT, _PREFIX, _NICK, _SOUND, _TYPO = 1.0, 0.9, 0.7, 0.55, 0.4
_ALIAS_FACTOR = 0.95
_UNKNOWN = 0.2


@lru_cache(maxsize=65536)
def _search_words(person: PersonFacts) -> tuple[tuple[str, float], ...]:
    """Return comparison keys of a person's names and aliases with rank factors."""
    words: dict[str, float] = {}
    named = [(person.first_name, 1.0), (person.last_name, 1.0)]
    for name, factor in named + [(alias, _ALIAS_FACTOR) for alias in person.aliases]:
        for key in _words(name or "") | {_compact(name or "")} - {""}:
            words[key] = max(factor, words.get(key, 0.0))
    return tuple(words.items())


def _token_score(name: str, words: tuple[tuple[str, float], ...]) -> float:
    best = 0.0
    token = _compact(name)
    keys = _keys(token)
    sound = phonetic(token) if len(token) >= 3 else ""
    for word, factor in words:
        if word == token:
            tier = _EXACT
        elif word.startswith(token):
            tier = _PREFIX
        elif not keys.isdisjoint(_keys(word)):
            tier = _NICK
        elif sound and len(sound) >= 2 and sound == phonetic(word):
            tier = _SOUND
        elif len(token) >= 4 and OSA.distance(token, word[: len(token)], score_cutoff=1) <= 1:
            tier = _TYPO
        else:
            continue
        best = max(best, tier * factor)
    return best


def score_search(query: SearchQuery, person: PersonFacts) -> float:
    """Rank a prefiltered candidate for the search box: 0 (irrelevant) to 1.

    The weighted mean of what was typed: names 1 (mean over tokens of exact >
    prefix > nickname > sound-alike > typo; aliases a bit below real names), DOB
    2, full SSN 3, last four 2. Unknown to the record scores 0.2, a mismatch 0.
    """
    parts: list[tuple[float, float]] = []  # (weight, 0..1 value)
    if query.tokens:
        words = _search_words(person)
        parts.append((1.0, sum(_token_score(t, words) for t in query.tokens) / len(query.tokens)))
    if query.dob is not None:
        reason = _dob_reason(query.dob, person.dob)
        parts.append((2.0, _UNKNOWN if reason is None else max(reason.weight, 0.0) / _DOB))
    tail = person.ssn[5:] if person.ssn and person.ssn[5:].isdigit() else None
    if query.ssn is not None:
        same = 1.0 if person.ssn == query.ssn else 0.6 if tail == query.ssn[5:] else 0.0
        parts.append((3.0, _UNKNOWN if tail is None else same))
    if query.ssn_last4 is not None:
        parts.append((2.0, _UNKNOWN if tail is None else float(tail == query.ssn_last4)))
    weights = sum(weight for weight, _ in parts)
    return round(sum(weight * value for weight, value in parts) / weights, 4) if weights else 0.0
