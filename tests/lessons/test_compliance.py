"""The compliance check: promises of returns and denials of risk outside scam examples, missing
sources, missing not-investment-advice line; and how ``pack validate`` reports them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edu_app.cli import main
from lessons import compliance
from lessons.compliance import check_compliance, find_promises, has_disclaimer, scam_example_lines
from lessons.loader import load_pack
from tests.lessons.conftest import LESSON_EN, LESSON_ZH, QUIZ, edit, line_of, load, write_folder

BUILTIN = Path(compliance.__file__).parent / "packs"


def phrases(text: str) -> list[str]:
    return [finding.phrase for finding in find_promises(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本产品保本，年化12%", ["保本"]),
        ("跟着老师买，稳赚不赔！", ["稳赚不赔"]),  # one finding, the longest, not also 稳赚
        ("稳 赚 不 赔", ["稳赚不赔"]),
        ("高收益无风险，名额有限", ["高收益无风险"]),
        ("在家躺赚，零风险", ["躺赚", "零风险"]),
        ("我们保证收益。", ["保证收益"]),
        ("Guaranteed Returns of 3% a month", ["guaranteed returns"]),
        ("This fund is RISK-FREE.", ["risk-free"]),
        ("ｒｉｓｋ－ｆｒｅｅ and ｎｏ ｒｉｓｋ", ["risk-free", "no risk"]),  # full-width forms
        ("a risk free plan", ["risk-free"]),
        ("You can't lose with this plan", ["can't lose"]),
        ("You can’t lose", ["can't lose"]),  # typographic apostrophe
        ("Double your money in 30 days", ["double your money"]),
        ("There is no risk at all", ["no risk"]),
        ("Don't worry, you will never regret it: risk-free!", ["risk-free"]),  # negation not adjacent
    ],
)
def test_promises_are_found(text: str, expected: list[str]) -> None:
    assert phrases(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "There is no such thing as risk-free investing.",
        "There is no such thing as a risk-free investment.",
        "Nothing is risk-free.",
        "这个产品不保本，可能亏损。",
        "世上不存在零风险的投资。",
        "投资并非无风险。",
        "Treat \"no risk\" as a stop sign.",
        "看到“稳赚不赔”，就要警惕。",
        "对方说：“保本零风险，稳赚不赔！”",
        "He said \"this is risk-free, you can't lose\" and vanished.",
        "The risk-free rate is the return on government bills.",
        "无风险利率大约是2%。",
        "Casino risk is high.",  # "no risk" across a word boundary is not a match
        "Diversification lowers risk but does not remove it.",
    ],
)
def test_mentions_negations_and_terms_are_not_found(text: str) -> None:
    assert phrases(text) == []


def test_a_quotation_never_reaches_past_its_paragraph() -> None:
    # An opening mark that is not closed quotes nothing, so the promise after it still counts.
    assert phrases('He said "wait.\n\nThis fund is risk-free.') == ["risk-free"]


def test_disclaimer_wording() -> None:
    assert has_disclaimer("This is education, not investment advice.")
    assert has_disclaimer("本内容仅用于投资者教育，不构成投资建议。")
    assert has_disclaimer("NOT  Investment   Advice")
    assert not has_disclaimer("This is investment advice.")


def test_scam_example_blockquotes() -> None:
    markdown = "\n".join(
        [
            "Intro",  # 0
            "",
            "> **Scam example:** \"Earn 3% a day!\"",  # 2
            "> Guaranteed returns.",  # 3
            "",
            "> A plain quotation",  # 5
            "",
            "> **骗局示例：**“稳赚不赔！”",  # 7
            "",
            "> 🚩 零风险",  # 9
        ]
    )
    assert scam_example_lines(markdown) == {2, 3, 7, 9}


# ----- whole packs ----------------------------------------------------------------------------------


def warnings_of(files: dict[str, bytes]) -> list[str]:
    return [str(w) for w in check_compliance(load(files))]


def test_starter_pack_passes(files: dict[str, bytes]) -> None:
    assert warnings_of(files) == []


@pytest.mark.parametrize("pack", sorted(p.name for p in BUILTIN.iterdir() if p.is_dir()))
def test_builtin_packs_have_no_warnings(pack: str) -> None:
    result = load_pack(BUILTIN / pack)
    assert result.ok
    assert [str(w) for w in check_compliance(result)] == []


def test_scam_example_quoting_wenzhuan_buipei_does_not_warn(files: dict[str, bytes]) -> None:
    pitch = "> **骗局示例：**跟着王老师买，稳赚不赔，保本零风险！\n"
    edit(files, LESSON_ZH, lambda t: t.replace("# 为什么这是危险信号\n", "# 为什么这是危险信号\n\n" + pitch))
    pitch_en = "> **Scam example:** Follow Teacher Wang: guaranteed returns, zero risk!\n"
    edit(files, LESSON_EN, lambda t: t.replace("# Why it is a red flag\n", "# Why it is a red flag\n\n" + pitch_en))
    assert load(files).ok
    assert warnings_of(files) == []


def test_the_same_words_in_the_authors_voice_warn_at_their_line_and_column(files: dict[str, bytes]) -> None:
    edit(files, LESSON_ZH, lambda t: t.replace("# 为什么这是危险信号\n", "# 为什么这是危险信号\n\n跟着王老师买，稳赚不赔。\n"))
    edit(files, LESSON_EN, lambda t: t.replace("# Why it is a red flag\n", "# Why it is a red flag\n\n> Our plan is risk-free.\n"))
    found = check_compliance(load(files))
    assert [(w.path, w.line, w.col, w.code) for w in found] == [
        (LESSON_EN, line_of(files[LESSON_EN], "Our plan"), len("> Our plan is ") + 1, compliance.PROMISE),
        (LESSON_ZH, line_of(files[LESSON_ZH], "跟着王老师"), len("跟着王老师买，") + 1, compliance.PROMISE),
    ]
    assert "'稳赚不赔' promises returns" in found[1].message


def test_red_flag_segments_are_examples_but_explanations_are_not(files: dict[str, bytes]) -> None:
    edit(files, QUIZ, lambda t: t.replace("本周保证赚 30%！", "本周保证赚 30%，稳赚不赔！"))
    assert warnings_of(files) == []
    edit(files, QUIZ, lambda t: t.replace("least of all 30% a week.", "least of all 30% a week. Ours are risk-free."))
    found = check_compliance(load(files))
    assert [(w.path, w.line) for w in found] == [(QUIZ, line_of(files[QUIZ], "Ours are risk-free"))]


def test_a_wrong_option_is_something_to_reject_a_right_one_is_not(files: dict[str, bytes]) -> None:
    edit(files, QUIZ, lambda t: t.replace("text: { en: A registered prospectus,", "text: { en: A risk-free prospectus,"))
    assert warnings_of(files) == []
    edit(files, QUIZ, lambda t: t.replace("text: { en: Pressure to act now,", "text: { en: Pressure to act now on risk-free deals,"))
    assert len(warnings_of(files)) == 1


def test_missing_sources_and_disclaimer(files: dict[str, bytes]) -> None:
    edit(files, "pack.yaml", lambda t: t.replace(" This is education, not investment advice.", ""))
    edit(files, "pack.yaml", lambda t: t.replace("本内容仅用于投资者教育，不构成投资建议。", ""))
    assert {w.code for w in check_compliance(load(files))} == {compliance.NO_DISCLAIMER}
    # The line may live in a lesson instead.
    edit(files, LESSON_EN, lambda t: t + "\n*This is education, not investment advice.*\n")
    assert warnings_of(files) == []
    manifest = files["pack.yaml"].decode()
    start = manifest.index("sources:")
    end = manifest.index("\n", manifest.index("accessed:", start))
    files["pack.yaml"] = (manifest[:start] + "sources: []" + manifest[end:]).encode()
    edit(files, LESSON_EN, lambda t: t.replace("sources: [sec-ponzi]", "sources: []"))
    result = load(files)
    assert result.ok, result.errors
    assert [w.code for w in check_compliance(result)] == [compliance.NO_SOURCES]


# ----- the command line ------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_warns_and_strict_fails(files: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(files, LESSON_EN, lambda t: t.replace("# Why it is a red flag\n", "# Why it is a red flag\n\nOur fund is risk-free.\n"))
    folder = write_folder(tmp_path / "p", files)
    line = line_of(files[LESSON_EN], "Our fund")
    code, out, err = run(capsys, "pack", "validate", str(folder))
    assert code == 0
    assert f"{LESSON_EN}:{line}:13: warning: 'risk-free' promises returns" in out
    assert "1 compliance warning" in err
    code, out, _ = run(capsys, "pack", "validate", str(folder), "--strict")
    assert code == 1
    assert f"{LESSON_EN}:{line}:13: 'risk-free' promises returns" in out and "[compliance-promise]" in out
    summary = json.loads(run(capsys, "pack", "validate", str(folder), "--json")[1])
    assert summary["ok"] and [w["code"] for w in summary["warnings"]] == ["compliance-promise"]
    summary = json.loads(run(capsys, "pack", "validate", str(folder), "--json", "--strict")[1])
    assert not summary["ok"] and [e["line"] for e in summary["errors"]] == [line]
    assert run(capsys, "pack", "build", str(folder), "-o", str(tmp_path / "p.zip"), "--strict")[0] == 1
    assert not (tmp_path / "p.zip").exists()
    assert run(capsys, "pack", "build", str(folder), "-o", str(tmp_path / "p.zip"))[0] == 0


def test_positions_survive_characters_that_fold_to_several_or_none():
    # Ligatures, "ß" and apostrophes change length when folded; runs of punctuation collapse.
    text = "The ﬁrm's Straße fund, ... can't lose:   ＧＵＡＲＡＮＴＥＥＤ  returns!"
    findings = find_promises(text)
    assert findings and all(text[f.start : f.end].casefold().startswith(("ｇ", "can")) for f in findings)
