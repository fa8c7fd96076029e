"""The ``edu-app pack`` sub-commands: author, check, build, import, install and preview lesson
packs (format: docs/lesson-packs.md). Libraries are imported inside handlers to keep start-up fast.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from edu_app.cli.errors import CliError

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``pack`` command group."""
    parser = subparsers.add_parser(
        "pack", help="create, check, build, import and install lesson packs", description=__doc__
    )
    commands = parser.add_subparsers(dest="pack_command", metavar="PACK_COMMAND", required=True)

    new = commands.add_parser("new", help="create a starter pack (one lesson, one item of every type)")
    new.add_argument("dir", type=Path, metavar="DIR", help="folder to create (must not exist or be empty)")
    new.add_argument("--id", help="pack id (default: from the folder name)")
    new.add_argument("--title", help="pack title (default: 'My lesson pack', or 我的课程包 with --language zh-CN)")
    new.add_argument(
        "--language", default="en", choices=["en", "zh-CN"],
        help="the language you write in first: en (default) or zh-CN for a Chinese-first pack written in Chinese",
    )
    new.set_defaults(func=_new)

    validate = commands.add_parser("validate", help="check a pack and report every error")
    validate.add_argument("path", type=Path, metavar="PATH", help="pack folder or .zip")
    validate.add_argument("--json", action="store_true", help="print the result as JSON")
    validate.add_argument(
        "--strict", action="store_true", help="treat compliance warnings as errors (a gate for publishers)"
    )
    _add_lang(validate)
    validate.set_defaults(func=_validate)

    build = commands.add_parser("build", help="validate, then write a deterministic zip")
    build.add_argument("dir", type=Path, metavar="DIR", help="pack folder")
    build.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.zip", help="zip to write")
    build.add_argument(
        "--strict", action="store_true",
        help="refuse to build while compliance warnings, missing or stale translations remain",
    )
    _add_lang(build)
    build.set_defaults(func=_build)

    keygen = commands.add_parser("keygen", help="create a publisher key pair for signing packs")
    keygen.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="folder for the key files")
    keygen.add_argument("--publisher", required=True, help="the publisher name the key signs as")
    keygen.set_defaults(func=_keygen)

    sign = commands.add_parser("sign", help="sign a built pack with a publisher key")
    sign.add_argument("path", type=Path, metavar="PACK.zip", help="pack zip written by 'edu-app pack build'")
    sign.add_argument("--key", type=Path, required=True, metavar="PRIVATE_KEY", help="publisher.key from keygen")
    sign.add_argument(
        "--publisher",
        help="publisher name to sign as (default: the name in publisher.pub beside the key, else the pack's publisher)",
    )
    sign.add_argument("-o", "--output", type=Path, metavar="FILE.zip", help="write here instead of in place")
    sign.set_defaults(func=_sign)

    verify = commands.add_parser("verify", help="check a pack's signature against the trust list")
    verify.add_argument("path", type=Path, metavar="PACK", help="pack .zip or folder")
    verify.set_defaults(func=_verify)

    translations = commands.add_parser("translations", help="report translations, or confirm one language's")
    translations.add_argument("path", type=Path, metavar="PATH", help="pack folder")
    translations.add_argument(
        "--accept", metavar="LANG", help="record that LANG's translations match the current source text"
    )
    translations.set_defaults(func=_translations)

    for name, label in (("import-gift", "Moodle GIFT"), ("import-aiken", "Aiken")):
        article = "an" if label[0] in "AEIOU" else "a"
        importer = commands.add_parser(name, help=f"convert {article} {label} question file into a pack")
        importer.add_argument("file", type=Path, metavar="FILE", help=f"{label} file")
        importer.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="pack folder to create")
        importer.add_argument("--language", default="en", help="language of the questions (default: en)")
        importer.add_argument("--id", help="pack id (default: from the file name)")
        importer.add_argument("--title", help="pack title (default: the file name)")
        importer.add_argument("--publisher", default="Unknown", help="publisher and author to record")
        importer.add_argument("--license", default="All rights reserved", help="license to record")
        importer.set_defaults(func=_import, importer=name)

    sheet = commands.add_parser("import-sheet", help="convert a spreadsheet (.xlsx or .csv, one row per item) into a pack")
    sheet.add_argument("file", type=Path, metavar="FILE", help=".xlsx or .csv file (see 'edu-app pack sheet-template')")
    sheet.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="pack folder to create")
    sheet.add_argument("--source-language", help="language the text is written in first (default: the first prompt column's)")
    sheet.add_argument("--id", help="pack id (default: from the file name)")
    sheet.add_argument("--title", help="pack title (default: the file name)")
    sheet.add_argument("--publisher", default="Unknown", help="publisher and author to record")
    sheet.add_argument("--license", default="All rights reserved", help="license to record")
    sheet.set_defaults(func=_import_sheet)

    template = commands.add_parser("sheet-template", help="write a spreadsheet template with an example row of every type")
    template.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx", help="file to write")
    template.set_defaults(func=_sheet_template)

    merge = commands.add_parser(
        "merge-languages", help="merge two imports of the same questions in different languages into one pack"
    )
    merge.add_argument("first", type=Path, metavar="FIRST", help="pack in the source language (gives ids and structure)")
    merge.add_argument("second", type=Path, metavar="SECOND", help="the same questions in another language")
    merge.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="pack folder to create")
    merge.set_defaults(func=_merge_languages)

    export = commands.add_parser("export-gift", help="write a pack's quizzes as Moodle GIFT")
    export.add_argument("path", type=Path, metavar="PACK", help="pack folder or .zip")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.gift", help="file to write")
    export.add_argument("--language", help="language to export (default: the pack's source language)")
    export.set_defaults(func=_export_gift)

    install = commands.add_parser("install", help="validate a pack and add it to the learner's library")
    install.add_argument("path", type=Path, metavar="PATH", help="pack folder or .zip")
    install.set_defaults(func=_install)

    listing = commands.add_parser("list", help="list built-in and installed packs")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(func=_list)

    remove = commands.add_parser("remove", help="remove an installed pack")
    remove.add_argument("pack_id", metavar="ID", help="id of the installed pack")
    remove.set_defaults(func=_remove)

    preview = commands.add_parser("preview", help="open the app on a pack folder and reload it on change")
    preview.add_argument("dir", type=Path, metavar="DIR", help="pack folder")
    # Own dests, so that `edu-app --web pack preview DIR` keeps working too.
    preview.add_argument("--web", dest="preview_web", action="store_true", help="serve to a browser instead")
    preview.add_argument("--host", dest="preview_host", default=None, help="address to serve on in web mode")
    preview.add_argument("--port", dest="preview_port", type=int, default=None, help="port for web mode")
    preview.set_defaults(func=_preview)

    schema = commands.add_parser("schema", help="print the JSON Schema of a pack file, for editors")
    schema.add_argument(
        "--kind",
        default="pack",
        choices=["pack", "quiz", "lesson", "lesson-translation"],
        help="which file: pack.yaml, quiz.yaml, or a lesson's front matter (default: pack)",
    )
    schema.add_argument("-o", "--output", type=Path, metavar="DIR", help="write every schema into DIR instead")
    schema.set_defaults(func=_schema)


