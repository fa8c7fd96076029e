"""Validator messages in Chinese.

Errors are made in English (the ``message`` of :class:`lessons.errors.PackError` and the JSON
output stay English, so tools and reports keep one language); :func:`translate` renders a message
in zh-CN for people, by pattern, at the moment it is shown. Codes, paths, field names, ids and
the YAML a teacher should type are kept as they are. A message with no pattern is shown in
English rather than half translated.
"""

from __future__ import annotations

import os
import re

from lessons.errors import PackError

LANGUAGES = ("en", "zh-CN")

# (English pattern, Chinese template). Patterns match a whole message (after any field path);
# named groups are carried over.
_PATTERNS: list[tuple[str, str]] = [
    # reading files and archives
    (r"(?P<p>.+) does not exist", r"\g<p> 不存在"),
    (r"(?P<p>.+) is larger than (?P<n>\d+) (?P<unit>MB|bytes)", r"\g<p> 超过 \g<n> \g<unit>"),
    (r"(?P<p>.+) is a link; links are not followed", r"\g<p> 是链接（快捷方式），不会跟随"),
    (r"(?P<p>.+) is a folder, not a file", r"\g<p> 是文件夹，不是文件"),
    (
        r"(?P<p>.+) is not a regular file \(a device, pipe or socket\); give a file",
        r"\g<p> 不是普通文件（而是设备、管道或套接字）；请给出一个文件",
    ),
    (r"cannot read (?P<p>.+): (?P<why>.+)", r"无法读取 \g<p>：\g<why>"),
    (r"not a pack: a pack is a folder or a \.zip file \(this is a device, pipe or socket\)", "这不是课程包：课程包是一个文件夹或 .zip 文件（这是设备、管道或套接字）"),
    (r"not a readable zip file \((?P<why>.*)\)", r"不是可读取的 zip 文件（\g<why>）"),
    (r"cannot read this entry \((?P<why>.*)\)", r"无法读取 zip 中的这个文件（\g<why>）"),
    (r"links are not allowed in a pack", "课程包中不允许链接（快捷方式）"),
    (r"not a regular file", "不是普通文件"),
    (r"the zip holds this file twice", "zip 中有两个同名文件"),
    (r"encrypted entries are not allowed", "不允许加密的文件"),
    (r"absolute paths are not allowed in a pack", "课程包中不允许绝对路径"),
    (r"backslashes are not allowed in entry names", "文件名中不允许反斜杠（\\）"),
    (r"'\.\.' is not allowed in entry names", "文件名中不允许 '..'"),
    (r"malformed entry name", "文件名格式错误"),
    (
        r"(?:(?P<n>\d+) entries use|this entry uses) backslashes \(\\\) in their paths, as zips made by some Windows "
        r"tools do; such a zip cannot be read safely\. Make the zip with 'edu-app pack build FOLDER -o FILE\.zip' instead",
        "zip 中的文件路径使用了反斜杠（\\），这是某些 Windows 压缩工具的做法，无法安全读取。"
        "请改用 'edu-app pack build 文件夹 -o 文件.zip' 生成 zip",
    ),
    (r"a pack may hold at most (?P<n>\d+) files", r"课程包最多只能包含 \g<n> 个文件"),
    (r"file is larger than the (?P<n>\d+) MB limit", r"文件超过 \g<n> MB 的上限"),
    (r"the pack is larger than the (?P<n>\d+) MB limit \(unpacked\)", r"课程包（解压后）超过 \g<n> MB 的上限"),
    (r"compressed more than (?P<n>\d+):1, refused as a possible zip bomb", r"压缩比超过 \g<n>:1，疑似 zip 炸弹，已拒绝"),
    (r"this file has no place in a pack \(see docs/lesson-packs\.md\)(?P<rest>.*)", r"课程包中不应有这个文件（见 docs/lesson-packs.md）\g<rest>"),
    (r"the file is not UTF-8 text", "文件不是 UTF-8 编码的文本：请用 UTF-8 另存"),
    # YAML
    (r"YAML syntax error: (?P<why>.+)", r"YAML 语法错误：\g<why>"),
    (r"YAML tag (?P<t>\S+) is not allowed", r"不允许使用 YAML 标签 \g<t>"),
    (r"YAML aliases \(\*name\) are not allowed", "不允许使用 YAML 别名（*name）"),
    (r"YAML is nested more than (?P<n>\d+) levels deep", r"YAML 嵌套超过 \g<n> 层"),
    (r"duplicate key '(?P<k>.+)'", r"键 '\g<k>' 重复出现"),
    (r"mapping keys must be plain text", "键必须是普通文本"),
    (r"cannot read the value '(?P<v>.*)' \((?P<why>.*)\)", r"无法读取值 '\g<v>'（\g<why>）"),
    (
        r"the text after '(?P<k>.+?):' holds ': ', which YAML reads as the start of another key; put the text in quotes: (?P<f>.+)",
        r"'\g<k>:' 后面的文字里有 ': '，YAML 会把它当成另一个键的开头；请给文字加上引号：\g<f>",
    ),
    (
        r"the text stops before ' (?P<c>.*?)': YAML reads ' #' as the start of a comment; if the rest belongs to the text, put it all in quotes: (?P<f>.+)",
        r"文字在 ' \g<c>' 前被截断：YAML 把 ' #' 当成注释的开头；如果后面也是文字，请给整段文字加上引号：\g<f>",
    ),
    (
        r"the comma after '(?P<w>.+?)' ends the text inside \{ \}, so (?P<keys>.+) became (?:keys of their own|a key of its own); put the text in quotes: (?P<f>.+)",
        r"{ } 里 '\g<w>' 后面的逗号把文字截断了，\g<keys> 被当成了单独的键；请给文字加上引号：\g<f>",
    ),
    (
        r"the comma after '(?P<w>.+?)' ends the text inside \{ \}, so (?P<keys>.+) became (?:keys of their own|a key of its own); put the whole text in quotes",
        r"{ } 里 '\g<w>' 后面的逗号把文字截断了，\g<keys> 被当成了单独的键；请给整段文字加上引号",
    ),
    (
        r"'(?P<v>.*)' was read as true or false, not as text; put it in quotes: (?P<f>.+)",
        r"'\g<v>' 被 YAML 读成了布尔值（true/false），而不是文字；请加上引号：\g<f>",
    ),
    (
        r"'(?P<v>.*)' was read as a date(?: and time)?, not as text; put it in quotes: (?P<f>.+)",
        r"'\g<v>' 被 YAML 读成了日期，而不是文字；请加上引号：\g<f>",
    ),
    (
        r"'(?P<v>.*)' was read as nothing \(empty\), not as text; put it in quotes: (?P<f>.+)",
        r"'\g<v>' 被 YAML 读成了空值，而不是文字；请加上引号：\g<f>",
    ),
    (r"the text is empty: write it after the colon, or remove the line", "文字为空：请在冒号后写上文字，或删除这一行"),
    # shapes
    (r"required field is missing", "缺少必填字段"),
    (r"unknown field(?P<rest>.*)", r"未知字段\g<rest>"),
    (r"must be text", "必须是文字"),
    (r"must be true or false", "必须是 true 或 false"),
    (r"must be a whole number", "必须是整数"),
    (r"must be a number", "必须是数字"),
    (r"must be a finite number", "必须是有限的数字"),
    (r"must be a list", "必须是列表"),
    (r"must be a mapping \(key: value\)", "必须是映射（键: 值）"),
    (r"must be a date \(YYYY-MM-DD\)", "必须是日期（YYYY-MM-DD）"),
    (r"must be an id: lowercase letters, digits and single hyphens", "必须是 id：小写字母、数字和单个连字符"),
    (r"must be an id, or PACK_ID/ID for another pack", "必须是 id，或用 课程包ID/ID 指向另一个课程包"),
    (r"must be a language code such as en or zh-CN", "必须是语言代码，例如 en 或 zh-CN"),
    (r"must be a semantic version such as 1\.0\.0", "必须是语义化版本号，例如 1.0.0"),
    (r"must be an http or https URL", "必须是 http 或 https 网址"),
    (r"unknown item type '(?P<t>.*?)'(?P<hint>.*?) \(use one of (?P<all>.+)\)", r"未知题型 '\g<t>'\g<hint>（可用：\g<all>）"),
    (r"an item needs a 'type' \(one of (?P<all>.+)\)", r"每道题都需要 'type'（可用：\g<all>）"),
    (r"a condition is one of (?P<all>.+)", r"条件只能是以下之一：\g<all>"),
    (r"at_least is a fraction from 0 to 1: write (?P<f>\S+) for (?P<p>\S+)%", r"at_least 是 0 到 1 之间的小数：\g<p>% 请写成 \g<f>"),
    (r"input should be less than or equal to (?P<n>\S+)", r"不能大于 \g<n>"),
    (r"input should be greater than or equal to (?P<n>\S+)", r"不能小于 \g<n>"),
    (r"list should have at least (?P<n>\d+) items? after validation, not (?P<m>\d+)", r"至少需要 \g<n> 项，现在只有 \g<m> 项"),
    (r"input should be (?P<options>'.+)", r"只能是 \g<options>"),
    (r"string should have at least 1 character", "不能为空"),
    (r"pack\.yaml must be a mapping \(key: value\)", "pack.yaml 必须是映射（键: 值）"),
    (r"quiz\.yaml must be a mapping with a list of 'items'", "quiz.yaml 必须是映射，其中有题目列表 'items'"),
    (r"items: must be a list", "items：必须是列表"),
    # manifest and references
    (r"no pack\.yaml: a pack has its manifest at the top(?P<rest>.*)", r"没有 pack.yaml：课程包的清单文件应放在最上层\g<rest>"),
    (r"no pack\.yaml", "没有 pack.yaml"),
    (r"schema_version (?P<v>\S+) is not supported; this app reads (?P<w>\S+)", r"不支持 schema_version \g<v>；本应用读取的是 \g<w>"),
    (r"source_language must be one of the pack's languages", "source_language 必须是课程包的语言之一"),
    (r"(?P<what>language|source id|skill id|lesson|option id|entry id|segment id) '(?P<v>.+)' is used twice", r"\g<what> '\g<v>' 重复使用"),
    (r"item id '(?P<v>.+)' is already used in (?P<where>.+)", r"题目 id '\g<v>' 已在 \g<where> 使用"),
    (r"unknown feature '(?P<f>.+)' \(known: (?P<all>.+)\)", r"未知功能 '\g<f>'（可用：\g<all>）"),
    (r"no lesson '(?P<l>.+)' in this pack", r"本课程包中没有课程 '\g<l>'"),
    (r"lesson '(?P<l>.+)' has no quiz", r"课程 '\g<l>' 没有测验"),
    (r"no skill '(?P<s>.+)' in pack\.yaml", r"pack.yaml 中没有技能 '\g<s>'"),
    (r"no source '(?P<s>.+)' in pack\.yaml", r"pack.yaml 中没有资料来源 '\g<s>'"),
    (r"language '(?P<l>.+?)' is not declared in pack\.yaml(?P<rest>.*)", r"语言 '\g<l>' 没有在 pack.yaml 中声明\g<rest>"),
    # lessons
    (r"lesson '(?P<l>.+)' has no file (?P<f>\S+)(?P<rest>.*)", r"课程 '\g<l>' 缺少文件 \g<f>\g<rest>"),
    (r"lesson '(?P<l>.+)' is not listed in pack\.yaml", r"课程 '\g<l>' 没有列在 pack.yaml 中"),
    (
        r"a lesson file starts with YAML front matter between '---' lines: the first line must be '---'",
        "课程文件以两行 '---' 之间的 YAML 头信息开始：第一行必须是 '---'",
    ),
    (r"the front matter is not closed by a '---' line", "头信息没有用 '---' 行结束"),
    (
        r"the front matter is not closed: put a line '---' before line (?P<n>\d+) \('(?P<t>.*)'\)",
        r"头信息没有结束：请在第 \g<n> 行（'\g<t>'）之前加一行 '---'",
    ),
    (r"id '(?P<i>.+)' differs from the lesson folder '(?P<f>.+)'", r"id '\g<i>' 与课程文件夹名 '\g<f>' 不一致"),
    (r"empty card: remove the extra '---' line", "空卡片：请删除多余的 '---' 行"),
    (
        r"card (?P<n>\d+) has no counterpart in the source language \((?P<m>\d+) cards\)",
        r"第 \g<n> 张卡片在源语言中没有对应（源语言共 \g<m> 张卡片）",
    ),
    (
        r"link '(?P<l>.*)' is not allowed: links may use http, https or mailto only",
        r"不允许链接 '\g<l>'：链接只能使用 http、https 或 mailto",
    ),
    (r"remote images are not fetched: put the image in media/", "不会下载网络图片：请把图片放进 media/"),
    (r"image '(?P<i>.+)' must be a file in media/", r"图片 '\g<i>' 必须是 media/ 中的文件"),
    (r"image '(?P<i>.+)' has an unsupported type \(use (?P<all>.+)\)", r"图片 '\g<i>' 的格式不受支持（可用：\g<all>）"),
    (r"image '(?P<i>.+)' is not in the pack(?P<rest>.*)", r"课程包中没有图片 '\g<i>'\g<rest>"),
    (r"media must be images \((?P<all>.+)\)", r"media/ 中只能放图片（\g<all>）"),
    (r"the content is not a (?P<t>\S+) image", r"文件内容不是 \g<t> 图片"),
    (r"raw HTML is not allowed in lessons", "课程中不允许使用 HTML：请用 Markdown"),
    (
        r"the lesson is (?P<n>\d+) lines long; a lesson file may hold at most (?P<m>\d+) \(split it\)",
        r"课程有 \g<n> 行；一个课程文件最多 \g<m> 行（请拆分）",
    ),
    (
        r"too much markup around links, images or '<': (?:one lesson file|the lessons of a pack) may hold at most "
        r"(?P<n>\d+) Markdown signs .*",
        r"链接、图片或 '<' 周围的 Markdown 符号太多：最多 \g<n> 个（如 [ ] * _ ` < !）；请拆分或简化课程",
    ),
    (
        r"the pack's lessons hold too many lines: at most (?P<n>\d+) in all \(split the pack into several\)",
        r"课程包的课程总行数太多：最多 \g<n> 行（请拆成几个课程包）",
    ),
    # merging languages
    (r"(?P<p>.+) adds no language: both packs are in (?P<l>.+)", r"\g<p> 没有带来新的语言：两个课程包都是 \g<l>"),
    (
        r"the packs differ: (?P<what>.+) \((?P<where>[^()]+)\); merge only two imports of the same questions",
        r"两个课程包不一致：\g<what>（\g<where>）；只能合并同一套题目的两次导入",
    ),
    # items
    (
        r"a single_choice item needs exactly one correct option, not (?P<n>\d+)",
        r"单选题（single_choice）必须恰好有一个正确选项，现在有 \g<n> 个",
    ),
    (r"a multiple_choice item needs at least one correct option", "多选题（multiple_choice）至少需要一个正确选项"),
    (r"start state '(?P<s>.+)' is not in states", r"起始状态 '\g<s>' 不在 states 中"),
    (r"state '(?P<s>.+)' is an ending and cannot have choices", r"状态 '\g<s>' 是结局，不能有选项"),
    (r"state '(?P<s>.+)' needs choices or an ending", r"状态 '\g<s>' 需要选项或结局"),
    (r"no state '(?P<s>.+)' to go to", r"没有可跳转的状态 '\g<s>'"),
    (r"state '(?P<s>.+)' cannot be reached from the start", r"从起点无法到达状态 '\g<s>'"),
    (r"no ending can be reached from state '(?P<s>.+)'", r"从状态 '\g<s>' 无法到达任何结局"),
    (r"no good ending can be reached, so no answer is right", "无法到达好结局，所以没有正确答案"),
    # translations
    (r"no text in the source language '(?P<l>.+)'", r"没有源语言 '\g<l>' 的文字"),
    (r"the lock is a map from language to \{key: hash\}", "锁文件是 语言 -> {键: 哈希} 的映射"),
    (r"each lock entry is 'key: hash'", "锁文件的每一项是 '键: 哈希'"),
    (r"no (?P<l>\S+) translation", r"没有 \g<l> 译文"),
    (
        r"the (?P<l>\S+) translation is stale \(the source text changed\); update it, then: (?P<cmd>.+)",
        r"\g<l> 译文已过时（源文字改过了）；请更新译文，然后运行：\g<cmd>",
    ),
    # compliance
    (r"the pack cites no sources: list the documents its facts come from under 'sources'", "课程包没有列出资料来源：请在 'sources' 下列出内容所依据的文件"),
    (
        r"'(?P<p>.+)' promises returns or denies risk; .*",
        r"'\g<p>' 承诺收益或否认风险；若不在标明的骗局示例中，读起来像宣传。请改写，或把它标为骗局示例、加上引号（见 docs/lesson-packs.md 的 “Compliance check” 一节）",
    ),
    (
        r"no line says the pack is not investment advice: .*",
        "课程包中没有说明“不构成投资建议”：请在简介或某一课中加上一句，例如“本内容仅用于投资者教育，不构成投资建议。”",
    ),
    (r"the validator failed: (?P<e>.+)", r"校验器出错：\g<e>"),
]
_SUFFIXES: list[tuple[str, str]] = [
    (r"; if the line holds text, put the text in quotes: (?P<f>.+)$", r"；如果这一行是文字，请给文字加上引号：\g<f>"),
    (r"; did you mean '(?P<g>.+)'\? Rename the file$", r"；是不是 '\g<g>'？请重命名文件"),
    (r"; did you mean '(?P<g>.+)'\?$", r"；是不是想写 '\g<g>'？"),
    (r"; found '(?P<f>.+)': rename it to '(?P<t>.+)'$", r"；找到了 '\g<f>'：请把它改名为 '\g<t>'"),
    (r"; lesson files end in \.md: rename it to '(?P<t>.+)'$", r"；课程文件以 .md 结尾：请改名为 '\g<t>'"),
]
_COMPILED = [(re.compile(pattern + r"$", re.DOTALL), template) for pattern, template in _PATTERNS]
_COMPILED_SUFFIXES = [(re.compile(pattern), template) for pattern, template in _SUFFIXES]
_INLINE_HINT = re.compile(r"; did you mean '([^']+)'\?")
# A field path before the message: ``items[0].options[1].text.en: ...``.
_FIELD_PREFIX = re.compile(r"^([A-Za-z_][\w\-]*(?:\[\d+\]|\.[\w\- ]+)*): (.+)$", re.DOTALL)


