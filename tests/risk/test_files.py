"""The questionnaire and risk-level files: the built-in ones are complete, and broken ones are
reported as file:line:col: message, like lesson packs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edu_app.learning.catalog import builtin_taxonomy
from edu_app.risk.files import (
    QUESTIONNAIRE_FILE,
    Questionnaire,
    RiskFileError,
    RiskLevels,
    load_levels,
    load_questionnaire,
)
from simulator.market_rules import CN_A, US
from simulator.scenarios import load_scenarios
from simulator.series import InstrumentKind


def test_the_questionnaire_asks_about_ten_questions_in_both_languages(questionnaire: Questionnaire) -> None:
    ids = [question.id for question in questionnaire.questions]
    assert 8 <= len(ids) <= 12
    for topic in ("age", "experience", "knowledge", "goal", "horizon", "savings-share", "reaction", "income"):
        assert topic in ids
    for question in questionnaire.questions:
        assert question.text.en and question.text.zh_cn
        for option in question.options:
            assert option.text.en and option.text.zh_cn
    assert questionnaire.max_score == 100


def test_age_is_asked_as_a_band_never_a_birth_date(questionnaire: Questionnaire) -> None:
    age = questionnaire.question("age")
    assert age is not None and len(age.options) >= 4
    text = QUESTIONNAIRE_FILE.read_text(encoding="utf-8").lower()
    assert "birth" not in text.replace("never your birth date", "").replace("never a birth date", "")
    assert "出生年月" not in text


def test_grades_carry_the_usual_chinese_names(questionnaire: Questionnaire) -> None:
    names = [band.name.zh_cn for band in questionnaire.grades]
    assert names == ["保守型", "谨慎型", "稳健型", "积极型", "激进型"]
    assert [band.max_level for band in questionnaire.grades] == ["R1", "R2", "R3", "R4", "R5"]


def test_everything_the_simulator_offers_has_a_level_and_a_reason(levels: RiskLevels) -> None:
    for kind in InstrumentKind:
        assert levels.kind(kind.value) is not None, kind
    for profile in (US, CN_A):
        for board in profile.boards:
            assert levels.board(board) is not None, board
    for scenario in load_scenarios():
        entry = levels.scenario(scenario.id)
        assert entry is not None, scenario.id
        assert entry.reason.en and entry.reason.zh_cn


def test_index_single_share_growth_boards_and_crypto_rise_in_that_order(levels: RiskLevels) -> None:
    rank = {f"R{n}": n for n in range(1, 6)}
    index, stock, chinext, star, crypto = (
        levels.kind("index"), levels.kind("stock"), levels.board("chinext"), levels.board("star"), levels.kind("crypto")
    )
    assert rank[index.level] < rank[stock.level] <= rank[chinext.level] == rank[star.level] < rank[crypto.level]


def test_the_expected_skills_exist_in_the_taxonomy(levels: RiskLevels) -> None:
    known = {skill_id for skill_id, _names in builtin_taxonomy()}
    assert set(levels.reality_check.expected_skills) <= known


def test_an_educator_can_supply_a_smaller_questionnaire(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        _questionnaire_text(
            """
  - id: horizon
    text: {en: "When?", zh-CN: "何时？"}
    options:
      - {id: soon, score: 0, text: {en: Soon, zh-CN: 很快}}
      - {id: later, score: 40, text: {en: Later, zh-CN: 以后}}
""",
            bands=(0, 10, 20, 30, 31),
        ),
        encoding="utf-8",
    )
    mine = load_questionnaire(path)
    assert [q.id for q in mine.questions] == ["horizon"] and mine.max_score == 40


@pytest.mark.parametrize(
    ("questions", "line", "fragment"),
    [
        # A missing score is reported at the option that lacks it.
        (
            """
  - id: q1
    text: {en: "One?", zh-CN: "一？"}
    options:
      - {id: a, score: 1, text: {en: A, zh-CN: 甲}}
      - {id: b, text: {en: B, zh-CN: 乙}}
