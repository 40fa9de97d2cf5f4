"""Office keys and the certificates that chain them to the group's root key.

A certificate says "unit U, at path P in the tree, has public key K (serial N)", signed by the issuer: the unit's
parent office (or the unit itself for a root). A certificate is accepted only when its issuer is already trusted and
the issuer's path is a proper prefix of U's path, so an office can vouch only for units below it; a higher serial
from the same issuer line replaces a lost key. A key that merely arrives inside a bundle is never trusted by itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from jiaomei_desktop.i18n import _
from jiaomei_desktop.sync.errors import UntrustedKey


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class KeyPair:
    private_raw: bytes

    @classmethod
    def generate(cls) -> KeyPair:
        raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return cls(raw)

    @property
    def _key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.private_raw)

    @property
    def public_b64(self) -> str:
        return b64(self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))

    def sign(self, message: bytes) -> str:
        return b64(self._key.sign(message))


def verify(public_b64: str, message: bytes, signature_b64: str) -> bool:
    try:
        signature = unb64(signature_b64)
        if b64(signature) != signature_b64:
            return False  # only the canonical spelling: no two texts stand for the same signature
        Ed25519PublicKey.from_public_bytes(unb64(public_b64)).verify(signature, message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def fingerprint(public_b64: str) -> str:
    """What people compare by eye or over the phone: 8 groups of 4 hex digits of the key's SHA-256."""
    digest = hashlib.sha256(unb64(public_b64)).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


@dataclass(frozen=True)
class Certificate:
    unit_id: str
    unit_path: str
    public_key: str
    issuer_unit_id: str
    serial: int
    signature: str = ""

    def message(self) -> bytes:
        body = {"unit_id": self.unit_id, "unit_path": self.unit_path, "public_key": self.public_key,
                "issuer_unit_id": self.issuer_unit_id, "serial": self.serial}
        return b"jiaomei-cert-v1\n" + json.dumps(body, sort_keys=True, ensure_ascii=False).encode()

    def signed_by(self, issuer: KeyPair) -> Certificate:
        return Certificate(self.unit_id, self.unit_path, self.public_key, self.issuer_unit_id, self.serial,
                           issuer.sign(self.message()))

    @property
    def self_signed(self) -> bool:
        return self.issuer_unit_id == self.unit_id

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> Certificate:
        if not isinstance(data, dict):
            raise UntrustedKey(_("数据包中的密钥证书格式不正确。"))
        try:
            cert = cls(str(data["unit_id"]), str(data["unit_path"]), str(data["public_key"]),
                       str(data["issuer_unit_id"]), int(data["serial"]), str(data["signature"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise UntrustedKey(_("数据包中的密钥证书格式不正确。")) from exc
        return cert


class TrustStore:
    """The certificates an import may rely on: those recorded in the store plus any a bundle brings that chain to
    them. `accepted` lists the new ones to record when the import commits."""

    def __init__(self, trusted: dict[str, Certificate]) -> None:
        self.trusted = dict(trusted)
        self.accepted: list[Certificate] = []

    def key_for(self, unit_id: str) -> str:
        cert = self.trusted.get(unit_id)
        if cert is None:
            raise UntrustedKey(_("不认识单位 {unit} 的密钥：该单位尚未由上级单位开通，或证书未随数据包送达。").format(
                unit=unit_id))
        return cert.public_key

    def path_of(self, unit_id: str) -> str | None:
        cert = self.trusted.get(unit_id)
        return cert.unit_path if cert else None

    def offer(self, certificates: list[Certificate]) -> None:
        """Accept every offered certificate that chains to a trusted one; repeat until nothing more is accepted
        (a bundle lists a committee's and its branches' certificates in any order)."""
        pending = list(certificates)
        progress = True
        while pending and progress:
            progress = False
            for cert in list(pending):
                verdict = self._judge(cert)
                if verdict is None:
                    continue
                pending.remove(cert)
                if verdict:
                    self.trusted[cert.unit_id] = cert
                    self.accepted.append(cert)
                    progress = True

    def _judge(self, cert: Certificate) -> bool | None:
        """True: accept; False: drop (already known, older, or invalid); None: issuer not trusted yet."""
        current = self.trusted.get(cert.unit_id)
        if current == cert or (current is not None and current.serial >= cert.serial):
            return False
        if cert.self_signed:
            return False  # a root is trusted only as an anchor recorded at setup, never from a bundle
        issuer = self.trusted.get(cert.issuer_unit_id)
        if issuer is None:
            return None
        inside = cert.unit_path.startswith(issuer.unit_path) and cert.unit_path != issuer.unit_path
        shaped = cert.unit_path.endswith(f"/{cert.unit_id}/")
        return inside and shaped and verify(issuer.public_key, cert.message(), cert.signature)

    def chain(self, unit_id: str) -> list[Certificate]:
        """The certificates from the root down to `unit_id`, for a bundle to carry."""
        result: list[Certificate] = []
        cert = self.trusted.get(unit_id)
        while cert is not None and cert not in result:
            result.append(cert)
            if cert.self_signed:
                break
            cert = self.trusted.get(cert.issuer_unit_id)
        return list(reversed(result))