def locale_language(environ: dict[str, str] | None = None) -> str:
    """``zh-CN`` when the system locale is Chinese (``LC_ALL``, ``LC_MESSAGES``, ``LANG``),
    else ``en``."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "zh-CN" if value.lower().startswith("zh") else "en"
    return "en"


def translate(message: str, language: str) -> str:
    """``message`` in ``language`` (``en`` returns it unchanged)."""
    if language != "zh-CN":
        return message
    prefix = ""
    body = message
    if _rule(body) is None:
        match = _FIELD_PREFIX.match(message)
        if match and _rule(match[2]) is not None:
            prefix, body = match[1] + "：", match[2]
    suffix = ""
    for pattern, template in _COMPILED_SUFFIXES:
        found = pattern.search(body)
        if found and _rule(body[: found.start()]) is not None:
            suffix = _expand(template, found)
            body = body[: found.start()]
            break
    rule = _rule(body)
    if rule is None:
        return message
    pattern, template = rule
    match = pattern.match(body)
    assert match is not None
    translated = _expand(template, match)
    # A trailing clause the pattern carried over (``rest``) may hold a suffix of its own.
    for suffix_pattern, suffix_template in _COMPILED_SUFFIXES:
        found = suffix_pattern.search(translated)
        if found:
            translated = translated[: found.start()] + _expand(suffix_template, found)
            break
    translated = _INLINE_HINT.sub(lambda m: f"；是不是想写 '{m[1]}'？", translated).replace("' and '", "'、'")
    return prefix + translated + suffix


def _expand(template: str, match: re.Match[str]) -> str:
    """``template`` with each ``\\g<name>`` replaced by that group (other backslashes kept)."""
    return re.sub(r"\\g<(\w+)>", lambda group: match.group(group[1]) or "", template)


def _rule(text: str) -> tuple[re.Pattern[str], str] | None:
    return next(((p, t) for p, t in _COMPILED if p.match(text)), None)


def localized(error: PackError, language: str) -> str:
    """``path:line:col: message [code]`` with the message in ``language``."""
    if language == "en":
        return str(error)
    return f"{error.path}:{error.line}:{error.col}: {translate(error.message, language)} [{error.code}]"
