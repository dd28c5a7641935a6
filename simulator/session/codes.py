"""Identifiers and credentials: session ids, join codes, facilitator secrets, participant ids.

Everything comes from `secrets`. Join codes use an alphabet without look-alikes (no 0/O, 1/I/L)
because people read them aloud and type them. The facilitator secret is stored only as its
SHA-256: it is 196 random bits, so a fast hash is enough, and comparisons are constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string

JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def _pick(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def new_session_id() -> str:
    return _pick(_ID_ALPHABET, 10)


def new_participant_id() -> str:
    """A participant's id is also what lets them act: unguessable, like a session cookie."""
    return "p-" + secrets.token_urlsafe(12)


def new_join_code() -> str:
    return _pick(JOIN_ALPHABET, JOIN_CODE_LENGTH)


def normalise_code(text: str) -> str:
    """Codes are case-insensitive; spaces and dashes people add while copying are ignored."""
    return "".join(ch for ch in text.upper() if ch not in " -\t")


def code_matches(given: str, stored: str) -> bool:
    return hmac.compare_digest(normalise_code(given).encode(), stored.encode())


_SECRET_ALPHABET = string.ascii_letters + string.digits


def new_secret() -> str:
    """33 letters and digits (196 bits). No '-' or '_': a secret that began with a dash would be
    read as an option by command lines, and one with punctuation is awkward to double-click."""
    return _pick(_SECRET_ALPHABET, 33)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def secret_matches(given: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(given).encode(), stored_hash.encode())
