"""Putting a bundle together and taking one apart: manifest, certificates, signed segments, photos.

Reading goes in the order of docs/design.md §4 and stops at the first problem: limits and safe names (container) →
certificates and signatures → file hashes → schema revision → segments decoded. Nothing here touches the store.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from jiaomei_desktop.i18n import _
from jiaomei_desktop.sync.container import Container, build_zip, parse_json, signing_message
from jiaomei_desktop.sync.errors import BundleError, UntrustedKey, UpgradeRequired
from jiaomei_desktop.sync.handover import PREFIX as HANDOVER_PREFIX
from jiaomei_desktop.sync.handover import Proof
from jiaomei_desktop.sync.keys import Certificate, KeyPair, TrustStore, verify
from jiaomei_desktop.sync.segments import SegmentData, decode_segment, sign_segment, verify_segment

FORMAT = "jiaomei-bundle"
FORMAT_VERSION = 1
BUNDLE_SUFFIX = ".jmb"
SETUP_SUFFIX = ".jms"
_META_LINE = re.compile(rb'^\{"table":"([a-z_0-9]+)","columns":\[.*\],"rows":(\d+)\}$')


@dataclass
class OutSegment:
    owner_unit_id: str
    seq: int
    data: bytes
    signature: dict[str, str]

    @classmethod
    def signed(cls, owner: str, seq: int, data: bytes, key: KeyPair) -> OutSegment:
        return cls(owner, seq, data, sign_segment(data, key))

    def counts(self) -> dict[str, int]:
        return segment_counts(self.data)

    @property
    def file_stem(self) -> str:
        # owner plus a piece of the hash: a forked office's two segments can travel side by side
        return f"segments/{self.owner_unit_id}.{self.signature['sha256'][:16]}"


def segment_counts(raw: bytes) -> dict[str, int]:
    """Row counts read from the table header lines only (cheap even for a relayed 100,000-row segment)."""
    counts: dict[str, int] = {}
    for line in raw.split(b"\n"):
        if line.startswith(b'{"table"'):
            match = _META_LINE.match(line)
            if match:
                counts[match.group(1).decode()] = int(match.group(2))
    return counts


def segment_seq(raw: bytes) -> int:
    end = raw.find(b"\n")
    header = parse_json(raw[:end], "segment") if 0 < end <= 4096 else None
    seq = header.get("seq") if isinstance(header, dict) else None
    if type(seq) is not int or seq < 0:
        raise BundleError(_("数据段格式不正确。"))
    return seq


@dataclass
class PhotoFile:
    sha256: str
    meta: dict[str, object]  # mime, width, height, size_bytes
    data: bytes


@dataclass
class BundleHeader:
    bundle_id: str
    kind: str  # "bundle" or "setup"
    direction: str  # "up" (to the parent) or "down" (to the children)
    source_unit_id: str
    source_name: str
    schema_revision: str
    app_version: str
    created_at: str


def assemble(
    header: BundleHeader,
    key: KeyPair,
    segments: list[OutSegment],
    certs: list[Certificate],
    photos: list[PhotoFile],
    secret: dict[str, object] | None = None,
    proofs: Sequence[Proof] = (),
) -> bytes:
    entries: list[tuple[str, bytes]] = [("certificates.json", _json([c.as_dict() for c in certs]))]
    entries.extend((p.file_name, p.to_bytes()) for p in sorted(proofs, key=lambda p: p.file_name))
    for seg in sorted(segments, key=lambda s: s.file_stem):
        entries.append((f"{seg.file_stem}.jsonl", seg.data))
        entries.append((f"{seg.file_stem}.sig.json", _json(seg.signature)))
    entries.extend((f"photos/{p.sha256}", p.data) for p in sorted(photos, key=lambda p: p.sha256))
    if secret is not None:
        entries.append(("secret.json", _json(secret)))
    row_counts: dict[str, int] = {}
    seg_list = []
    for seg in sorted(segments, key=lambda s: s.file_stem):
        counts = seg.counts()
        for table, n in counts.items():
            row_counts[table] = row_counts.get(table, 0) + n
        seg_list.append(
            {"owner_unit_id": seg.owner_unit_id, "seq": seg.seq, "sha256": seg.signature["sha256"], "rows": counts}
        )
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        **header.__dict__,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in entries},
        "segments": seg_list,
        "row_counts": dict(sorted(row_counts.items())),
        "photos": {p.sha256: p.meta for p in sorted(photos, key=lambda p: p.sha256)},
    }
    return build_zip([("manifest.json", _json(manifest)), *entries], header.source_unit_id, key)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode()


@dataclass
class InSegment:
    """A segment whose signature checked out; decoded only when it has to be merged (a replay never is)."""

    owner_unit_id: str
    raw: bytes
    signature: dict[str, str]
    known_revisions: set[str]
    _data: SegmentData | None = None
    owner_name: str = ""  # how refusals name the owner

    @property
    def data(self) -> SegmentData:
        if self._data is None:
            segment = decode_segment(self.raw, self.owner_name or self.owner_unit_id)
            if segment.owner_unit_id != self.owner_unit_id:
                raise BundleError(
                    _("数据段 {owner} 的内容标明了另一个单位，已拒绝。").format(
                        owner=self.owner_name or self.owner_unit_id
                    )
                )
            if segment.schema_revision not in self.known_revisions:
                raise UpgradeRequired()
            self._data = segment
        return self._data

    @property
    def sha256(self) -> str:
        return self.signature["sha256"]


@dataclass
class VerifiedBundle:
    header: BundleHeader
    manifest: dict[str, object]
    certificates: list[Certificate]
    segments: list[InSegment]
    photos: list[PhotoFile]
    older_schema: bool
    secret: dict[str, object] | None = None
    proofs: list[Proof] = field(default_factory=list)


def read_manifest(container: Container) -> tuple[dict[str, object], BundleHeader]:
    manifest = container.json("manifest.json")
    try:
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BundleError(_("这不是本程序的数据包。"))
        version = manifest.get("format_version")
        if version != FORMAT_VERSION:
            newer = isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION
            raise UpgradeRequired() if newer else BundleError(_("数据包格式版本不受支持。"))
        fields = {k: manifest[k] for k in BundleHeader.__dataclass_fields__}
        if not all(isinstance(v, str) and len(v) <= 200 for v in fields.values()):
            raise BundleError(_("数据包清单不完整。"))
        header = BundleHeader(**fields)
        if not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("photos"), dict):
            raise BundleError(_("数据包清单不完整。"))
    except KeyError as exc:
        raise BundleError(_("数据包清单文件格式不正确，文件可能已损坏。")) from exc
    return manifest, header


def authenticate(container: Container, trust: TrustStore) -> list[Certificate]:
    """The trailer signature, before anything else in the bundle is parsed: a stranger's file is refused here,
    before its manifest is read or a backup is made. The one exception is certificates.json, read (under its
    limits) only when the signer is not yet known or its key was replaced: its certificates are what could make
    the signer known. Returns the bundle's certificates, offered to `trust`."""
    signer = container.signer_unit_id
    message = signing_message(container.digest)
    if _signed_by_known_key(trust, signer, message, container.signature):
        certs = read_certificates(container)
        trust.offer(certs)
        return certs
    certs = read_certificates(container)
    trust.offer(certs)
    if not verify(trust.key_for(signer), message, container.signature):
        raise UntrustedKey(
            _(
                "数据包的签名与本机记录的单位 {unit} 的密钥不符（文件被改动、签名密钥不对，或该单位的密钥"
                "已被更换），已拒绝。"
            ).format(unit=trust.name(signer))
        )
    return certs


