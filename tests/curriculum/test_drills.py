"""Tests of the scam-drill generator (``lessons.drills``)."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lessons.drills import DRILL_KINDS, drill_id, drill_skills, generate_drill, generate_drills, load_templates
from lessons.drills import generator as gen

REPO = Path(__file__).resolve().parents[2]
SKILLS_FILE = REPO / "lessons" / "packs" / "skills.yaml"
LANGUAGES = ("en", "zh-CN")
SEEDS = range(60)

# What the documented pack format (docs/lesson-packs.md) allows in a red_flags item.
FORMATS = {"group_chat", "private_chat", "sms", "app_notice", "email", "post"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ITEM_KEYS = {"id", "type", "format", "skills", "prompt", "segments", "explanation"}
SEGMENT_KEYS = {"id", "speaker", "text", "red_flag", "explanation"}

# Phone numbers the generator may produce: North American 555-01xx (reserved for fiction) and
# masked mainland mobiles. Anything else that looks like a phone number fails the test.
EN_PHONE = re.compile(r"\(\d{3}\) 555-01\d{2}")
ZH_PHONE = re.compile(r"1\d{2}-\*{4}-\d{4}")
URL = re.compile(r"https?://([A-Za-z0-9.-]+)")
DOMAIN_LIKE = re.compile(r"\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:[a-z]{2,})\b", re.IGNORECASE)
RESERVED = ("example", "test", "example.com", "example.net", "example.org")


def all_skill_ids() -> set[str]:
    return {s["id"] for s in yaml.safe_load(SKILLS_FILE.read_text(encoding="utf-8"))["skills"]}


def texts_of(item: dict, language: str) -> list[str]:
    out = [item["prompt"][language], item["explanation"][language]]
    for segment in item["segments"]:
        out.append(segment["text"][language])
        out.append(segment["explanation"][language])
        if "speaker" in segment:
            out.append(segment["speaker"][language])
    return out


def red_flag_positions(item: dict) -> tuple[int, ...]:
    return tuple(i for i, segment in enumerate(item["segments"]) if segment["red_flag"])


def structural_problems(item: dict, skills: set[str]) -> list[str]:
    """The documented shape of a red_flags item, checked by hand (independent of the library)."""
    problems = []

    def localized(value, where):
        if not isinstance(value, dict) or set(value) != set(LANGUAGES):
            problems.append(f"{where}: expected text in exactly {LANGUAGES}, got {value!r}")
            return
        for lang, text in value.items():
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}.{lang}: empty text")
            elif "{" in text or "}" in text:
                problems.append(f"{where}.{lang}: unfilled placeholder in {text!r}")

    if set(item) - ITEM_KEYS:
        problems.append(f"unknown keys {set(item) - ITEM_KEYS}")
    if not isinstance(item.get("id"), str) or not SLUG.match(item["id"]):
        problems.append(f"id {item.get('id')!r} is not a slug")
    if item.get("type") != "red_flags":
        problems.append("type is not red_flags")
    if item.get("format") not in FORMATS:
        problems.append(f"format {item.get('format')!r}")
    item_skills = item.get("skills", [])
    if not 1 <= len(item_skills) <= 2 or not set(item_skills) <= skills:
        problems.append(f"skills {item_skills!r}")
    localized(item.get("prompt"), "prompt")
    localized(item.get("explanation"), "explanation")
    segments = item.get("segments")
    if not isinstance(segments, list) or len(segments) < 2:
        problems.append("needs at least two segments")
        return problems
    ids = [s.get("id") for s in segments]
    if len(set(ids)) != len(ids) or not all(isinstance(i, str) and SLUG.match(i) for i in ids):
        problems.append(f"segment ids {ids!r}")
    for n, segment in enumerate(segments):
        if set(segment) - SEGMENT_KEYS:
            problems.append(f"segments[{n}]: unknown keys {set(segment) - SEGMENT_KEYS}")
        if not isinstance(segment.get("red_flag"), bool):
            problems.append(f"segments[{n}].red_flag is not a boolean")
        localized(segment.get("text"), f"segments[{n}].text")
        localized(segment.get("explanation"), f"segments[{n}].explanation")
        if "speaker" in segment:
            localized(segment["speaker"], f"segments[{n}].speaker")
    flags = [s.get("red_flag") for s in segments]
    if not any(flags) or all(flags):
        problems.append("a drill needs both red flags and harmless segments")
    return problems


# ----- reproducibility ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", DRILL_KINDS)
def test_same_seed_gives_identical_item(kind):
    for seed in (0, 1, 7, 12345, 10**9):
        first = generate_drill(kind, seed)
        generate_drill(kind, seed + 1)  # other work in between must not leak into the result
        generate_drills(3, seed)
        assert generate_drill(kind, seed) == first


def test_same_seed_gives_identical_batch():
    assert generate_drills(12, 99) == generate_drills(12, 99)
    assert generate_drills(12, 99) != generate_drills(12, 100)


def test_generated_item_is_not_shared_state():
    item = generate_drill("sms", 5)
    pristine = copy.deepcopy(item)
    item["segments"][0]["text"]["en"] = "changed"
    assert generate_drill("sms", 5) == pristine


def test_ids_and_kind_spellings():
    assert generate_drill("group_chat", 42)["id"] == "drill-group-chat-42" == drill_id("group-chat", 42)
    assert generate_drill("private-message", 3) == generate_drill("private_message", 3)
    assert generate_drill("fake_app_notice", 3) == generate_drill("app_notice", 3)
    assert {generate_drill(k, 1)["format"] for k in DRILL_KINDS} == {"group_chat", "private_chat", "sms", "app_notice"}


@pytest.mark.parametrize("bad", [-1, 1.5, "7", None, True])
def test_bad_seed_is_rejected(bad):
    with pytest.raises(ValueError):
        generate_drill("sms", bad)


def test_bad_kind_is_rejected():
    with pytest.raises(ValueError):
        generate_drill("email_from_prince", 1)
    with pytest.raises(ValueError):
        generate_drills(-1, 0)


# ----- variety: learners cannot memorise answer positions -----------------------------------------


@pytest.mark.parametrize("kind", DRILL_KINDS)
def test_red_flag_positions_vary_with_seed(kind):
    patterns = {red_flag_positions(generate_drill(kind, seed)) for seed in SEEDS}
    assert len(patterns) >= 8, patterns
    # No position is a red flag in every drill, and none is harmless in every drill, except
    # for fixed slots that only offer one kind of option.
    items = [generate_drill(kind, seed) for seed in SEEDS]
    by_position = {}
    for item in items:
        for i, segment in enumerate(item["segments"]):
            by_position.setdefault(i, set()).add(segment["red_flag"])
    varying = [i for i, values in by_position.items() if values == {True, False}]
    assert len(varying) >= len(by_position) - 1


@pytest.mark.parametrize("kind", DRILL_KINDS)
def test_text_varies_with_seed(kind):
    prompts_and_texts = {json.dumps(generate_drill(kind, seed), ensure_ascii=False) for seed in range(20)}
    assert len(prompts_and_texts) == 20


def test_batch_has_unique_ids_and_mixes_kinds():
    drills = generate_drills(40, 2024)
    assert len({d["id"] for d in drills}) == 40
    assert {d["format"] for d in drills} == {"group_chat", "private_chat", "sms", "app_notice"}
    assert [d["format"] for d in generate_drills(5, 1, kinds=["sms"])] == ["sms"] * 5


# ----- valid items of the pack format --------------------------------------------------------------


@pytest.mark.parametrize("kind", DRILL_KINDS)
def test_items_have_the_documented_shape(kind):
    skills = all_skill_ids()
    for seed in SEEDS:
        item = generate_drill(kind, seed)
        assert structural_problems(item, skills) == [], (seed, item)
        # A drill survives a YAML round trip unchanged, as it would be stored in quiz.yaml.
        assert yaml.safe_load(yaml.safe_dump({"items": [item]}, allow_unicode=True))["items"][0] == item


def test_skills_are_declared_in_the_taxonomy():
    assert set(drill_skills()) <= all_skill_ids()
    for kind in DRILL_KINDS:
        assert set(generate_drill(kind, 0)["skills"]) <= set(drill_skills([kind]))


def test_items_pass_the_library_models():
    """Validate through the ``lessons`` library's pydantic models and item rules."""
    model = pytest.importorskip("lessons.model")
    validate = pytest.importorskip("lessons.validate")
    items = generate_drills(40, 7) + [generate_drill(kind, seed) for kind in DRILL_KINDS for seed in range(10)]
    quiz = model.QuizFile.model_validate({"items": items})
    skills = set(drill_skills())
    for index, item in enumerate(quiz.items):
        assert isinstance(item, model.RedFlagsItem)
        assert validate.check_item(item, ("items", index), skills) == []


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("edu-app")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "edu_app"]