# ----- handlers -----------------------------------------------------------------------------------


def _new(args: argparse.Namespace) -> int:
    from lessons.model import SLUG_PATTERN
    from lessons.starter import slug_from, write_starter

    directory: Path = args.dir
    _require_empty(directory)
    pack_id = args.id or slug_from(directory.resolve().name)
    if re.fullmatch(SLUG_PATTERN, pack_id) is None:
        raise CliError(f"'{pack_id}' is not a pack id: use lowercase letters, digits and single hyphens")
    write_starter(directory, pack_id, args.title, source_language=args.language)
    if args.language == "zh-CN":
        print(f"已在 {directory} 创建入门课程包“{pack_id}”（先写中文，英文为译文）")
        print(f"检查课程包：edu-app pack validate {directory} --lang zh-CN")
    else:
        print(f"Created the starter pack '{pack_id}' in {directory}")
        print(f"Check it with: edu-app pack validate {directory}")
    return 0


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=["en", "zh-CN"], default=None,
        help="language of the messages: en or zh-CN (default: from the system locale); error codes stay the same",
    )


def _pack_path(path: Path) -> Path:
    """The pack folder for a path that names its ``pack.yaml`` (``validate my-pack/pack.yaml``)."""
    return path.parent if path.name == "pack.yaml" and path.is_file() else path