""",
            11,
            "score: required field is missing",
        ),
        # An unknown key is reported at the key.
        (
            """
  - id: q1
    text: {en: "One?", zh-CN: "一？"}
    colour: red
    options:
      - {id: a, score: 1, text: {en: A, zh-CN: 甲}}
      - {id: b, score: 2, text: {en: B, zh-CN: 乙}}
""",
            9,
            "unknown field",
        ),
        # Two options with one id.
        (
            """
  - id: q1
    text: {en: "One?", zh-CN: "一？"}
    options:
      - {id: a, score: 1, text: {en: A, zh-CN: 甲}}
      - {id: a, score: 2, text: {en: B, zh-CN: 乙}}
""",
            7,
            "option ids must be unique",
        ),
    ],
)
def test_broken_questionnaires_are_reported_with_file_and_line(
    tmp_path: Path, questions: str, line: int, fragment: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(_questionnaire_text(questions), encoding="utf-8")
    with pytest.raises(RiskFileError) as caught:
        load_questionnaire(path)
    first = str(caught.value).splitlines()[0]
    assert first.startswith(f"broken.yaml:{line}:"), first
    assert fragment in first


def test_bands_out_of_order_and_unsafe_yaml_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bands.yaml"
    text = _questionnaire_text(
        """
  - id: q1
    text: {en: "One?", zh-CN: "一？"}
    options:
      - {id: a, score: 0, text: {en: A, zh-CN: 甲}}
      - {id: b, score: 100, text: {en: B, zh-CN: 乙}}
""",
        bands=(0, 21, 10, 61, 81),
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RiskFileError, match="each grade's min must be above the previous"):
        load_questionnaire(path)
    path.write_text("format: !!python/object:os.system echo\n", encoding="utf-8")
    with pytest.raises(RiskFileError, match=r"bands\.yaml:1:"):
        load_questionnaire(path)


def test_a_levels_file_with_a_bad_level_names_the_line(tmp_path: Path) -> None:
    from edu_app.risk.files import LEVELS_FILE

    lines = LEVELS_FILE.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip() == "level: R3")
    lines[index] = lines[index].replace("R3", "R9")
    path = tmp_path / "levels.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(RiskFileError) as caught:
        load_levels(path)
    assert str(caught.value).startswith(f"levels.yaml:{index + 1}:")


def _questionnaire_text(questions: str, bands: tuple[int, ...] = (0, 21, 41, 61, 81)) -> str:
    """A questionnaire file with ``questions`` (YAML list items) and five grade bands."""
    grades = "\n".join(
        f"""  - id: C{n}
    min: {low}
    max_level: R{n}
    name: {{en: G{n}, zh-CN: 级{n}}}
    description: {{en: D, zh-CN: 描述}}
    simulator: {{en: S, zh-CN: 模拟}}"""
        for n, low in zip(range(1, 6), bands)
    )
    return (
        "format: invest-quest-risk-questionnaire\n"
        "version: 1\n"
        "id: mine\n"
        "title: {en: Mine, zh-CN: 我的}\n"
        "intro: {en: Hello, zh-CN: 你好}\n"
        "questions:" + questions.rstrip("\n") + "\n"
        "grades:\n" + grades + "\n"
    )


def test_chinese_texts_have_no_stray_spaces_between_lines(questionnaire: Questionnaire, levels: RiskLevels) -> None:
    # A YAML line break inside a folded Chinese paragraph turns into a space between characters.
    texts = [questionnaire.title, questionnaire.intro]
    texts += [question.text for question in questionnaire.questions]
    texts += [option.text for question in questionnaire.questions for option in question.options]
    texts += [t for band in questionnaire.grades for t in (band.name, band.description, band.simulator)]
    texts += [entry.reason for entry in (*levels.kinds, *levels.boards, *levels.scenarios)]
    for text in texts:
        assert not re.search(r"[\u4e00-\u9fff，。：；]\s+[\u4e00-\u9fff0-9]", text.zh_cn), text.zh_cn