def _not_available(result: subprocess.CompletedProcess) -> bool:
    """True when ``edu-app pack validate`` does not exist yet (argparse rejects the command)."""
    output = (result.stdout + result.stderr).lower()
    return "not yet available" in output or "unrecognized arguments" in output or "invalid choice" in output


def write_drill_pack(root: Path, items: list[dict]) -> Path:
    """A minimal pack holding generated drills, as an author would ship them."""
    taxonomy = {s["id"]: s for s in yaml.safe_load(SKILLS_FILE.read_text(encoding="utf-8"))["skills"]}
    pack = root / "drill-practice"
    lesson = pack / "lessons" / "drill-practice-lesson"
    lesson.mkdir(parents=True)
    manifest = {
        "schema_version": 1,
        "id": "drill-practice",
        "version": "1.0.0",
        "languages": list(LANGUAGES),
        "source_language": "en",
        "title": {"en": "Drill practice", "zh-CN": "反诈演练"},
        "description": {"en": "Generated drills.", "zh-CN": "自动生成的演练。"},
        "authors": [{"name": "Invest Quest contributors"}],
        "publisher": "Invest Quest",
        "license": "CC-BY-4.0",
        "skills": [taxonomy[s] for s in drill_skills()],
        "lessons": ["drill-practice-lesson"],
    }
    (pack / "pack.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (lesson / "en.md").write_text(
        "---\nid: drill-practice-lesson\ntitle: Practice\nminutes: 5\n---\n# Practice\n\nSpot the red flags.\n",
        encoding="utf-8",
    )
    (lesson / "zh-CN.md").write_text("---\ntitle: 练习\n---\n# 练习\n\n找出危险信号。\n", encoding="utf-8")
    (lesson / "quiz.yaml").write_text(
        yaml.safe_dump({"items": items}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return pack


def test_items_pass_edu_app_pack_validate(tmp_path):
    pack = write_drill_pack(tmp_path, generate_drills(24, 11))
    result = subprocess.run(
        [*_cli(), "pack", "validate", str(pack), "--json"], capture_output=True, text=True, timeout=120
    )
    if _not_available(result):
        pytest.skip("`edu-app pack validate` is not available yet")
    report = json.loads(result.stdout)
    assert report.get("ok") is True, result.stdout + result.stderr


# ----- privacy and safety of the generated text -----------------------------------------------------


def test_phone_numbers_are_clearly_fictional():
    for kind in DRILL_KINDS:
        for seed in SEEDS:
            item = generate_drill(kind, seed)
            for language in LANGUAGES:
                for text in texts_of(item, language):
                    # Remove the allowed shapes, then nothing that looks like a phone number may remain.
                    rest = EN_PHONE.sub("", text) if language == "en" else ZH_PHONE.sub("", text)
                    if language == "en":
                        assert not ZH_PHONE.search(text), text
                    else:
                        assert not EN_PHONE.search(text), text
                    digits = re.sub(r"(?<=\d)[ ,.\-()]+(?=\d)", "", rest)
                    assert not re.search(r"\d{7,}", digits), (kind, seed, text)
                    assert not re.search(r"\+\d", rest), (kind, seed, text)


def test_prompts_that_mention_a_phone_use_the_fictional_shapes():
    for seed in SEEDS:
        item = generate_drill("sms", seed)
        assert EN_PHONE.search(item["prompt"]["en"])
        assert ZH_PHONE.search(item["prompt"]["zh-CN"])


def test_links_only_use_reserved_domains():
    seen_links = 0
    for kind in DRILL_KINDS:
        for seed in SEEDS:
            item = generate_drill(kind, seed)
            for language in LANGUAGES:
                for text in texts_of(item, language):
                    for host in URL.findall(text):
                        host = host.rstrip(".")
                        seen_links += 1
                        assert host == host.lower()
                        assert any(host == r or host.endswith("." + r) for r in RESERVED), (host, text)
                    # No bare domain names outside those links either.
                    for match in DOMAIN_LIKE.finditer(re.sub(r"https?://\S+", "", text)):
                        token = match.group(0).lower()
                        assert any(token == r or token.endswith("." + r) for r in RESERVED), (token, text)
    assert seen_links > 50


def test_amounts_are_in_sensible_ranges():
    def dollars(text):
        return [int(m.replace(",", "")) for m in re.findall(r"\$([\d,]+)", text)]

    def yuan(text):
        values = [int(m) * 10_000 for m in re.findall(r"(\d+)万元", text)]
        values += [int(m.replace(",", "")) for m in re.findall(r"(?<![\d万])([\d,]+)元", text)]
        return values

    found_en, found_zh = [], []
    for kind in DRILL_KINDS:
        for seed in SEEDS:
            item = generate_drill(kind, seed)
            found_en += [v for t in texts_of(item, "en") for v in dollars(t)]
            found_zh += [v for t in texts_of(item, "zh-CN") for v in yuan(t)]
    assert found_en and found_zh
    assert all(50 <= v <= 200_000 for v in found_en), sorted(found_en)[:3] + sorted(found_en)[-3:]
    assert all(500 <= v <= 1_000_000 for v in found_zh), sorted(found_zh)[:3] + sorted(found_zh)[-3:]


def test_percentages_are_plausible_scam_claims():
    for kind in DRILL_KINDS:
        for seed in range(20):
            item = generate_drill(kind, seed)
            for language in LANGUAGES:
                for text in texts_of(item, language):
                    for value in re.findall(r"(\d+)%", text):
                        assert 1 <= int(value) <= 50, text


def test_company_names_avoid_real_brands():
    blocklist = load_templates()["company_blocklist"]
    for kind in DRILL_KINDS:
        for seed in SEEDS:
            for language in LANGUAGES:
                ctx = gen._context(kind, seed, language, {}, gen._templates_cached())
                for key in ("company", "brand", "app"):
                    assert not any(bad.lower() in ctx[key].lower() for bad in blocklist[language]), ctx[key]


def test_every_template_option_renders_in_both_languages():
    """Every option of every slot, not only the ones some seed happens to pick, has both
    languages and only known placeholders."""
    data = load_templates()
    shared = {key: 1 for key in data["numbers"]}
    contexts = {lang: gen._context("group_chat", 0, lang, shared, gen._templates_cached()) for lang in LANGUAGES}
    for kind, spec in data["kinds"].items():
        gen._render(spec["prompt"], contexts)
        gen._render(spec["explanation"], contexts)
        assert any(o["red_flag"] for s in spec["slots"] for o in s["options"])
        for slot in spec["slots"]:
            for option in slot["options"]:
                for field in ("text", "explanation", "speaker"):
                    if field in option:
                        rendered = gen._render(option[field], contexts)
                        assert all(rendered[lang].strip() for lang in LANGUAGES), (kind, slot["id"])


# ----- dependencies --------------------------------------------------------------------------------


def test_lessons_never_imports_flet_or_the_database_and_loads_faker_lazily():
    code = (
        "import sys, lessons, lessons.drills\n"
        "assert 'faker' not in sys.modules, 'faker imported eagerly'\n"
        "lessons.drills.generate_drill('sms', 1)\n"
        "assert 'faker' in sys.modules\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flet', 'sqlmodel', 'sqlalchemy', 'edu_app')]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr


def test_faker_is_only_imported_by_the_generator_module():
    importing = re.compile(r"^\s*(?:from\s+faker\b|import\s+faker\b)", re.MULTILINE)
    for path in (REPO / "lessons").rglob("*.py"):
        if importing.search(path.read_text(encoding="utf-8")):
            assert path == REPO / "lessons" / "drills" / "generator.py", path