def _signed_by_known_key(trust: TrustStore, signer: str, message: bytes, signature: str) -> bool:
    try:
        key = trust.key_for(signer)
    except UntrustedKey:
        return False
    return verify(key, message, signature)


def verify_bundle(
    container: Container,
    trust: TrustStore,
    head: str,
    known_revisions: set[str],
    setup_anchors: list[Certificate] | None = None,
) -> VerifiedBundle:
    """Signature first (authenticate), then the manifest and every file against it, all under the container's
    limits. Any malformed content is a BundleError with a Chinese message."""
    certs = authenticate(container, trust)
    manifest, header = read_manifest(container)
    if container.signer_unit_id != header.source_unit_id:
        raise UntrustedKey(_("数据包的签名单位与清单不符，已拒绝。"))
    _check_files(container, manifest)
    if header.schema_revision not in known_revisions:
        raise UpgradeRequired()
    segments = _segments(container, trust, known_revisions)
    photos = _photos(container, manifest)
    secret = container.json("secret.json") if "secret.json" in container.names() else None
    if secret is not None and not isinstance(secret, dict):
        raise BundleError(_("开通文件中的密钥已损坏。"))
    return VerifiedBundle(
        header, manifest, certs, segments, photos, header.schema_revision != head, secret, _proofs(container, trust)
    )


