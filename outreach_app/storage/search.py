"""Client search and duplicate candidates over the encrypted store.

Search has two stages, so that it stays fast at 100,000 clients and more:

1. *Prefilter in SQL*: every client has match keys in ``client_key`` (a
   B-tree, no full scan): ``n:`` each name word (exact and prefix match),
   ``k:`` its nickname relatives ("bob" and "robert" share ``k:robert``), ``p:``
   its metaphone code, ``d:`` the word with one letter deleted (so a typo of one
   letter, either side, shares a key), ``b:`` the date of birth and ``s:`` the
   SSN's last four digits. The query's words become the same keys; clients that
   match every part rank first, by a coarse weight, and the best few hundred
   go on.
2. *Rank in Python* with :func:`~outreach_app.domain.matching.score_search`, or
   for duplicates :func:`~outreach_app.domain.matching.score_pair`, which say why.

Everything runs on the database thread as functions of the connection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from outreach_app.domain.matching import (
    MatchScore,
    PersonFacts,
    SearchQuery,
    name_keys,
    normalize_name,
    phonetic,
    query_terms,
    score_pair,
    score_search,
)
from outreach_app.storage.database import Connection

#: How many prefiltered candidates go on to the precise ranking.
PREFILTER_LIMIT = 300

_EXACT, _PREFIX, _NICK, _SOUND, _TYPO, _FACT = 1.0, 0.9, 0.7, 0.55, 0.4, 1.0
_ALIAS_WEIGHT = 0.95
_MIN_TYPO_LENGTH = 4
_MIN_FUZZY_LENGTH = 3


@dataclass(frozen=True, slots=True)
class ClientHit:
    """One client found by search, with what the list shows.

    Attributes:
        client_id: the client's PersonalID.
        first_name, last_name, aliases: as recorded.
        dob: the date of birth, if known.
        ssn_last4: the last four SSN digits, if known (never the full SSN).
        score: relevance 0..1.
    """

    client_id: str
    first_name: str | None
    last_name: str | None
    aliases: str | None
    dob: dt.date | None
    ssn_last4: str | None
    score: float


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    """An existing client who may be the person about to be created.

    Attributes:
        hit: the client, as search shows it.
        match: the score and the reasons (name alike, same DOB, SSN digits).
    """

    hit: ClientHit
    match: MatchScore


def _words(name: str | None) -> list[str]:
    if not name:
        return []
    return [w for w in normalize_name(name).replace("-", " ").replace("'", "").split() if w]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def word_keys(word: str) -> set[str]:
    """Return the stored match keys of one name word."""
    keys = {f"n:{word}"}
    keys.update(f"k:{k}" for k in name_keys(word))
    if len(word) >= _MIN_FUZZY_LENGTH and (code := phonetic(word)):
        keys.add(f"p:{code}")
    if len(word) >= _MIN_TYPO_LENGTH:
        keys.add(f"d:{word}")
        keys.update(f"d:{d}" for d in _deletions(word))
    return keys


def client_keys(person: PersonFacts) -> dict[str, float]:
    """Return every match key of a client with its weight (aliases a little less)."""
    keys: dict[str, float] = {}
    names = [(person.first_name, 1.0), (person.last_name, 1.0)]
    for name, weight in names + [(a, _ALIAS_WEIGHT) for a in person.aliases]:
        for word in _words(name):
            for key in word_keys(word):
                keys[key] = max(weight, keys.get(key, 0.0))
    if person.dob is not None:
        keys[f"b:{person.dob.isoformat()}"] = 1.0
    if person.ssn and person.ssn[5:].isdigit():
        keys[f"s:{person.ssn[5:]}"] = 1.0
    return keys


def sort_key(person: PersonFacts) -> str:
    """Return the key the client list sorts by: last name, first name.

    Someone known only by a street name sorts by it, among the surnames, as
    a worker looking for "Cowboy" would look for him.
    """
    last, first = normalize_name(person.last_name or ""), normalize_name(person.first_name or "")
    if not last and not first and person.aliases:
        last = normalize_name(person.aliases[0])
    return f"{last}\x00{first}"


def index_client(conn: Connection, client_id: str, person: PersonFacts, updated_at: str) -> None:
    """Insert or refresh one client's row and match keys (inside the caller's transaction)."""
    old = conn.execute(
        "SELECT rowid, first_name, last_name, aliases, dob, ssn FROM client_index"
        " WHERE client_id = ?",
        (client_id,),
    ).fetchone()
    row = (
        person.first_name,
        person.last_name,
        "; ".join(person.aliases) or None,
        person.dob.isoformat() if person.dob else None,
        person.ssn,
        sort_key(person),
        updated_at,
    )
    if old is None:
        (rowid,) = conn.execute(
            "INSERT INTO client_index (first_name, last_name, aliases, dob, ssn, sort_key,"
            " updated_at, client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING rowid",
            (*row, client_id),
        ).fetchone()
        stale: set[str] = set()
    else:
        rowid = old[0]
        conn.execute(
            "UPDATE client_index SET first_name = ?, last_name = ?, aliases = ?, dob = ?,"
            " ssn = ?, sort_key = ?, updated_at = ? WHERE rowid = ?",
            (*row, rowid),
        )
        stale = set(client_keys(_person(old[1:])))
    fresh = client_keys(person)
    # Keys are deleted by primary key, so client_key needs no second index to stay small.
    conn.executemany(
        "DELETE FROM client_key WHERE key = ? AND client_rowid = ?",
        [(key, rowid) for key in stale - fresh.keys()],
    )
    conn.executemany(
        "INSERT OR REPLACE INTO client_key (key, client_rowid, weight) VALUES (?, ?, ?)",
        [(key, rowid, weight) for key, weight in fresh.items()],
    )


def _person(row: Sequence[object]) -> PersonFacts:
    first, last, aliases, dob, ssn = row
    return PersonFacts.from_values(
        {"FirstName": first, "LastName": last, "Aliases": aliases, "DOB": dob, "SSN": ssn}
    )


def unindex_client(conn: Connection, client_id: str) -> None:
    """Remove a deleted or merged client from search."""
    old = conn.execute(
        "SELECT rowid, first_name, last_name, aliases, dob, ssn FROM client_index"
        " WHERE client_id = ?",
        (client_id,),
    ).fetchone()
    if old is None:
        return
    conn.executemany(
        "DELETE FROM client_key WHERE key = ? AND client_rowid = ?",
        [(key, old[0]) for key in client_keys(_person(old[1:]))],
    )
    conn.execute("DELETE FROM client_index WHERE rowid = ?", (old[0],))


def _token_parts(token: str) -> tuple[str, list[object]]:
    """Return the SQL (a UNION of weighted key lookups) and parameters for one word."""
    word = token.replace("-", "").replace("'", "").replace(" ", "")
    parts = ["SELECT client_rowid, weight * ? AS w FROM client_key WHERE key = ?"]
    params: list[object] = [_EXACT, f"n:{word}"]
    parts.append("SELECT client_rowid, weight * ? FROM client_key WHERE key > ? AND key < ?")
    params += [_PREFIX, f"n:{word}", f"n:{word}\U0010ffff"]
    if len(word) >= _MIN_FUZZY_LENGTH:
        nick = sorted(f"k:{k}" for k in name_keys(word))
        parts.append(
            "SELECT client_rowid, weight * ? FROM client_key WHERE key IN"
            f" ({','.join('?' * len(nick))})"
        )
        params += [_NICK, *nick]
        if code := phonetic(word):
            parts.append("SELECT client_rowid, weight * ? FROM client_key WHERE key = ?")
            params += [_SOUND, f"p:{code}"]
    if len(word) >= _MIN_TYPO_LENGTH:
        typo = sorted({f"d:{word}"} | {f"d:{d}" for d in _deletions(word)})
        parts.append(
            "SELECT client_rowid, weight * ? FROM client_key WHERE key IN"
            f" ({','.join('?' * len(typo))})"
        )
        params += [_TYPO, *typo]
    return " UNION ALL ".join(parts), params


def _query_parts(query: SearchQuery) -> list[tuple[str, list[object]]]:
    # A one-letter word ("jo s") matches a tenth of everyone: it would make the
    # prefilter read thousands of keys for nothing. The other words find the
    # candidates; the ranking still counts the letter.
    tokens = [t for t in query.tokens if len(t) > 1] or list(query.tokens)
    parts = [_token_parts(token) for token in tokens]
    fact_sql = "SELECT client_rowid, weight * ? AS w FROM client_key WHERE key = ?"
    if query.dob is not None:
        parts.append((fact_sql, [_FACT, f"b:{query.dob.isoformat()}"]))
    last4 = query.ssn[5:] if query.ssn else query.ssn_last4
    if last4:
        parts.append((fact_sql, [_FACT, f"s:{last4}"]))
    return parts


def _prefilter(
    conn: Connection, parts: Sequence[tuple[str, list[object]]], *, require_all: bool
) -> list[int]:
    """Return client rowids matching the parts, best coarse weight first."""
    ctes, params = [], []
    for i, (sql, part_params) in enumerate(parts):
        ctes.append(f"t{i} AS (SELECT client_rowid, max(w) AS w FROM ({sql}) GROUP BY 1)")
        params += part_params
    if require_all:
        joins = " ".join(f"JOIN t{i} USING (client_rowid)" for i in range(1, len(parts)))
        total = " + ".join(f"t{i}.w" for i in range(len(parts)))
        body = f"SELECT client_rowid, {total} AS score FROM t0 {joins}"
    else:
        union = " UNION ALL ".join(f"SELECT client_rowid, w FROM t{i}" for i in range(len(parts)))
        body = f"SELECT client_rowid, sum(w) AS score FROM ({union}) GROUP BY client_rowid"
    sql = f"WITH {', '.join(ctes)} {body} ORDER BY score DESC, client_rowid LIMIT ?"
    return [row[0] for row in conn.execute(sql, [*params, PREFILTER_LIMIT])]


def _rows(conn: Connection, rowids: Iterable[int]) -> list[tuple[ClientHit, PersonFacts]]:
    ids = list(rowids)
    if not ids:
        return []
    rows = conn.execute(
        "SELECT client_id, first_name, last_name, aliases, dob, ssn FROM client_index"
        f" WHERE rowid IN ({','.join('?' * len(ids))})",
        ids,
    ).fetchall()
    result = []
    for client_id, first, last, aliases, dob, ssn in rows:
        person = _person((first, last, aliases, dob, ssn))
        last4 = ssn[5:] if ssn and ssn[5:].isdigit() else None
        hit = ClientHit(client_id, first, last, aliases, person.dob, last4, 0.0)
        result.append((hit, person))
    return result


def search_clients(conn: Connection, text: str, limit: int = 50) -> list[ClientHit]:
    """Find clients for the search box text: names, aliases, DOB, SSN digits.

    A single letter is the first keystroke of a name: it shows the list from
    that letter on (by last name, or street name), at once.
    """
    query = query_terms(text)
    only = query.tokens[0] if len(query.tokens) == 1 else ""
    if len(only) == 1 and query.dob is None and not (query.ssn or query.ssn_last4):
        return _from_letter(conn, only, limit)
    parts = _query_parts(query)
    if not parts:
        return []
    rowids = _prefilter(conn, parts, require_all=True)
    if not rowids and len(parts) > 1:
        rowids = _prefilter(conn, parts, require_all=False)
    scored = [
        replace(hit, score=score_search(query, person)) for hit, person in _rows(conn, rowids)
    ]
    scored.sort(key=lambda h: (-h.score, h.last_name or "", h.first_name or "", h.client_id))
    return [hit for hit in scored if hit.score > 0][:limit]


def _from_letter(conn: Connection, letter: str, limit: int) -> list[ClientHit]:
    rows = conn.execute(
        "SELECT rowid FROM client_index WHERE sort_key >= ? AND sort_key < ?"
        " ORDER BY sort_key, rowid LIMIT ?",
        (letter, chr(ord(letter) + 1), limit),
    ).fetchall()
    hits = [replace(hit, score=_PREFIX) for hit, _person in _rows(conn, (r[0] for r in rows))]
    hits.sort(key=lambda h: (h.last_name or "", h.first_name or "", h.client_id))
    return hits


def duplicate_candidates(
    conn: Connection, person: PersonFacts, limit: int = 10, *, exclude: str | None = None
) -> list[DuplicateCandidate]:
    """Return existing clients who may be ``person``, most likely first, with reasons."""
    keys = client_keys(person)
    if not keys:
        return []
    placeholders = ",".join("?" * len(keys))
    rowids = [
        row[0]
        for row in conn.execute(
            "SELECT client_rowid, sum(weight) AS score FROM client_key"
            f" WHERE key IN ({placeholders}) GROUP BY client_rowid"
            " ORDER BY score DESC, client_rowid LIMIT ?",
            [*keys, PREFILTER_LIMIT],
        )
    ]
    candidates = []
    for hit, other in _rows(conn, rowids):
        if hit.client_id == exclude:
            continue
        match = score_pair(person, other)
        if match.reasons:
            candidates.append(DuplicateCandidate(replace(hit, score=match.score), match))
    candidates.sort(key=lambda c: (-c.match.score, c.hit.client_id))
    return [c for c in candidates if c.match.score >= MIN_DUPLICATE_SCORE][:limit]


#: Below this, a candidate is noise and not shown before creating a client.
MIN_DUPLICATE_SCORE = 0.3
