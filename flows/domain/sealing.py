"""Phone numbers that must be kept to answer (an SMS not yet handled, a reply not yet sent),
sealed with the phone key so that no number is ever in clear on disk.

HMAC-SHA256 in counter mode as the keystream, a fresh random nonce per seal, an HMAC tag over
nonce and ciphertext: the standard library has no block cipher, and this is a PRF-based
stream cipher with encrypt-then-MAC."""

from __future__ import annotations

import hashlib
import hmac
import secrets

NONCE_BYTES = 16


class SealError(ValueError):
    """A sealed value that was not sealed with this key, or was altered."""


def _subkey(key: bytes, purpose: str) -> bytes:
    return hmac.new(key, f"seal:{purpose}".encode(), hashlib.sha256).digest()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (hmac.new(key, nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest()
              for counter in range(-(-length // 32)))
    return b"".join(blocks)[:length]


def seal(key: bytes, value: str) -> str:
    """`value` encrypted and authenticated, as hex: nonce, ciphertext, tag."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    plain = value.encode()
    cipher = bytes(a ^ b for a, b in zip(plain, _keystream(_subkey(key, "enc"), nonce,
                                                            len(plain)), strict=True))
    tag = hmac.new(_subkey(key, "mac"), nonce + cipher, hashlib.sha256).digest()
    return f"{nonce.hex()}.{cipher.hex()}.{tag.hex()}"


def unseal(key: bytes, sealed: str) -> str:
    """The value `seal` was given; SealError if the key differs or the text was altered."""
    try:
        nonce, cipher, tag = (bytes.fromhex(part) for part in sealed.split("."))
    except ValueError:
        raise SealError("not a sealed value") from None
    expected = hmac.new(_subkey(key, "mac"), nonce + cipher, hashlib.sha256).digest()
    if not hmac.compare_digest(tag, expected):
        raise SealError("sealed with another key, or altered")
    stream = _keystream(_subkey(key, "enc"), nonce, len(cipher))
    return bytes(a ^ b for a, b in zip(cipher, stream, strict=True)).decode()