def _proofs(container: Container, trust: TrustStore) -> list[Proof]:
    proofs = []
    for name in sorted(n for n in container.names() if n.startswith(HANDOVER_PREFIX)):
        container.json(name)  # the limits first; Proof.from_bytes then reads the fields
        proof = Proof.from_bytes(container.read(name))
        if proof.file_name != name or not proof.valid(trust):
            raise UntrustedKey(_("移交证明 {name} 的签名不符，已拒绝整个数据包。").format(name=name))
        proofs.append(proof)
    return proofs


def read_certificates(container: Container) -> list[Certificate]:
    if "certificates.json" not in container.names():
        raise BundleError(_("数据包缺少密钥证书。"))
    items = container.json("certificates.json")
    if not isinstance(items, list):
        raise BundleError(_("数据包中的密钥证书格式不正确。"))
    return [Certificate.from_dict(item) for item in items]


def _check_files(container: Container, manifest: dict[str, object]) -> None:
    files = manifest["files"]
    assert isinstance(files, dict)
    present = set(container.names()) - {"manifest.json"}
    if present != set(files):
        raise BundleError(_("数据包内的文件与清单不符（有文件缺失或多出），已拒绝。"))
    for name in sorted(present):
        if hashlib.sha256(container.read(name)).hexdigest() != files[name]:
            raise BundleError(_("数据包内文件 {name} 的校验值不符，文件已被改动或损坏。").format(name=name))


def _segments(container: Container, trust: TrustStore, known_revisions: set[str]) -> list[InSegment]:
    result = []
    for name in sorted(n for n in container.names() if n.endswith(".jsonl")):
        owner = name.removeprefix("segments/").split(".")[0]
        sig_name = name.removesuffix(".jsonl") + ".sig.json"
        if sig_name not in container.names():
            raise BundleError(_("数据段 {owner} 缺少签名，已拒绝。").format(owner=trust.name(owner)))
        raw = container.read(name)
        signature = container.json(sig_name)
        if not isinstance(signature, dict) or not all(
            isinstance(signature.get(k), str) for k in ("sha256", "signature")
        ):
            raise BundleError(_("数据段 {owner} 的签名文件已损坏。").format(owner=trust.name(owner)))
        if not verify_segment(raw, signature, trust.key_for(owner)):
            raise UntrustedKey(
                _("单位 {owner} 的数据段签名不符：数据在传递途中被改动，或签名密钥不对。已拒绝整个数据包。").format(
                    owner=trust.name(owner)
                )
            )
        result.append(
            InSegment(
                owner,
                raw,
                {"sha256": str(signature["sha256"]), "signature": str(signature["signature"])},
                known_revisions,
                owner_name=trust.name(owner),
            )
        )
    return result


def _photos(container: Container, manifest: dict[str, object]) -> list[PhotoFile]:
    metas = manifest["photos"]
    assert isinstance(metas, dict)
    photos = []
    for name in sorted(n for n in container.names() if n.startswith("photos/")):
        sha = name.removeprefix("photos/")
        data = container.read(name)
        meta = metas.get(sha)
        if hashlib.sha256(data).hexdigest() != sha or not _photo_meta_ok(meta):
            raise BundleError(_("照片 {sha} 已损坏或缺少说明，已拒绝。").format(sha=sha[:12]))
        photos.append(PhotoFile(sha, meta, data))  # type: ignore[arg-type]
    return photos


def _photo_meta_ok(meta: object) -> bool:
    """mime a short text, width and height whole numbers of a plausible size (what the photo table holds)."""
    if not isinstance(meta, dict):
        return False
    mime, width, height = meta.get("mime", "image/jpeg"), meta.get("width", 0), meta.get("height", 0)
    sizes_ok = all(type(v) is int and 0 <= v <= 100_000 for v in (width, height))
    return isinstance(mime, str) and len(mime) <= 40 and sizes_ok
