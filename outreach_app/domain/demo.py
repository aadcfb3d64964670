"""Deterministic, realistic synthetic HMIS clients for demos, tests and benchmarks.

Nobody may demo, test or benchmark Outreach with real people's records, yet
search, duplicate detection and data-quality screens only show their behaviour
on data that looks real: nicknames, street names, partial SSNs, unknown dates of
birth, people entered twice. This module makes such people, reproducibly: the
same ``(n, seed)`` always yields the same clients, and a shorter run is a prefix
of a longer one with the same seed.

Decisions:

* Every SSN is clearly synthetic: the area is 900-999, which SSA never issues,
  and the group is 01-49, which ITINs (also 9xx) never use; so no generated
  number can belong to anyone. Partial SSNs keep only the last four digits.
* Ages are counted at :data:`REFERENCE_DATE` (the start of FY2026), not today,
  so output never changes with the calendar and no date of birth is in the future.
* Names come from pools drawn once from Faker (seeded with ``seed_instance``):
  Faker is slow per call, ``random.Random`` picking from a pool is not.
* About ``duplicate_rate`` of the people are a near-duplicate of an earlier one,
  as if another worker entered them again: a nickname for the first name, a
  one-letter typo in the last name, day and month of birth transposed, or no
  SSN. :func:`near_duplicate_pairs` tells which, for tests and benchmarks.
* Columns follow Client.csv of the HMIS CSV FY2026 spec (the veteran detail
  columns and export metadata are left to the storage layer), plus the
  extension column "Aliases": street names and nicknames, "; "-separated.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import accumulate
from typing import Generic, TypeVar

from faker import Faker
from nicknames import NickNamer

REFERENCE_DATE = date(2025, 10, 1)
"""The day ages are counted at: the first day of HMIS fiscal year 2026."""

RACE_COLUMNS = (
    "AmIndAKNative", "Asian", "BlackAfAmerican", "HispanicLatinao",
    "MidEastNAfrican", "NativeHIPacific", "White",
)  # fmt: skip

STREET_NAMES = (
    "Red", "Tex", "Smokey", "Shorty", "Preacher", "Doc", "Slim", "Bear", "Sunshine",
    "Lucky", "Ghost", "Pops", "Junior", "Cowboy", "Peanut", "Bird", "Sarge", "Tiny",
    "Blue", "Big Mike", "Little Bit", "Flaco", "Sparky", "Country", "Skip", "Dutch",
)  # fmt: skip

_ADDITIONAL = {
    "AmIndAKNative": ("Navajo", "Lakota", "Cherokee", "Ojibwe"),
    "Asian": ("Vietnamese", "Hmong", "Filipino", "Korean"),
    "BlackAfAmerican": ("Haitian", "Somali", "Jamaican", "Nigerian"),
    "HispanicLatinao": ("Mexican", "Puerto Rican", "Salvadoran", "Guatemalan"),
    "MidEastNAfrican": ("Lebanese", "Egyptian", "Iraqi", "Moroccan"),
    "NativeHIPacific": ("Samoan", "Chamorro", "Tongan", "Marshallese"),
    "White": ("Irish", "Polish", "Italian", "Ukrainian"),
}
_SUFFIXES = ("Jr", "Sr", "II", "III")
_T = TypeVar("_T")
_FIRST_POOL, _LAST_POOL = 1000, 2000  # draws: enough for Faker's name frequencies


class _Weighted(Generic[_T]):
    """A fixed weighted choice, picked with one ``random()`` call (faster than choices)."""

    def __init__(self, pairs: Sequence[tuple[_T, float]]) -> None:
        self.values = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random) -> _T:
        return self.values[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


_SEX = _Weighted([(1, 64), (0, 32), (8, 1), (9, 1), (99, 2)])
_NAME_QUALITY = _Weighted([(1, 91), (2, 5), (8, 1), (9, 1), (99, 2)])
_SSN_QUALITY = _Weighted([(1, 62), (2, 10), (8, 10), (9, 8), (99, 10)])
_DOB_QUALITY = _Weighted([(1, 85), (2, 6), (8, 3), (9, 2), (99, 4)])
_UNKNOWN = _Weighted([(8, 2), (9, 1), (99, 3)])
_AGE_BAND = _Weighted(
    [((0, 17), 3), ((18, 24), 12), ((25, 54), 55), ((55, 64), 20), ((65, 85), 10)]
)
_RACES: _Weighted[tuple[str, ...]] = _Weighted(
    [
        (("BlackAfAmerican",), 33), (("White",), 30), (("HispanicLatinao",), 8),
        (("HispanicLatinao", "White"), 9), (("BlackAfAmerican", "White"), 3),
        (("BlackAfAmerican", "HispanicLatinao"), 2), (("AmIndAKNative",), 3),
        (("AmIndAKNative", "White"), 2), (("Asian",), 1.5), (("NativeHIPacific",), 1),
        (("MidEastNAfrican",), 1), ((), 4.5),
    ]
)  # fmt: skip
_MUTATIONS = ("nickname", "typo", "transposed_dob", "no_ssn")


@dataclass(frozen=True)
class _Pools:
    """Names drawn once from Faker; repeats keep Faker's frequency weighting."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]
    latina: tuple[str, ...]
    latino: tuple[str, ...]
    latin_last: tuple[str, ...]