def _validate(args: argparse.Namespace) -> int:
    from lessons.compliance import check_compliance
    from lessons.loader import load_pack

    lang = _message_language(args)
    result = load_pack(_pack_path(args.path))
    warnings = check_compliance(result)
    failed = not result.ok or (args.strict and bool(warnings))
    if args.json:
        summary = result.summary()
        if args.strict:
            summary["errors"] = [e.to_dict() for e in sorted(result.errors + warnings)]
            summary["warnings"] = []
        else:
            summary["warnings"] = [w.to_dict() for w in warnings]
        summary["ok"] = not failed
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 1 if failed else 0
    _print_ignored(result.files.ignored, lang)
    if failed:
        _print_errors(sorted(result.errors + warnings) if args.strict else result.errors, lang)
        if not args.strict:
            _print_warnings(warnings, lang)
        return 1
    _print_summary(result, lang)
    _print_warnings(warnings, lang)
    return 0


def _build(args: argparse.Namespace) -> int:
    from lessons.build import write_zip
    from lessons.files import read_pack_files
    from lessons.loader import load_pack_files

    lang = _message_language(args)
    folder = _pack_path(args.dir)
    if not folder.is_dir():
        raise CliError(f"{args.dir} is not a pack folder")
    from lessons.compliance import check_compliance
    from lessons.signing import content_files

    files = read_pack_files(folder)
    _leave_out_own_output(files, folder, args.output)
    result = load_pack_files(files)
    warnings = check_compliance(result)
    untranslated = _translation_errors(result) if args.strict else []
    if not result.ok or (args.strict and (warnings or untranslated)):
        _print_ignored(result.files.ignored, lang)
        _print_errors(sorted(result.errors + warnings + untranslated) if args.strict else result.errors, lang)
        print(_t(lang, "Nothing was built.", "没有生成课程包。"), file=sys.stderr)
        return 1
    _print_ignored(result.files.ignored, lang)
    _print_warnings(warnings, lang)
    try:
        # A folder's old signature no longer matches a rebuilt pack: sign the new zip instead.
        write_zip(content_files(result.files.files), args.output)
    except OSError as error:
        raise CliError(f"cannot write {args.output}: {error.strerror or error}", 1) from None
    print(f"Wrote {args.output} ({len(result.files.files)} files, {args.output.stat().st_size} bytes)")
    return 0


def _leave_out_own_output(files: Any, folder: Path, output: Path) -> None:
    """Building inside the pack folder (``pack build . -o pack.zip``) must not pack the zip a
    previous build wrote there, nor call it an unexpected file."""
    try:
        relative = output.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return
    if relative in files.files:
        del files.files[relative]
        files.ignored.append(relative)
    files.errors = [error for error in files.errors if error.path != relative]


def _translation_errors(result: Any) -> list[Any]:
    """Missing and stale translations as errors, for ``build --strict``."""
    from lessons import errors as E
    from lessons.errors import PackError

    errors = []
    for kind, issues in (("missing", result.translations.missing), ("stale", result.translations.stale)):
        for issue in issues:
            if kind == "missing":
                message = f"{issue.key}: no {issue.language} translation"
            else:
                message = (
                    f"{issue.key}: the {issue.language} translation is stale (the source text changed); "
                    f"update it, then: edu-app pack translations PACK --accept {issue.language}"
                )
            code = E.MISSING_TRANSLATION if kind == "missing" else E.STALE_TRANSLATION
            errors.append(PackError(issue.path, issue.line, issue.col, code, message))
    return errors


