"""Office keys and the certificates that chain them to the group's root key.

A certificate says "unit U, at path P in the tree, has public key K (serial N)", signed by the issuer: the unit's
parent office (or the unit itself for a root, pinned at setup). A certificate is accepted only when its issuer is
already trusted and lies above U in the receiving store's own org tree, and P is where that tree has U (a unit new
to the receiver: where its nearest known ancestor agrees), so an office can vouch only for units below it, whatever
path the certificate claims. A certificate for anything else (the issuer's parent, a sibling, a cousin) refuses the
whole bundle and names the issuer. A key that merely arrives inside a bundle is never trusted by itself.

A lost or replaced PC: the parent revokes the key with a certificate without a key (a *revocation*, next serial),
then provisions the unit again (a certificate with the serial after that). A new key for a unit whose key was not
revoked is refused, so no office can silently take over another's identity; a revoked key signs nothing any more.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
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


REVOKED = ""  # the public key of a revocation: a certificate saying the unit's earlier keys no longer count


def fingerprint(public_b64: str) -> str:
    """What people compare by eye or over the phone: 8 groups of 4 hex digits of the key's SHA-256."""
    if public_b64 == REVOKED:
        return _("（已吊销）")
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

    @property
    def revokes(self) -> bool:
        return self.public_key == REVOKED and not self.self_signed

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
    them, judged against `tree` (unit -> path in the receiving store's org tree; None only for a new installation
    reading its setup file, which has no tree yet and checks the chain by the paths it claims). `accepted` lists the
    new current certificates to record when the import commits, `accepted_revocations` the revocations."""

    def __init__(self, trusted: dict[str, Certificate], tree: dict[str, str] | None = None,
                 names: dict[str, str] | None = None, revocations: list[Certificate] | None = None,
                 view: Callable[[], tuple[dict[str, str], dict[str, str]]] | None = None) -> None:
        self.trusted = dict(trusted)
        self._tree, self._names = tree, names or {}
        self._view = view  # reads (tree, names) when first needed: most bundles bring no certificate to judge
        self.revocations = {(c.unit_id, c.serial): c for c in revocations or []}
        self.accepted: list[Certificate] = []
        self.accepted_revocations: list[Certificate] = []
        self.revoked_offered: dict[str, Certificate] = {}  # unit -> a revoked key's certificate a bundle presented

    def _read_view(self) -> None:
        if self._view is not None:
            self._tree, self._names = self._view()
            self._view = None

    @property
    def tree(self) -> dict[str, str] | None:
        self._read_view()
        return self._tree

    @property
    def names(self) -> dict[str, str]:
        self._read_view()
        return self._names

    def name(self, unit_id: str) -> str:
        return self.names.get(unit_id) or _("单位 {id}").format(id=unit_id[:8])

    def key_for(self, unit_id: str) -> str:
        cert = self.trusted.get(unit_id)
        if cert is None:
            raise UntrustedKey(_("不认识单位 {unit} 的密钥：该单位尚未由上级单位开通，或证书未随数据包送达。").format(
                unit=self.name(unit_id)))
        revoked = cert if cert.revokes else self._revocation_of(self.revoked_offered.get(unit_id))
        if revoked is not None:
            # The unit's key is revoked, or the bundle speaks with a key revoked since: the old PC, or a thief.
            raise UntrustedKey(_("“{unit}”的密钥已由“{issuer}”吊销（电脑丢失或更换），此后用它签名的数据一律拒绝。"
                                 "请在重新开通后的电脑上导出。").format(unit=self.name(unit_id),
                                                                       issuer=self.name(revoked.issuer_unit_id)))
        return cert.public_key

    def _revocation_of(self, old: Certificate | None) -> Certificate | None:
        if old is None:
            return None
        later = [r for (u, serial), r in self.revocations.items() if u == old.unit_id and serial > old.serial]
        return min(later, key=lambda r: r.serial) if later else None

    def path_of(self, unit_id: str) -> str | None:
        cert = self.trusted.get(unit_id)
        return cert.unit_path if cert else None

    def offer(self, certificates: list[Certificate]) -> None:
        """Accept every offered certificate that chains to a trusted one; repeat until nothing more is accepted
        (a bundle lists a committee's and its branches' certificates, and revocations, in any order). A forged
        certificate, or a new key for a unit whose key was not revoked, refuses the whole bundle."""
        pending = list(certificates)
        progress = True
        while pending and progress:
            progress = False
            for cert in list(pending):
                verdict = self._judge(cert)
                if verdict is None:
                    continue
                pending.remove(cert)
                progress = True
                if verdict:
                    self.trusted[cert.unit_id] = cert
                    self.accepted.append(cert)
        for cert in pending:
            current, issuer = self.trusted.get(cert.unit_id), self.trusted.get(cert.issuer_unit_id)
            if issuer is not None and not issuer.revokes and current is not None and not current.revokes:
                raise UntrustedKey(_("“{issuer}”为“{unit}”签发了新的密钥，但没有先吊销其旧密钥，已拒绝整个数据包。"
                                     "更换密钥须由上级单位先吊销旧密钥再重新开通。").format(
                    issuer=self.name(cert.issuer_unit_id), unit=self.name(cert.unit_id)))

    def _judge(self, cert: Certificate) -> bool | None:
        """True: the unit's new current certificate; False: nothing to change (known, older, a root from a bundle);
        None: wait (issuer not trusted yet, or a new key waiting for the revocation of the old one)."""
        current = self.trusted.get(cert.unit_id)
        if current == cert or cert.self_signed:
            return False  # a root is trusted only as an anchor recorded at setup, never from a bundle
        known_revocation = cert.revokes and (cert.unit_id, cert.serial) in self.revocations
        if current is not None and current.serial >= cert.serial and (not cert.revokes or known_revocation):
            if not cert.revokes and cert.public_key != current.public_key and self._revocation_of(cert):
                self.revoked_offered[cert.unit_id] = cert  # remembered to say why its signatures are refused
            return False
        issuer = self.trusted.get(cert.issuer_unit_id)
        if issuer is None or issuer.revokes:
            return None
        if cert.revokes and self.tree is not None and cert.unit_id not in self.tree and not self._agrees(cert.unit_path):
            return False  # a revocation for a unit our tree does not hold cannot concern us
        self._check_place(cert)
        if not verify(issuer.public_key, cert.message(), cert.signature):
            raise UntrustedKey(_("“{issuer}”为“{unit}”签发的密钥证书签名不符，已拒绝整个数据包。").format(
                issuer=self.name(cert.issuer_unit_id), unit=self.name(cert.unit_id)))
        if cert.revokes:
            self.revocations[(cert.unit_id, cert.serial)] = cert
            self.accepted_revocations.append(cert)
            return current is None or current.serial < cert.serial
        if current is not None and not current.revokes:
            return None  # a replacement key counts only once the old one is revoked
        return True

    def _check_place(self, cert: Certificate) -> None:
        """The issuer lies above the certified unit in our tree, and the certificate names the unit's place there."""
        claimed = cert.unit_path
        issuer_path = self.tree.get(cert.issuer_unit_id) if self.tree is not None else self.path_of(cert.issuer_unit_id)
        if self.tree is None:
            where: str | None = claimed
        else:
            where = self.tree.get(cert.unit_id)
            if where is None and self._agrees(claimed):
                where = claimed  # a unit this very bundle brings into our tree, where our tree leads to it
        shaped = claimed.endswith(f"/{cert.unit_id}/")
        below = issuer_path is not None and where == claimed and claimed.startswith(issuer_path) and claimed != issuer_path
        if not (shaped and below):
            raise UntrustedKey(_("“{issuer}”为“{unit}”签发了密钥证书，但“{unit}”不是它的下级单位（只有上级单位才能为"
                                 "本机组织机构中其下的单位签发证书），已拒绝整个数据包。").format(
                issuer=self.name(cert.issuer_unit_id), unit=self.name(cert.unit_id)))

    def _agrees(self, claimed: str) -> bool:
        """The nearest ancestor on the claimed path that our tree knows sits exactly where the path says."""
        assert self.tree is not None
        parts = claimed.strip("/").split("/")
        for i in range(len(parts) - 2, -1, -1):
            known = self.tree.get(parts[i])
            if known is not None:
                return known == "/" + "/".join(parts[:i + 1]) + "/"
        return False

    def chain(self, unit_id: str) -> list[Certificate]:
        """The certificates from the root down to `unit_id`, each unit's revocations before its current one, for a
        bundle to carry."""
        result: list[Certificate] = []
        cert = self.trusted.get(unit_id)
        while cert is not None and cert not in result:
            result.append(cert)
            result.extend(r for (u, _s), r in sorted(self.revocations.items(), reverse=True)
                          if u == cert.unit_id and r != cert)
            if cert.self_signed:
                break
            cert = self.trusted.get(cert.issuer_unit_id)
        return list(reversed(result))
