"""Name and person matching: duplicate scoring, search parsing and search ranking."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_app.domain.matching import (
    LIKELY_THRESHOLD,
    MIN_CANDIDATE_SCORE,
    PersonFacts,
    SearchQuery,
    clear_caches,
    name_keys,
    normalize_name,
    phonetic,
    query_terms,
    rank_candidates,
    score_pair,
    score_search,
)

DOB = date(1985, 3, 2)
NAMES = ["Bob", "Robert", "John", "Jonh", "Smith", "Smyth", "Liz", "Elizabeth", "Garcia", "María"]
quick = settings(deadline=None, database=None, max_examples=150)


def kinds(a: PersonFacts, b: PersonFacts) -> set[str]:
    return {reason.kind for reason in score_pair(a, b).reasons}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  José   O’Brien ", "jose o'brien"),
        ("ZOË-Ann", "zoe-ann"),
        ("smith, jr.", "smith jr"),
        ("--'Red'--", "red"),
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_name_keys_link_nicknames_both_ways() -> None:
    assert "robert" in name_keys("Bob")
    assert "bob" in name_keys("ROBERT")
    assert "elizabeth" in name_keys("liz")
    assert "liz" in name_keys("Elizabeth")
    assert name_keys("Zyxwv") == frozenset({"zyxwv"})
    assert name_keys("  ") == frozenset()


def test_phonetic_codes() -> None:
    assert phonetic("Catherine") == phonetic("Kathryn")
    assert phonetic("Smith") == phonetic("Smyth")
    assert phonetic("Smith") != phonetic("Jones")
    assert phonetic("") == ""


def test_clear_caches_forgets_names() -> None:
    assert phonetic("Kathryn") == phonetic("Catherine")
    assert phonetic.cache_info().currsize > 0
    clear_caches()
    assert phonetic.cache_info().currsize == 0
    assert score_pair(PersonFacts("Bob", "Smith"), PersonFacts("Robert", "Smith")).likely


def test_facts_from_hmis_values() -> None:
    facts = PersonFacts.from_values(
        {
            "FirstName": " Robert ",
            "LastName": "Smith",
            "DOB": "1985-03-02",
            "SSN": "923-45-6789",
            "Aliases": "Red; Bobby ;",
        }
    )
    assert facts == PersonFacts("Robert", "Smith", ("Red", "Bobby"), DOB, "923456789")


@pytest.mark.parametrize(
    ("values", "dob", "ssn"),
    [
        ({"DOB": datetime(1985, 3, 2, 12, 0), "SSN": "xxxxx6789"}, DOB, "xxxxx6789"),
        ({"DOB": DOB, "SSN": "12345"}, DOB, None),
        ({"DOB": "1985-02-30", "SSN": None}, None, None),
        ({"DOB": "", "SSN": "abcdefghi"}, None, None),
    ],
)
def test_facts_unreadable_values_are_unknown(
    values: dict[str, object], dob: date | None, ssn: str | None
) -> None:
    facts = PersonFacts.from_values({"FirstName": "", **values})
    assert (facts.first_name, facts.dob, facts.ssn, facts.aliases) == (None, dob, ssn, ())


def test_nickname_match_is_likely() -> None:
    bob, robert = PersonFacts("Bob", "Smith", dob=DOB), PersonFacts("Robert", "Smith", dob=DOB)
    result = score_pair(bob, robert)
    assert result.likely
    assert "nickname" in {r.kind for r in result.reasons}
    assert score_pair(PersonFacts("Bob", "Smith"), PersonFacts("Robert", "Smith")).likely


def test_typo_in_first_name() -> None:
    result = score_pair(
        PersonFacts("Jonh", "Smith", dob=DOB), PersonFacts("John", "Smith", dob=DOB)
    )
    assert result.likely
    assert "typo" in {r.kind for r in result.reasons}
    assert any(r.detail.endswith("one letter apart") for r in result.reasons)


def test_swapped_first_and_last_names_match_well() -> None:
    straight = score_pair(
        PersonFacts("John", "Smith", dob=DOB), PersonFacts("John", "Smith", dob=DOB)
    )
    swapped = score_pair(
        PersonFacts("Smith", "John", dob=DOB), PersonFacts("John", "Smith", dob=DOB)
    )
    assert swapped.likely
    assert swapped.score >= straight.score - 0.1


def test_same_dob_alone_is_not_likely() -> None:
    result = score_pair(PersonFacts("Ann", "Lee", dob=DOB), PersonFacts("Maria", "Garcia", dob=DOB))
    assert not result.likely
    assert [r.kind for r in result.reasons] == ["dob"]


def test_common_first_name_alone_is_not_likely() -> None:
    result = score_pair(PersonFacts("John", "Lee"), PersonFacts("John", "Garcia"))
    assert not result.likely
    assert 0 < result.score < LIKELY_THRESHOLD


def test_ssn_conflict_makes_unlikely() -> None:
    a = PersonFacts("John", "Smith", dob=DOB, ssn="923456780")
    b = PersonFacts("John", "Smith", dob=DOB, ssn="945678123")
    result = score_pair(a, b)
    assert not result.likely
    conflict = [r for r in result.reasons if r.kind == "ssn_conflict"]
    assert conflict
    assert conflict[0].weight < 0


def test_same_ssn_and_last4() -> None:
    assert "ssn" in kinds(PersonFacts(ssn="923456789"), PersonFacts(ssn="923456789"))
    assert kinds(PersonFacts(ssn="xxxxx6789"), PersonFacts(ssn="923456789")) == {"ssn_last4"}


@pytest.mark.parametrize("unknown", [None, "xxxxxxxxx", "000000000", "123456789"])
def test_unknown_or_placeholder_ssn_is_neutral(unknown: str | None) -> None:
    base = score_pair(PersonFacts("Ann", "Lee"), PersonFacts("Ann", "Lee")).score
    with_ssn = score_pair(
        PersonFacts("Ann", "Lee", ssn=unknown), PersonFacts("Ann", "Lee", ssn="923456780")
    )
    assert with_ssn.score == base


@pytest.mark.parametrize(
    ("other", "kind"),
    [
        (date(1985, 2, 3), "dob_transposed"),
        (date(1986, 3, 2), "dob"),
        (date(1990, 7, 9), "dob_conflict"),
    ],
)
def test_dob_evidence(other: date, kind: str) -> None:
    result = score_pair(PersonFacts("Ann", "Lee", dob=DOB), PersonFacts("Ann", "Lee", dob=other))
    assert kind in {r.kind for r in result.reasons}
    names_only = score_pair(PersonFacts("Ann", "Lee"), PersonFacts("Ann", "Lee")).score
    assert (result.score < names_only) == (kind == "dob_conflict")


def test_dob_conflict_reduces_below_likely() -> None:
    a, b = (
        PersonFacts("John", "Smith", dob=DOB),
        PersonFacts("John", "Smith", dob=date(1962, 11, 20)),
    )
    assert not score_pair(a, b).likely


def test_alias_matches_street_name() -> None:
    a = PersonFacts("Thomas", "Baker", aliases=("Red",))
    b = PersonFacts("Red", None, dob=DOB)
    assert "alias" in kinds(a, b)
    assert score_pair(a, b).score > 0


def test_reason_details_do_not_repeat_personal_data() -> None:
    a = PersonFacts("Bob", "Smith", ("Red",), DOB, "923456789")
    b = PersonFacts("Robert", "Smyth", ("Red",), date(1985, 2, 3), "xxxxx6789")
    text = " ".join(r.detail for r in score_pair(a, b).reasons).lower()
    assert text
    for secret in ("bob", "robert", "smith", "smyth", "red", "1985", "6789", "03", "02"):
        assert secret not in text


def test_rank_candidates_orders_by_score_then_id() -> None:
    query = PersonFacts("Bob", "Smith", dob=DOB)
    candidates = [
        ("c", PersonFacts("Robert", "Smith", dob=DOB)),
        ("b", PersonFacts("Bob", "Smith", dob=DOB)),
        ("a", PersonFacts("Bob", "Smith", dob=DOB)),
        ("z", PersonFacts("Maria", "Garcia", dob=date(1990, 7, 9))),
        ("y", PersonFacts("Bob", "Jones")),
    ]
    ranked = rank_candidates(query, candidates)
    assert [cid for cid, _ in ranked] == ["a", "b", "c", "y"]
    assert all(score.score > MIN_CANDIDATE_SCORE for _, score in ranked)
    assert [cid for cid, _ in rank_candidates(query, candidates, limit=2)] == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "dob"),
    [
        ("1985-03-02", DOB),
        ("03/02/1985", DOB),
        ("3/2/1985", DOB),
        ("03-02-1985", DOB),
        ("2023-02-30", None),
        ("13/01/2020", None),
        ("3/2/85", None),
        ("1899-12-31", None),
    ],
)
def test_query_dates(text: str, dob: date | None) -> None:
    query = query_terms(f"smith {text}")
    assert query.dob == dob
    assert query.tokens == ("smith",)


@pytest.mark.parametrize(
    ("text", "ssn", "last4"),
    [
        ("123-45-6789", "123456789", None),
        ("123456789", "123456789", None),
        ("4321", None, "4321"),
        ("xxx-xx-4321", None, "4321"),
        ("12345", None, None),
    ],
)
def test_query_ssn(text: str, ssn: str | None, last4: str | None) -> None:
    query = query_terms(text)
    assert (query.ssn, query.ssn_last4, query.tokens) == (ssn, last4, ())


def test_query_mixed_text() -> None:
    query = query_terms("Bob  SMI, 1985-03-02 ;Ávila bob")
    assert query == SearchQuery(("bob", "smi", "avila"), DOB, None, None)
    assert query_terms("   ") == SearchQuery()


def test_search_rank_order() -> None:
    query = query_terms("rob")
    prefix = score_search(query, PersonFacts("Robert", "Lee"))
    nickname = score_search(query, PersonFacts("Bob", "Lee"))
    sounds = score_search(query_terms("kathryn"), PersonFacts("Catharyne", "Lee"))
    typo = score_search(query_terms("smiht"), PersonFacts("Ann", "Smith"))
    assert prefix > nickname > sounds > typo > 0
    assert score_search(query_terms("zzz"), PersonFacts("Ann", "Smith")) == 0


def test_search_alias_and_exact_rank() -> None:
    query = query_terms("smith")
    exact = score_search(query, PersonFacts("Ann", "Smith"))
    alias = score_search(query, PersonFacts("Ann", "Lee", aliases=("Smith",)))
    assert exact == 1.0
    assert 0.5 < alias < exact


def test_search_dob_and_ssn_weigh_heavily() -> None:
    query = query_terms("bob 1985-03-02")
    right = score_search(query, PersonFacts("Robert", "Smith", dob=DOB))
    wrong = score_search(query, PersonFacts("Bob", "Smith", dob=date(1970, 1, 1)))
    assert right > wrong
    full = query_terms("923-45-6789")
    assert score_search(full, PersonFacts(ssn="923456789")) == 1.0
    assert score_search(full, PersonFacts(ssn="xxxxx6789")) > score_search(full, PersonFacts())
    assert score_search(full, PersonFacts(ssn="923456780")) == 0.0
    assert score_search(query_terms("6789"), PersonFacts(ssn="xxxxx6789")) == 1.0
    assert score_search(SearchQuery(), PersonFacts("Bob")) == 0.0


names = st.one_of(st.none(), st.sampled_from(NAMES), st.text(max_size=12))
facts = st.builds(
    PersonFacts,
    first_name=names,
    last_name=names,
    aliases=st.lists(st.sampled_from(["Red", "Bobby", "Tex"]), max_size=2).map(tuple),
    dob=st.one_of(st.none(), st.dates(date(1940, 1, 1), date(2010, 12, 31))),
    ssn=st.one_of(st.none(), st.from_regex(r"[0-9x]{9}", fullmatch=True)),
)


@quick
@given(facts, facts)
def test_score_pair_is_symmetric_and_bounded(a: PersonFacts, b: PersonFacts) -> None:
    forward, backward = score_pair(a, b), score_pair(b, a)
    assert forward.score == backward.score
    assert forward.likely == backward.likely
    assert 0.0 <= forward.score <= 1.0
    assert forward.likely == (forward.score >= LIKELY_THRESHOLD)


@quick
@given(st.sampled_from(NAMES), st.sampled_from(NAMES), st.dates(date(1940, 1, 1), date(2010, 1, 1)))
def test_same_person_is_likely(first: str, last: str, dob: date) -> None:
    person = PersonFacts(first, last, dob=dob)
    assert score_pair(person, person).likely


@quick
@given(st.text(max_size=40))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once
    assert once == once.strip()


@quick
@given(st.text(max_size=60), facts)
def test_query_terms_and_search_never_fail(text: str, person: PersonFacts) -> None:
    query = query_terms(text)
    assert all(token == normalize_name(token) and token for token in query.tokens)
    assert 0.0 <= score_search(query, person) <= 1.0