def _keygen(args: argparse.Namespace) -> int:
    from lessons.signing import generate_key_pair

    try:
        private, public, raw = generate_key_pair(args.output, args.publisher)
    except (FileExistsError, ValueError) as error:
        raise CliError(f"{error}; no key was written") from None
    except OSError as error:
        raise CliError(f"cannot write to {args.output}: {error.strerror or error}", 1) from None
    from lessons.signing import fingerprint

    print(f"Wrote {private} (private: keep it offline, never share it; readable only by you)")
    print(f"Wrote {public} (public: give it to the people who should trust your packs)")
    print(f"Publisher: {args.publisher}")
    print(f"Fingerprint: {fingerprint(raw)}")
    return 0


def _sign(args: argparse.Namespace) -> int:
    from lessons.build import write_zip
    from lessons.loader import load_pack_files
    from lessons.signing import KeyFileError, load_private_key, sign_files
    from lessons.files import read_pack_files

    if not args.path.is_file():
        raise CliError(f"{args.path} is not a pack zip (build one with 'edu-app pack build')")
    try:
        key = load_private_key(args.key)
    except KeyFileError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"cannot read {args.key}: {error.strerror or error}") from None
    files = read_pack_files(args.path)
    result = load_pack_files(files)
    if not result.ok or result.pack is None:
        _print_errors(result.errors)
        raise CliError(f"{args.path} is not a valid pack; nothing was signed", 1)
    publisher = args.publisher or _key_publisher(args.key, key) or result.pack.manifest.publisher
    try:
        signed = sign_files(files.files, key, publisher)
    except ValueError as error:
        raise CliError(str(error)) from None
    output = args.output or args.path
    try:
        write_zip(signed, output)
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}", 1) from None
    from lessons.signing import check_signature

    check = check_signature(signed)
    print(f"Signed {output} as {publisher} (key {check.fingerprint}, {len(signed) - 1} files)")
    return 0


def _key_publisher(private_path: Path, key: Any) -> str | None:
    """The publisher name that ``keygen`` wrote into ``publisher.pub`` beside this private key."""
    from cryptography.hazmat.primitives import serialization

    from lessons.signing import PUBLIC_KEY_FILE, KeyFileError, read_public_key_file

    try:
        raw, name = read_public_key_file(private_path.parent / PUBLIC_KEY_FILE)
    except KeyFileError:
        return None
    own = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return (name or None) if raw == own else None


def _verify(args: argparse.Namespace) -> int:
    from edu_app.trust import TrustError, find_key
    from lessons.files import read_pack_files
    from lessons.signing import SignatureStatus, check_signature

    files = read_pack_files(args.path)
    if files.errors:
        _print_errors(files.errors)
        raise CliError(f"{args.path} cannot be read as a pack", 1)
    check = check_signature(files.files)
    if check.status is not SignatureStatus.VALID:
        print(f"{args.path}: not verified: {check.reason}")
        if check.publisher:
            print(f"  claims publisher: {check.publisher} (key {check.fingerprint})")
        return 1
    try:
        entry = find_key(check.public_key or b"")
    except TrustError as error:
        raise CliError(str(error), 1) from None
    print(f"publisher: {check.publisher}")
    print(f"fingerprint: {check.fingerprint}")
    if entry is None:
        print(f"{args.path}: not verified: unknown key: the signature is intact but the key is not on the trust list")
        print(f"  to trust it, compare the fingerprint with the publisher, then: edu-app trust add {args.path}")
        return 1
    if entry.name != check.publisher:
        print(f"trusted as: {entry.name}")
    print(f"{args.path}: verified")
    return 0