@cache
def _fakers() -> tuple[Faker, Faker]:
    return Faker("en_US"), Faker("es_MX")


@lru_cache(maxsize=4)
def _pools(seed: int) -> _Pools:
    english, spanish = _fakers()
    english.seed_instance(seed)
    spanish.seed_instance(seed)

    def draw(method: Callable[[], object], size: int = _FIRST_POOL) -> tuple[str, ...]:
        return tuple(str(method()) for _ in range(size))

    return _Pools(
        female=draw(english.first_name_female),
        male=draw(english.first_name_male),
        last=draw(english.last_name, _LAST_POOL),
        latina=draw(spanish.first_name_female),
        latino=draw(spanish.first_name_male),
        latin_last=draw(spanish.last_name, _LAST_POOL),
    )


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def _other_names(first: str) -> list[str]:
    """Nicknames and canonical forms of a first name, in a stable order."""
    namer = _nicknamer()
    found = namer.nicknames_of(first) | namer.canonicals_of(first)
    return sorted(name.title() for name in found if name != first.lower())


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _dob(rng: random.Random, age: int, as_of: date) -> date:
    """Return a uniformly random birthday of someone exactly ``age`` on ``as_of``."""
    latest = _years_before(as_of, age)
    earliest = _years_before(as_of, age + 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def _ssn(rng: random.Random) -> str:
    return f"{rng.randrange(900, 1000)}{rng.randrange(1, 50):02d}{rng.randrange(1, 10000):04d}"


def _person(rng: random.Random, pools: _Pools, as_of: date) -> dict[str, object]:
    sex = _SEX.pick(rng)
    low, high = _AGE_BAND.pick(rng)
    age = rng.randint(low, high)
    races = _RACES.pick(rng)
    latin = "HispanicLatinao" in races and rng.random() < 0.8
    female = sex == 0 or (sex not in (0, 1) and rng.random() < 0.5)
    if latin:
        firsts, lasts = (pools.latina if female else pools.latino), pools.latin_last
    else:
        firsts, lasts = (pools.female if female else pools.male), pools.last
    first: str | None = rng.choice(firsts)
    last: str | None = rng.choice(lasts)
    middle = rng.choice(firsts) if rng.random() < 0.3 else None
    suffix = rng.choice(_SUFFIXES) if sex == 1 and rng.random() < 0.03 else None
    aliases: list[str] = []
    if age >= 18 and rng.random() < 0.16:  # street names are for adults
        nicknames = _other_names(str(first))
        use_nickname = nicknames and rng.random() < 0.4
        aliases.append(rng.choice(nicknames) if use_nickname else rng.choice(STREET_NAMES))
        if rng.random() < 0.2 and (street := rng.choice(STREET_NAMES)) not in aliases:
            aliases.append(street)
    name_quality = _NAME_QUALITY.pick(rng)
    if name_quality == 2:  # partial: a first name alone, or only a street name
        first = first if rng.random() < 0.5 else rng.choice(STREET_NAMES)
        last, middle, suffix = None, None, None
        aliases = [alias for alias in aliases if alias != first]
    elif name_quality != 1:  # no name given: the worker records what people call them
        first, last, middle, suffix = None, None, None, None
        aliases = aliases or ([rng.choice(STREET_NAMES)] if age >= 18 else [])

    dob_quality = _DOB_QUALITY.pick(rng)
    dob: date | None = _dob(rng, age, as_of)
    if dob_quality == 2 and dob is not None:
        dob = date(dob.year, 1, 1)  # "about 40": an estimated year
    elif dob_quality != 1:
        dob = None

    ssn_quality = _SSN_QUALITY.pick(rng)
    ssn: str | None = _ssn(rng)
    if ssn_quality == 2 and ssn is not None:
        ssn = "xxxxx" + ssn[5:]
    elif ssn_quality != 1:
        ssn = None

    veteran = 99  # HUD: 99 for minors
    if age >= 18:
        veteran = 1 if rng.random() < (0.11 if sex == 1 else 0.03) else 0
        veteran = _UNKNOWN.pick(rng) if rng.random() < 0.04 else veteran
    record: dict[str, object] = {
        "PersonalID": "",
        "FirstName": first,
        "MiddleName": middle,
        "LastName": last,
        "NameSuffix": suffix,
        "NameDataQuality": name_quality,
        "SSN": ssn,
        "SSNDataQuality": ssn_quality,
        "DOB": dob,
        "DOBDataQuality": dob_quality,
        "Sex": sex,
    }
    for column in RACE_COLUMNS:
        record[column] = int(column in races)
    record["RaceNone"] = None if races else _UNKNOWN.pick(rng)
    additional = None
    if races and rng.random() < 0.03:
        additional = rng.choice(_ADDITIONAL[rng.choice(races)])
    record["AdditionalRaceEthnicity"] = additional
    record["VeteranStatus"] = veteran
    record["Aliases"] = "; ".join(aliases) if aliases else None
    return record


def _typo(rng: random.Random, name: str) -> str:
    """Change one letter after the first: substitute, drop, double or swap."""
    if len(name) < 3:
        return name + name[-1]
    at = rng.randrange(1, len(name) - 1)
    how = rng.randrange(4)
    if how == 0:
        letter = rng.choice([c for c in "aeioulnrst" if c != name[at].lower()])
        return name[:at] + letter + name[at + 1 :]
    if how == 1:
        return name[:at] + name[at + 1 :]
    if how == 2:
        return name[:at] + name[at] + name[at:]
    swapped = name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    return swapped if swapped != name else name[:at] + name[at + 1 :]


def _near_duplicate(
    rng: random.Random, original: dict[str, object], as_of: date
) -> dict[str, object]:
    """Return the same person as entered again, with one or two realistic differences."""
    record = dict(original)
    record["MiddleName"] = original["MiddleName"] if rng.random() < 0.5 else None
    first, last = str(original["FirstName"]), str(original["LastName"])
    dob, ssn = original["DOB"], original["SSN"]
    wanted = 1 if rng.random() < 0.7 else 2
    applied = 0
    for mutation in rng.sample(_MUTATIONS, len(_MUTATIONS)):
        if applied == wanted:
            break
        if mutation == "nickname" and (others := _other_names(first)):
            record["FirstName"] = rng.choice(others)
        elif mutation == "typo":
            record["LastName"] = _typo(rng, last)
        elif (
            mutation == "transposed_dob"
            and isinstance(dob, date)
            and record["DOBDataQuality"] == 1
            and dob.day <= 12
            and dob.day != dob.month
            and (swapped := date(dob.year, dob.day, dob.month)) <= as_of
        ):
            record["DOB"] = swapped
        elif mutation == "no_ssn" and ssn is not None:
            record["SSN"], record["SSNDataQuality"] = None, _UNKNOWN.pick(rng)
        else:
            continue
        applied += 1
    if applied == 0:
        record["LastName"] = _typo(rng, last)
    return record


def _generate(
    n: int, seed: int, duplicate_rate: float, as_of: date
) -> Iterator[tuple[dict[str, object], str | None]]:
    rng = random.Random(seed)
    pools = _pools(seed)
    seen: set[str] = set()
    originals: list[dict[str, object]] = []
    for _ in range(n):
        personal_id = f"{rng.getrandbits(128):032x}"
        while personal_id in seen:
            personal_id = f"{rng.getrandbits(128):032x}"
        seen.add(personal_id)
        if originals and rng.random() < duplicate_rate:
            original = originals[rng.randrange(len(originals))]
            record = _near_duplicate(rng, original, as_of)
            source: str | None = str(original["PersonalID"])
        else:
            record, source = _person(rng, pools, as_of), None
        record["PersonalID"] = personal_id
        if source is None and record["NameDataQuality"] == 1:
            originals.append(dict(record))  # a copy: callers may change what they get
        yield record, source


def generate_clients(
    n: int, seed: int, duplicate_rate: float = 0.03, *, as_of: date = REFERENCE_DATE
) -> Iterator[dict[str, object]]:
    """Yield ``n`` synthetic Client rows (HMIS FY2026 columns plus "Aliases").

    The same arguments always give the same rows; ``as_of`` is the day ages are
    counted at, and no date of birth is after it.
    """
    for record, _source in _generate(n, seed, duplicate_rate, as_of):
        yield record


def near_duplicate_pairs(
    n: int, seed: int, duplicate_rate: float = 0.03, *, as_of: date = REFERENCE_DATE
) -> list[tuple[str, str]]:
    """Return (original PersonalID, duplicate PersonalID) for the same arguments."""
    return [
        (source, str(record["PersonalID"]))
        for record, source in _generate(n, seed, duplicate_rate, as_of)
        if source is not None
    ]
