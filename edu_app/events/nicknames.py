"""Anonymous event nicknames: a random adjective and animal in the attendee's language, drawn
with Faker's random generator for that language, and a small blocklist for abuse.

Faker's person names would look like real people's names on a projector, so the words come
from short lists instead; Faker supplies the locale-aware randomness and the number suffix.
"""

from __future__ import annotations

import unicodedata

from edu_app.services import nickname as nickname_rules

_WORDS = {
    "en": (
        ("Brave", "Calm", "Clever", "Curious", "Gentle", "Happy", "Honest", "Lucky", "Patient", "Quick",
         "Quiet", "Smart", "Steady", "Sunny", "Wise", "Careful"),
        ("Panda", "Otter", "Falcon", "Koala", "Dolphin", "Fox", "Owl", "Tiger", "Heron", "Lynx", "Crane",
         "Beaver", "Badger", "Swan", "Hedgehog", "Penguin"),
    ),
    "zh-CN": (
        ("勇敢的", "冷静的", "聪明的", "好奇的", "温和的", "快乐的", "诚实的", "幸运的", "耐心的", "敏捷的",
         "安静的", "机智的", "稳健的", "阳光的", "睿智的", "细心的"),
        ("熊猫", "水獭", "猎鹰", "考拉", "海豚", "狐狸", "猫头鹰", "老虎", "白鹭", "山猫", "仙鹤",
         "河狸", "獾", "天鹅", "刺猬", "企鹅"),
    ),
}
_FAKER_LOCALES = {"en": "en_US", "zh-CN": "zh_CN"}

# Words that make a nickname unfit for a room's projector (compared without case, width or
# spaces). Deliberately short: the organiser can remove any nickname from the event.
BLOCKLIST = (
    "fuck", "shit", "bitch", "cunt", "nigger", "faggot", "whore", "slut", "rape", "nazi", "hitler",
    "admin", "organiser", "organizer", "主持人", "管理员",
    "傻逼", "煞笔", "操你", "草泥马", "妈的", "他妈", "婊子", "贱人", "去死", "滚蛋", "法西斯",
)


class NicknameBlocked(ValueError):
    """A nickname containing a blocked word."""


def random_nickname(language: str) -> str:
    """A fresh anonymous nickname in ``language`` (e.g. "Calm Otter 42", "冷静的水獭42")."""
    from faker import Faker

    fake = Faker(_FAKER_LOCALES.get(language, "en_US"))
    adjectives, animals = _WORDS.get(language, _WORDS["en"])
    adjective = fake.random_element(adjectives)
    animal = fake.random_element(animals)
    number = fake.random_int(10, 99)
    return f"{adjective}{animal}{number}" if language == "zh-CN" else f"{adjective} {animal} {number}"


def _folded(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def check(text: str) -> str:
    """The nickname as stored (the app's nickname rules) or ``NicknameBlocked`` / ``NicknameError``."""
    value = nickname_rules.validate(text)
    folded = _folded(value)
    if any(_folded(word) in folded for word in BLOCKLIST):
        raise NicknameBlocked(value)
    return value
