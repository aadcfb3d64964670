"""Tests for key derivation, wrapping, recovery keys, passphrase rules and back-off."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_app import errors
from outreach_app.storage import keys
from outreach_app.storage.keys import KdfParams, KeySlot

STORE = "store-7f3a"
PASSPHRASE = "river stone 42"
NOT_OPENED = "That passphrase did not open this store. Check Caps Lock and try again."

KdfFactory = Callable[[], KdfParams]


@pytest.fixture
def slot(data_key: bytes, fast_kdf: KdfFactory) -> KeySlot:
    return keys.wrap_key(data_key, PASSPHRASE, "user:1", STORE, fast_kdf())


def flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


# --- data keys and KDF parameters -------------------------------------------------


def test_new_data_key_is_32_random_bytes() -> None:
    first, second = keys.new_data_key(), keys.new_data_key()
    assert len(first) == keys.DATA_KEY_BYTES == 32
    assert first != second


def test_default_kdf_params_meet_the_memory_floor() -> None:
    params = KdfParams.new()
    assert params.memory_kib >= 65536  # 64 MiB
    assert params.time_cost == keys.DEFAULT_TIME_COST >= 1
    assert params.parallelism == keys.DEFAULT_PARALLELISM
    assert len(params.salt) == 16
    assert KdfParams.new().salt != params.salt


def test_wrap_without_params_uses_the_defaults(data_key: bytes) -> None:
    slot = keys.wrap_key(data_key, PASSPHRASE, "user:1", STORE)
    assert slot.kdf.memory_kib >= 65536
    assert slot.kdf.time_cost == keys.DEFAULT_TIME_COST
    assert keys.unwrap_key(slot, PASSPHRASE, STORE) == data_key


@pytest.mark.parametrize(
    "changes",
    [{"memory_kib": 65535}, {"memory_kib": 8}, {"time_cost": 0}, {"parallelism": 0}],
)
def test_weak_kdf_params_are_refused(changes: dict[str, int]) -> None:
    fields = {"time_cost": 1, "memory_kib": 65536, "parallelism": 1, "salt": bytes(16)}
    with pytest.raises(errors.BugError):
        KdfParams(**(fields | changes))  # type: ignore[arg-type]


def test_kdf_params_dict_round_trip_is_json_able(fast_kdf: KdfFactory) -> None:
    params = fast_kdf()
    text = json.dumps(params.to_dict())
    assert KdfParams.from_dict(json.loads(text)) == params


def test_kdf_params_weakened_on_disk_are_refused(fast_kdf: KdfFactory) -> None:
    data = fast_kdf().to_dict() | {"memory_kib": 1024}
    with pytest.raises(errors.StoreCorrupt):
        KdfParams.from_dict(data)


def test_derive_kek_is_deterministic_and_salted(fast_kdf: KdfFactory) -> None:
    params, other = fast_kdf(), fast_kdf()
    kek = keys.derive_kek(PASSPHRASE, params)
    assert len(kek) == 32
    assert keys.derive_kek(PASSPHRASE, params) == kek
    assert keys.derive_kek(PASSPHRASE, other) != kek
    assert keys.derive_kek(PASSPHRASE + "!", params) != kek


def test_derive_kek_normalises_unicode(fast_kdf: KdfFactory) -> None:
    params = fast_kdf()
    composed, decomposed = "caf\u00e9 latte 9", "cafe\u0301 latte 9"
    assert keys.derive_kek(composed, params) == keys.derive_kek(decomposed, params)


# --- wrapping ---------------------------------------------------------------------


def test_wrap_unwrap_round_trip(slot: KeySlot, data_key: bytes) -> None:
    assert slot.slot_id == "user:1"
    assert data_key not in slot.ciphertext
    assert keys.unwrap_key(slot, PASSPHRASE, STORE) == data_key


def test_wrong_passphrase_is_reported_plainly(slot: KeySlot) -> None:
    with pytest.raises(errors.WrongPassphrase) as caught:
        keys.unwrap_key(slot, "river stone 43", STORE)
    assert caught.value.message == NOT_OPENED
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_slot_moved_to_another_slot_id_does_not_open(slot: KeySlot) -> None:
    moved = dataclasses.replace(slot, slot_id="user:2")
    with pytest.raises(errors.WrongPassphrase):
        keys.unwrap_key(moved, PASSPHRASE, STORE)


def test_slot_moved_to_another_store_does_not_open(slot: KeySlot) -> None:
    with pytest.raises(errors.WrongPassphrase):
        keys.unwrap_key(slot, PASSPHRASE, "store-other")


@pytest.mark.parametrize("field", ["ciphertext", "nonce"])
@pytest.mark.parametrize("index", [0, -1])
def test_tampered_slot_does_not_open(slot: KeySlot, field: str, index: int) -> None:
    if field == "nonce":
        tampered = dataclasses.replace(slot, nonce=flip(slot.nonce, index % len(slot.nonce)))
    else:
        ciphertext = flip(slot.ciphertext, index % len(slot.ciphertext))
        tampered = dataclasses.replace(slot, ciphertext=ciphertext)
    with pytest.raises(errors.WrongPassphrase):
        keys.unwrap_key(tampered, PASSPHRASE, STORE)


def test_tampered_salt_does_not_open(slot: KeySlot) -> None:
    kdf = dataclasses.replace(slot.kdf, salt=flip(slot.kdf.salt, 3))
    with pytest.raises(errors.WrongPassphrase):
        keys.unwrap_key(dataclasses.replace(slot, kdf=kdf), PASSPHRASE, STORE)


def test_wrap_refuses_bad_keys_and_ids(data_key: bytes, fast_kdf: KdfFactory) -> None:
    with pytest.raises(errors.BugError):
        keys.wrap_key(data_key[:16], PASSPHRASE, "user:1", STORE, fast_kdf())
    with pytest.raises(errors.BugError):
        keys.wrap_key(data_key, PASSPHRASE, "user/1", STORE, fast_kdf())
    with pytest.raises(errors.BugError):
        keys.wrap_key(data_key, PASSPHRASE, "user:1", "store:1", fast_kdf())


def test_slot_json_round_trip(slot: KeySlot, data_key: bytes) -> None:
    text = slot.to_json()
    assert PASSPHRASE not in text
    assert data_key.hex() not in text
    restored = KeySlot.from_json(text)
    assert restored == slot
    assert keys.unwrap_key(restored, PASSPHRASE, STORE) == data_key


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: "not json",
        lambda d: json.dumps(d | {"format": 99}),
        lambda d: json.dumps(d | {"nonce": "AAAA"}),
        lambda d: json.dumps(d | {"ciphertext": "!!not base64!!"}),
        lambda d: json.dumps({k: v for k, v in d.items() if k != "kdf"}),
        lambda d: json.dumps(d | {"slot_id": 7}),
    ],
)
def test_damaged_slot_json_is_store_corrupt(
    slot: KeySlot, damage: Callable[[dict[str, object]], str]
) -> None:
    with pytest.raises(errors.StoreCorrupt):
        KeySlot.from_json(damage(slot.to_dict()))


# --- recovery keys ----------------------------------------------------------------

RECOVERY_SHAPE = re.compile(r"([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}")


def test_recovery_key_shape_and_strength() -> None:
    key = keys.new_recovery_key()
    assert RECOVERY_SHAPE.fullmatch(key), key
    assert len(set(keys.RECOVERY_ALPHABET)) == 32  # 5 bits a character
    assert not set("ILOU") & set(keys.RECOVERY_ALPHABET)
    assert keys.RECOVERY_KEY_CHARS * 5 >= 160
    assert len({keys.new_recovery_key() for _ in range(50)}) == 50


def test_normalize_recovery_key_round_trip() -> None:
    key = keys.new_recovery_key()
    assert keys.normalize_recovery_key(key) == key
    sloppy = " " + key.lower().replace("-", " ") + "\n"
    assert keys.normalize_recovery_key(sloppy) == key
    assert keys.normalize_recovery_key(key.replace("-", "")) == key


def test_normalize_maps_look_alike_letters() -> None:
    key = "0011-ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345"
    assert keys.normalize_recovery_key("oOiL-abcd-efgh-jkmn-pqrs-tvwx-yzOI-2345") == key


@settings(database=None, max_examples=60)
@given(
    chars=st.lists(st.sampled_from(keys.RECOVERY_ALPHABET), min_size=32, max_size=32),
    separators=st.lists(st.sampled_from(["", "-", " ", "  ", "\t"]), min_size=32, max_size=32),
    lower=st.lists(st.booleans(), min_size=32, max_size=32),
)
def test_normalize_ignores_case_and_separators(
    chars: list[str], separators: list[str], lower: list[bool]
) -> None:
    canonical = "-".join("".join(chars[i : i + 4]) for i in range(0, 32, 4))
    typed = "".join(
        (c.lower() if low else c) + sep
        for c, sep, low in zip(chars, separators, lower, strict=True)
    )
    assert keys.normalize_recovery_key(typed) == canonical


@pytest.mark.parametrize(
    "text", ["", "ABCD-EFGH", "0011-ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6", "UUUU-" * 7 + "UUUU"]
)
def test_not_a_recovery_key(text: str) -> None:
    with pytest.raises(errors.InvalidInput) as caught:
        keys.normalize_recovery_key(text)
    assert "32 letters and digits" in caught.value.message
    assert caught.value.messages[0][0] == "recovery_key"
    if text:
        assert text not in caught.value.message


def test_recovery_slot_opens_with_the_key_however_typed(
    data_key: bytes, fast_kdf: KdfFactory
) -> None:
    key = keys.new_recovery_key()
    slot = keys.wrap_key(data_key, key, keys.RECOVERY_SLOT_ID, STORE, fast_kdf())
    typed = key.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert keys.unwrap_key(slot, typed, STORE) == data_key
    other = keys.new_recovery_key()
    with pytest.raises(errors.WrongPassphrase, match="recovery key did not open"):
        keys.unwrap_key(slot, other, STORE)


# --- passphrase rules -------------------------------------------------------------


def weakness(passphrase: str, user_name: str = "mjones") -> str:
    with pytest.raises(errors.WeakPassphrase) as caught:
        keys.check_passphrase(passphrase, user_name)
    return caught.value.message


def test_good_passphrases_pass() -> None:
    keys.check_passphrase("river stone 42", "mjones")
    keys.check_passphrase("Tr41lhead", "al")  # a 2-letter name only has to not be all of it
    keys.check_passphrase("abcdefg1", "")


def test_passphrase_needs_eight_characters() -> None:
    assert "at least 8 characters" in weakness("ab3defg")
    keys.check_passphrase("ab3defgh", "mjones")


def test_passphrase_needs_a_letter() -> None:
    message = weakness("12345678")
    assert "one letter" in message
    assert "digit" not in message


def test_passphrase_needs_a_digit() -> None:
    message = weakness("abcdefgh")
    assert "one digit" in message
    assert "letter" not in message


@pytest.mark.parametrize("passphrase", ["MJones2024!", "xx mjONES 77", "2024senojm"])
def test_passphrase_must_not_contain_the_user_name(passphrase: str) -> None:
    assert "user name" in weakness(passphrase, "MJones")


def test_short_user_name_must_not_be_the_whole_passphrase() -> None:
    assert "user name" in weakness("a1", "a1")


def test_passphrase_must_not_repeat_one_character() -> None:
    assert "repeat" in weakness("zzzzzzzzzzzz")
    assert "repeat" not in weakness("zzzzzzzzzzzy")


def test_all_failing_rules_are_named_at_once() -> None:
    message = weakness("jones", "jones")
    for part in ("at least 8 characters", "one digit", "user name"):
        assert part in message
    assert "jones" not in message.lower().replace("user name", "")


# --- back-off ---------------------------------------------------------------------


def test_unlock_delay_is_free_then_doubles_then_caps() -> None:
    delays = [keys.unlock_delay(n) for n in range(14)]
    assert delays[:3] == [0.0, 0.0, 0.0]
    assert delays[3:10] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]
    assert delays[11] == 256.0
    assert delays[12] == delays[13] == 300.0
    assert delays == sorted(delays)
    assert keys.unlock_delay(10**9) == 300.0


def test_unlock_delay_rejects_negative_counts() -> None:
    with pytest.raises(errors.BugError):
        keys.unlock_delay(-1)
