"""Encrypted local storage: SQLCipher database, key slots, migrations."""
