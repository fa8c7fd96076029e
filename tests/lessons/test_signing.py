"""Publisher signatures: keygen, sign, verify, tampering, the trust list, and the install rules."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest

from edu_app import pack_library, paths, trust
from edu_app.cli import main
from lessons.files import read_pack_files
from lessons.signing import SIGNATURE_FILE, SignatureStatus, check_signature, fingerprint
from tests.lessons.conftest import FIXTURES, LESSON_EN, write_folder

BUILTIN_PUBLISHER = "Invest Quest"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data dir, and a built-in packs folder with one pack published by Invest Quest."""
    monkeypatch.setenv("EDU_APP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(paths, "_data_dir_override", None)
    builtin = tmp_path / "builtin"
    files = {p.relative_to(FIXTURES / "tiny-pack").as_posix(): p.read_bytes() for p in (FIXTURES / "tiny-pack").rglob("*") if p.is_file()}
    files["pack.yaml"] = files["pack.yaml"].replace(b"publisher: Invest Quest tests", f"publisher: {BUILTIN_PUBLISHER}".encode())
    write_folder(builtin / "tiny-pack", files)
    monkeypatch.setattr(pack_library, "builtin_packs_dir", lambda: builtin)
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def build(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, version: str = "0.1.0", publisher: str = "Your organisation") -> Path:
    """A starter pack with id ``starter`` built into ``name``.zip."""
    folder = tmp_path / f"src-{name}"
    assert run(capsys, "pack", "new", str(folder), "--id", "starter")[0] == 0
    manifest = folder / "pack.yaml"
    text = manifest.read_text(encoding="utf-8").replace("version: 0.1.0", f"version: {version}")
    manifest.write_text(text.replace("publisher: Your organisation", f"publisher: {publisher}"), encoding="utf-8")
    target = tmp_path / f"{name}.zip"
    assert run(capsys, "pack", "build", str(folder), "-o", str(target))[0] == 0
    return target


def keygen(capsys: pytest.CaptureFixture[str], folder: Path, publisher: str) -> tuple[Path, Path]:
    code, out, err = run(capsys, "pack", "keygen", "-o", str(folder), "--publisher", publisher)
    assert code == 0, err
    private = folder / "publisher.key"
    assert "PRIVATE KEY" not in out + err and private.read_text() not in out + err
    return private, folder / "publisher.pub"


def rewrite_zip(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    change(entries)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def test_keygen_writes_a_private_key_only_its_owner_can_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private, public = keygen(capsys, tmp_path / "keys", "Exchange Education Centre")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert public.read_text().startswith("invest-quest-ed25519 ") and public.read_text().strip().endswith("Exchange Education Centre")
    # Never overwritten: a second keygen into the same folder is refused.
    code, _, err = run(capsys, "pack", "keygen", "-o", str(tmp_path / "keys"), "--publisher", "Other")
    assert code == 2 and "already exists" in err


def test_sign_verify_and_trust(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private, public = keygen(capsys, tmp_path / "keys", "Exchange Education Centre")
    pack = build(capsys, tmp_path, "p")
    code, out, _ = run(capsys, "pack", "verify", str(pack))
    assert code == 1 and "not signed" in out

    code, out, _ = run(capsys, "pack", "sign", str(pack), "--key", str(private), "--publisher", "Exchange Education Centre")
    assert code == 0, out
    with zipfile.ZipFile(pack) as archive:
        assert SIGNATURE_FILE in archive.namelist()
    code, out, _ = run(capsys, "pack", "verify", str(pack))
    assert code == 1 and "unknown key" in out

    assert run(capsys, "trust", "add", str(public))[0] == 0
    code, out, _ = run(capsys, "pack", "verify", str(pack))
    raw = trust.trusted_keys()[0].public_key
    assert code == 0
    assert "publisher: Exchange Education Centre" in out and f"fingerprint: {fingerprint(raw)}" in out

    code, out, _ = run(capsys, "trust", "list")
    assert code == 0 and fingerprint(raw) in out and "Exchange Education Centre" in out
    assert run(capsys, "trust", "remove", fingerprint(raw)[:9])[0] == 0
    assert run(capsys, "pack", "verify", str(pack))[0] == 1


def test_a_signature_survives_unzipping_and_rezipping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private, _ = keygen(capsys, tmp_path / "keys", "ACME")
    pack = build(capsys, tmp_path, "p")
    assert run(capsys, "pack", "sign", str(pack), "--key", str(private))[0] == 0
    # Another tool re-zips it inside a top-level folder, with other timestamps and compression.
    rewrite_zip(pack, lambda entries: entries.update({f"starter/{k}": entries.pop(k) for k in list(entries)}))
    check = check_signature(read_pack_files(pack).files)
    # Signed as the name given to keygen (publisher.pub beside the key), not the manifest's.
    assert check.status is SignatureStatus.VALID and check.publisher == "ACME"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda e: e.update({LESSON_EN: e[LESSON_EN][:-2] + bytes([e[LESSON_EN][-2] ^ 1]) + e[LESSON_EN][-1:]}), f"{LESSON_EN} modified"),
        (lambda e: e.update({"README.md": b"extra"}), "README.md added"),
        (lambda e: e.pop("media/example.png"), "media/example.png removed"),
    ],
)
def test_tampering_is_named_and_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], change, reason: str) -> None:  # type: ignore[no-untyped-def]
    private, public = keygen(capsys, tmp_path / "keys", "ACME")
    pack = build(capsys, tmp_path, "p")
    assert run(capsys, "pack", "sign", str(pack), "--key", str(private))[0] == 0
    assert run(capsys, "trust", "add", str(public))[0] == 0
    if "media/example.png" in reason:
        # Removing the image also breaks the lesson; drop the reference so only the signature fails.
        def change_both(entries):  # type: ignore[no-untyped-def]
            change(entries)
            entries[LESSON_EN] = entries[LESSON_EN].replace(b"![A placeholder picture: put your own images in media/](media/example.png)", b"")
            entries["lessons/guaranteed-returns/zh-CN.md"] = entries["lessons/guaranteed-returns/zh-CN.md"].replace(
                "![示例图片：请把你自己的图片放进 media/](media/example.png)".encode(), b""
            )
        rewrite_zip(pack, change_both)
    else:
        rewrite_zip(pack, change)
    code, out, _ = run(capsys, "pack", "verify", str(pack))
    assert code == 1 and "content changed" in out and reason in out
    code, out, err = run(capsys, "pack", "install", str(pack))
    assert code == 1 and "content changed" in err and reason in err and "nothing was installed" in err
    assert pack_library.list_packs()[-1].id != "starter"