def _translations(args: argparse.Namespace) -> int:
    from lessons.loader import load_pack
    from lessons.translations import LOCK_FILE, accept_language, dump_lock, read_lock

    if not args.path.is_dir():
        raise CliError(f"{args.path} is not a pack folder")
    result = load_pack(args.path)
    if result.pack is None:
        _print_errors(result.errors)
        return 1
    if args.accept is None:
        _print_translations(result)
        return 0
    language, source = args.accept, result.pack.source_language
    if language == source:
        raise CliError(f"'{language}' is the source language; only translations are confirmed")
    if language not in result.pack.manifest.languages:
        raise CliError(f"'{language}' is not one of the pack's languages: {', '.join(result.pack.manifest.languages)}")
    lock, _ = read_lock(result.files.files.get(LOCK_FILE))
    lock = accept_language(result.texts, source, language, lock)
    try:
        (args.path / LOCK_FILE).write_text(dump_lock(lock), encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {LOCK_FILE}: {error.strerror or error}", 1) from None
    print(f"Confirmed {len(lock.get(language, {}))} {language} translations in {args.path / LOCK_FILE}")
    return 0


def _import(args: argparse.Namespace) -> int:
    if _LANGUAGE.fullmatch(args.language) is None:
        raise CliError(f"'{args.language}' is not a language code such as en or zh-CN")
    from lessons import limits
    from lessons.files import FileRefused, read_regular_file

    try:
        text = read_regular_file(args.file, limits.MAX_FILE_BYTES).decode("utf-8-sig")
    except FileRefused as error:
        raise CliError(error.message) from None
    except UnicodeDecodeError:
        raise CliError(f"{args.file} is not UTF-8 text") from None
    _require_empty(args.output)
    if args.importer == "import-gift":
        from lessons.importers.gift import import_gift as convert
    else:
        from lessons.importers.aiken import import_aiken as convert
    imported = convert(
        text,
        source_name=args.file.name,
        language=args.language,
        pack_id=args.id,
        title=args.title,
        publisher=args.publisher,
        license_=args.license,
    )
    for note in imported.notes:
        print(note.format(str(args.file)))
    skipped = sum(note.skipped for note in imported.notes)
    if imported.converted == 0:
        raise CliError(f"no question in {args.file} could be converted; nothing was written", 1)
    _write_new_pack(imported.files, args.output)
    print(f"Converted {imported.converted} questions, skipped {skipped}; wrote {args.output}")
    print("Check the publisher, license and lesson text in the new pack before sharing it.")
    return 0


def _import_sheet(args: argparse.Namespace) -> int:
    from lessons import limits
    from lessons.files import FileRefused, read_regular_file
    from lessons.importers.sheet import import_sheet

    if args.file.suffix.lower() not in (".xlsx", ".csv"):
        raise CliError(f"{args.file} is not a .xlsx or .csv file (save the sheet in one of these formats)")
    if args.source_language is not None and _LANGUAGE.fullmatch(args.source_language) is None:
        raise CliError(f"'{args.source_language}' is not a language code such as en or zh-CN")
    try:
        data = read_regular_file(args.file, limits.MAX_FILE_BYTES)
    except FileRefused as error:
        raise CliError(error.message) from None
    _require_empty(args.output)
    imported = import_sheet(
        data,
        source_name=args.file.name,
        source_language=args.source_language,
        pack_id=args.id,
        title=args.title,
        publisher=args.publisher,
        license_=args.license,
    )
    for problem in imported.problems:
        print(problem.format(str(args.file)))
    if not imported.ok:
        count = len(imported.problems)
        raise CliError(f"{count} problem{'s' if count != 1 else ''} in {args.file}; nothing was written", 1)
    _write_new_pack(imported.files, args.output)
    print(f"Converted {imported.converted} rows ({', '.join(imported.languages)}); wrote {args.output}")
    print("Check the publisher, license and lesson text in the new pack before sharing it.")
    return 0


def _sheet_template(args: argparse.Namespace) -> int:
    from lessons.importers.sheet import TEMPLATE_ROWS, sheet_template

    if args.output.suffix.lower() != ".xlsx":
        raise CliError(f"{args.output}: the template is an .xlsx file; give a name ending in .xlsx")
    if args.output.exists():
        raise CliError(f"{args.output} already exists; choose another name")
    try:
        args.output.write_bytes(sheet_template())
    except OSError as error:
        raise CliError(f"cannot write {args.output}: {error.strerror or error}", 1) from None
    print(f"Wrote {args.output}: {len(TEMPLATE_ROWS)} example rows, one per item type, in en and zh-CN")
    print(f"Fill it in, then: edu-app pack import-sheet {args.output} -o my-pack")
    return 0


def _merge_languages(args: argparse.Namespace) -> int:
    from lessons.files import read_pack_files
    from lessons.merge import merge_languages

    _require_empty(args.output)
    merged = merge_languages(read_pack_files(args.first), read_pack_files(args.second))
    if not merged.ok:
        _print_errors(merged.errors)
        raise CliError("the packs could not be merged; nothing was written", 1)
    _write_new_pack(merged.files, args.output)
    print(f"Merged {args.first} and {args.second} into {args.output} ({', '.join(merged.languages)})")
    print("The translations are recorded as confirmed; read them through before sharing the pack.")
    return 0


def _export_gift(args: argparse.Namespace) -> int:
    from lessons.export_gift import export_gift
    from lessons.loader import load_pack

    result = load_pack(args.path)
    if not result.ok or result.pack is None:
        _print_errors(result.errors)
        raise CliError(f"{args.path} is not a valid pack; nothing was exported", 1)
    if args.language and args.language not in result.languages:
        raise CliError(f"'{args.language}' is not one of the pack's languages: {', '.join(result.languages)}")
    exported = export_gift(result.pack, result.files.files, args.language)
    for note in exported.notes:
        print(note)
    if exported.exported == 0:
        raise CliError("no item of this pack has a GIFT form; nothing was written", 1)
    try:
        args.output.write_text(exported.text, encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {args.output}: {error.strerror or error}", 1) from None
    skipped = sum(note.skipped for note in exported.notes)
    print(f"Wrote {args.output}: {exported.exported} questions, skipped {skipped}")
    return 0


def _write_new_pack(files: dict[str, bytes], output: Path) -> None:
    """Write a converted pack into the (empty or new) folder ``output``; it must validate."""
    from lessons.loader import load_pack

    try:
        for relative, data in files.items():
            target = output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}", 1) from None
    result = load_pack(output)
    if not result.ok:
        _print_errors(result.errors)
        raise CliError(f"the converted pack in {output} is not valid; please report this", 1)


def _install(args: argparse.Namespace) -> int:
    from edu_app.pack_library import PackLibraryError, install_pack

    try:
        info = install_pack(args.path)
    except PackLibraryError as error:
        _print_errors(error.errors)
        raise CliError(str(error), 1) from None
    except OSError as error:
        raise CliError(f"cannot install: {error.strerror or error}", 1) from None
    print(f"Installed {info.id} {info.version} into {info.path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from edu_app.pack_library import list_packs, pack_trust
    from edu_app.trust import TrustError

    packs = list_packs()
    try:
        verdicts = [pack_trust(p) for p in packs]
    except TrustError as error:
        raise CliError(str(error), 1) from None
    if args.json:
        rows = [
            {
                "id": p.id,
                "title": p.title,
                "version": p.version,
                "publisher": p.publisher,
                "languages": p.languages,
                "source": p.source,
                "path": str(p.path),
                "trust": v.kind,
                "verified_publisher": v.publisher if v.kind == "verified" else None,
                "fingerprint": v.fingerprint,
                "claim_flagged": v.impersonation,
            }
            for p, v in zip(packs, verdicts)
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not packs:
        print("No packs.")
    for p, v in zip(packs, verdicts):
        title = p.title.get(p.source_language) or next(iter(p.title.values()), "")
        origin = f"verified: {v.publisher}" if v.kind == "verified" else v.kind
        flag = f"  (claims {v.impersonation} without their signature)" if v.impersonation else ""
        print(f"{p.id}  {p.version}  [{p.source}, {origin}]  {', '.join(p.languages)}  {p.publisher}  {title}{flag}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from edu_app.pack_library import PackLibraryError, remove_pack

    try:
        info = remove_pack(args.pack_id)
    except PackLibraryError as error:
        raise CliError(str(error), 1) from None
    print(f"Removed {info.id}")
    return 0


def _preview(args: argparse.Namespace) -> int:
    if not args.dir.is_dir():
        raise CliError(f"{args.dir} is not a pack folder")
    from edu_app.ui.launch import launch_preview

    web = bool(args.preview_web or getattr(args, "web", False))
    host = args.preview_host or getattr(args, "host", None)
    port = args.preview_port if args.preview_port is not None else getattr(args, "port", 8550)
    return int(launch_preview(args.dir, web=web, host=host, port=port) or 0)


def _schema(args: argparse.Namespace) -> int:
    from lessons.schema import SCHEMAS, json_schema

    if args.output is None:
        print(json.dumps(json_schema(args.kind), ensure_ascii=False, indent=2))
        return 0
    try:
        args.output.mkdir(parents=True, exist_ok=True)
        for name in SCHEMAS:
            target = args.output / f"{name}.schema.json"
            target.write_text(json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            print(f"Wrote {target}")
    except OSError as error:
        raise CliError(f"cannot write to {args.output}: {error.strerror or error}", 1) from None
    return 0


# ----- output ---------------------------------------------------------------------------------


def _require_empty(directory: Path) -> None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise CliError(f"{directory} already exists and is not an empty folder")


def _message_language(args: argparse.Namespace) -> str:
    """Messages in ``--lang``, else in the language of the system locale."""
    from lessons.messages import locale_language

    return getattr(args, "lang", None) or locale_language()


def _t(language: str, english: str, chinese: str) -> str:
    return chinese if language == "zh-CN" else english


def _print_errors(errors: list[Any], lang: str = "en") -> None:
    from lessons.messages import localized

    for error in errors:
        print(localized(error, lang))
    if errors:
        count = len(errors)
        print(_t(lang, f"{count} error{'s' if count != 1 else ''}", f"{count} 个错误"), file=sys.stderr)


def _print_ignored(ignored: list[str], lang: str = "en") -> None:
    if not ignored:
        return
    shown = ", ".join(ignored[:5]) + (f" and {len(ignored) - 5} more" if len(ignored) > 5 else "")
    print(_t(lang, 
        f"note: ignored {len(ignored)} file{'s' if len(ignored) != 1 else ''} a computer leaves behind ({shown}); they are never part of the pack",
        f"提示：已忽略 {len(ignored)} 个电脑自动生成的文件（{shown}），它们不会进入课程包",
    ))


def _print_warnings(warnings: list[Any], lang: str = "en") -> None:
    if not warnings:
        return
    from lessons.messages import translate

    for warning in warnings:
        label = _t(lang, "warning", "警告")
        print(f"{warning.path}:{warning.line}:{warning.col}: {label}: {translate(warning.message, lang)} [{warning.code}]")
    count = len(warnings)
    print(_t(lang, 
        f"{count} compliance warning{'s' if count != 1 else ''} (--strict makes them errors)",
        f"{count} 条合规警告（加 --strict 则视为错误）",
    ), file=sys.stderr)


def _print_summary(result: Any, lang: str = "en") -> None:
    manifest = result.pack.manifest
    by_type = ", ".join(f"{kind} {count}" for kind, count in result.items_by_type().items() if count)
    languages = ", ".join(f"{lang} (source)" if lang == manifest.source_language else lang for lang in result.languages)
    languages = languages.replace(" (source)", _t(lang, " (source)", "（源语言）"))
    print(f"{manifest.id} {manifest.version}: {_t(lang, 'valid', '校验通过')}")
    print(f"  {_t(lang, 'lessons', '课程')}: {len(result.lessons)}")
    print(f"  {_t(lang, 'items', '题目')}: {sum(result.items_by_type().values())}" + (f" ({by_type})" if by_type else ""))
    print(f"  {_t(lang, 'skills', '技能')}: {len(manifest.skills)}")
    print(f"  {_t(lang, 'languages', '语言')}: {languages}")
    _print_translations(result, lang)


def _print_translations(result: Any, lang: str = "en") -> None:
    report = result.translations
    for label, issues in (
        (_t(lang, "missing translations", "缺少的译文"), report.missing),
        (_t(lang, "stale translations", "过时的译文"), report.stale),
        (_t(lang, "unconfirmed translations (warning)", "未确认的译文（警告）"), report.unconfirmed),
    ):
        print(f"  {label}: {len(issues)}")
        for issue in issues:
            print(f"    {issue}")