def test_a_changed_publisher_name_breaks_the_signature(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private, _ = keygen(capsys, tmp_path / "keys", "ACME")
    pack = build(capsys, tmp_path, "p")
    assert run(capsys, "pack", "sign", str(pack), "--key", str(private), "--publisher", "ACME")[0] == 0

    def rename(entries):  # type: ignore[no-untyped-def]
        document = json.loads(entries[SIGNATURE_FILE])
        document["publisher"] = "Invest Quest"
        entries[SIGNATURE_FILE] = json.dumps(document).encode()

    rewrite_zip(pack, rename)
    code, out, _ = run(capsys, "pack", "verify", str(pack))
    assert code == 1 and "signature does not match" in out
    assert run(capsys, "pack", "install", str(pack))[0] == 1


def test_replacing_a_signed_pack_needs_the_same_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first_key, _ = keygen(capsys, tmp_path / "first", "ACME")
    other_key, _ = keygen(capsys, tmp_path / "other", "ACME")
    original = build(capsys, tmp_path, "v1", "1.0.0")
    assert run(capsys, "pack", "sign", str(original), "--key", str(first_key))[0] == 0
    assert run(capsys, "pack", "install", str(original))[0] == 0

    same_version = build(capsys, tmp_path, "v1-other", "1.0.0")
    assert run(capsys, "pack", "sign", str(same_version), "--key", str(other_key))[0] == 0
    code, _, err = run(capsys, "pack", "install", str(same_version))
    assert code == 1 and "cannot replace it" in err and "signed with the same key" in err

    unsigned = build(capsys, tmp_path, "v2-unsigned", "2.0.0")
    code, _, err = run(capsys, "pack", "install", str(unsigned))
    assert code == 1 and "this version is unsigned" in err

    newer = build(capsys, tmp_path, "v2", "2.0.0")
    assert run(capsys, "pack", "sign", str(newer), "--key", str(first_key))[0] == 0
    assert run(capsys, "pack", "install", str(newer))[0] == 0
    installed = pack_library.find_pack("starter")
    assert installed is not None and installed.version == "2.0.0"
    # The installed folder keeps the signature, so the Library can still check it.
    assert check_signature(read_pack_files(installed.path).files).status is SignatureStatus.VALID


def test_library_trust_badges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private, public = keygen(capsys, tmp_path / "keys", "ACME")
    builtin = pack_library.find_pack("tiny-pack")
    assert builtin is not None and pack_library.pack_trust(builtin).kind == "builtin"

    # Unsigned, claiming the built-in packs' publisher: unverified, and the claim is flagged.
    impostor = build(capsys, tmp_path, "impostor", publisher=BUILTIN_PUBLISHER)
    assert run(capsys, "pack", "install", str(impostor))[0] == 0
    verdict = pack_library.pack_trust(pack_library.find_pack("starter"))  # type: ignore[arg-type]
    assert verdict.kind == "unverified" and verdict.impersonation == BUILTIN_PUBLISHER
    assert run(capsys, "pack", "remove", "starter")[0] == 0

    # Signed by a key nobody trusts: unverified, the fingerprint is known.
    signed = build(capsys, tmp_path, "signed", publisher="ACME")
    assert run(capsys, "pack", "sign", str(signed), "--key", str(private))[0] == 0
    assert run(capsys, "pack", "install", str(signed))[0] == 0
    verdict = pack_library.pack_trust(pack_library.find_pack("starter"))  # type: ignore[arg-type]
    assert verdict.kind == "unverified" and verdict.fingerprint and verdict.impersonation is None

    # Once the key is trusted: verified publisher, under the name in the trust list.
    assert run(capsys, "trust", "add", str(public), "--name", "ACME Exchange")[0] == 0
    verdict = pack_library.pack_trust(pack_library.find_pack("starter"))  # type: ignore[arg-type]
    assert verdict.kind == "verified" and verdict.publisher == "ACME Exchange"
    assert verdict.fingerprint == trust.trusted_keys()[0].fingerprint

    # An unsigned pack claiming a trusted publisher's name is flagged too (case and spaces aside).
    look_alike = build(capsys, tmp_path, "look-alike", publisher="acme  exchange")
    rewrite_zip(look_alike, lambda e: e.update({"pack.yaml": e["pack.yaml"].replace(b"id: starter", b"id: look-alike")}))
    assert run(capsys, "pack", "install", str(look_alike))[0] == 0
    verdict = pack_library.pack_trust(pack_library.find_pack("look-alike"))  # type: ignore[arg-type]
    assert verdict.kind == "unverified" and verdict.impersonation == "ACME Exchange"

    rows = {row["id"]: row for row in json.loads(run(capsys, "pack", "list", "--json")[1])}
    assert rows["tiny-pack"]["trust"] == "builtin"
    assert rows["starter"]["trust"] == "verified" and rows["starter"]["verified_publisher"] == "ACME Exchange"
    assert rows["look-alike"]["trust"] == "unverified" and rows["look-alike"]["claim_flagged"] == "ACME Exchange"


def test_a_corrupt_trust_list_is_reported_not_ignored(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / trust.TRUST_FILE).write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "trust", "list")
    assert code == 1 and "cannot read the trust list" in err


# ----- sharing by link ------------------------------------------------------------------------------


@pytest.fixture
def web_server(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A local HTTP server over ``tmp_path / "www"`` (stands in for the host's /share/ route)."""
    import functools
    import http.server
    import threading

    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_install_from_a_link_applies_the_same_checks_as_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], web_server, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    from edu_app import pack_share
    from edu_app.pack_library import PackLibraryError

    root, base = web_server
    private, _ = keygen(capsys, tmp_path / "keys", "ACME")
    pack = build(capsys, tmp_path, "p")
    assert run(capsys, "pack", "sign", str(pack), "--key", str(private))[0] == 0
    (root / "good.zip").write_bytes(pack.read_bytes())
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(pack.read_bytes())
    rewrite_zip(tampered, lambda e: e.update({LESSON_EN: e[LESSON_EN].replace(b"Li Wei", b"Li Wen")}))
    (root / "tampered.zip").write_bytes(tampered.read_bytes())

    with pytest.raises(PackLibraryError, match=f"content changed since signing: {LESSON_EN} modified"):
        pack_share.install_from_link(f"{base}/tampered.zip")
    with pytest.raises(PackLibraryError, match="404"):
        pack_share.install_from_link(f"{base}/missing.zip")
    with pytest.raises(PackLibraryError, match="http:// or https://"):
        pack_share.install_from_link(f"file://{pack}")
    monkeypatch.setattr(pack_share, "MAX_DOWNLOAD_BYTES", pack.stat().st_size - 1)
    with pytest.raises(PackLibraryError, match="too large"):
        pack_share.install_from_link(f"{base}/good.zip")
    assert pack_library.find_pack("starter") is None
    assert not any((pack_library.paths.data_dir() / "uploads").iterdir())

    monkeypatch.setattr(pack_share, "MAX_DOWNLOAD_BYTES", pack.stat().st_size)
    info = pack_share.install_from_link(f"{base}/good.zip")
    assert info.id == "starter"
    # What the host serves for an installed pack carries the same, still valid, signature.
    served = pack_share.pack_zip("starter")
    assert served is not None
    shared = tmp_path / "shared.zip"
    shared.write_bytes(served)
    assert check_signature(read_pack_files(shared).files).status is SignatureStatus.VALID
    assert pack_share.pack_zip("no-such-pack") is None


def test_share_links_use_the_address_other_devices_reach(monkeypatch: pytest.MonkeyPatch) -> None:
    from edu_app import pack_share

    info = pack_library.find_pack("tiny-pack")
    assert info is not None
    monkeypatch.setattr(pack_share, "_base_url", None)
    assert pack_share.share_link(info) is None  # not serving over HTTP (desktop window)
    pack_share.set_base_url("127.0.0.1", 8550)
    assert pack_share.share_link(info) == "http://127.0.0.1:8550/share/tiny-pack.zip"
    assert pack_share.is_loopback_link(pack_share.share_link(info) or "")
    monkeypatch.setattr(pack_share, "lan_address", lambda: "192.168.1.20")
    pack_share.set_base_url("0.0.0.0", 8600)
    assert pack_share.share_link(info) == "http://192.168.1.20:8600/share/tiny-pack.zip"
    assert not pack_share.is_loopback_link(pack_share.share_link(info) or "")


def test_an_installed_pack_edited_on_disk_shows_a_broken_signature(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private, public = keygen(capsys, tmp_path / "keys", "ACME")
    pack = build(capsys, tmp_path, "p")
    assert run(capsys, "pack", "sign", str(pack), "--key", str(private))[0] == 0
    assert run(capsys, "trust", "add", str(public))[0] == 0
    assert run(capsys, "pack", "install", str(pack))[0] == 0
    info = pack_library.find_pack("starter")
    assert info is not None and pack_library.pack_trust(info).kind == "verified"
    lesson = info.path / LESSON_EN
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nGuaranteed returns!\n", encoding="utf-8")
    verdict = pack_library.pack_trust(info)
    assert verdict.kind == "broken" and f"{LESSON_EN} modified" in verdict.reason
