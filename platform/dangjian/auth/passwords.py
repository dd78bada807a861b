"""Password hashing (argon2id) and the password policy.

Policy after NIST SP 800-63B and OWASP ASVS: a minimum length, long
passphrases allowed, no composition rules; refused are common and breached
passwords (zxcvbn's list of the 30,000 most common, from the xato corpus,
plus our own Chinese list), keyboard walks, repeats, sequences and dates
(zxcvbn's estimate must reach PASSWORD_MIN_SCORE), and passwords built on
the username or the person's name in pinyin.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from pypinyin import lazy_pinyin
from zxcvbn import zxcvbn


def _hasher() -> PasswordHasher:
    if not has_app_context():
        return PasswordHasher()
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    return frozenset(local_common_passwords())


@lru_cache(maxsize=1)
def local_common_passwords() -> tuple[str, ...]:
    """Our own additions to zxcvbn's lists: Chinese, court and party words."""
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return tuple(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def password_problems(password: str, username: str = "", names: Iterable[str] = ()) -> list[str]:
    """Reasons (in Chinese) a new password is refused; empty when acceptable.

    ``names`` are the person's names (display name, member name) whose
    pinyin the password must not be built on."""
    config = current_app.config
    if len(password) < config["PASSWORD_MIN_LENGTH"]:
        return [f"密码至少需要 {config['PASSWORD_MIN_LENGTH']} 个字符。"]
    if len(password) > config["PASSWORD_MAX_LENGTH"]:
        return [f"密码最多 {config['PASSWORD_MAX_LENGTH']} 个字符。"]
    personal = personal_words(username, names)
    if _letters(password) in personal:
        return ["密码不能是用户名或姓名的拼音（加上数字或符号也不行，如 zhangsan123、zs2024），请换一个。"]
    if password.lower() in common_passwords():
        return [COMMON]
    weakness = guessability(password, personal, config["PASSWORD_MIN_SCORE"])
    return [weakness] if weakness else []


ADVICE = "请换一个，可以用几个词加数字组成一句好记的话，如“词语-词语-四位数字”。"
COMMON = "这个密码太常见，很容易被猜到：它在常见密码或已泄露密码的名单中。" + ADVICE
REASONS = (  # (zxcvbn pattern, dictionary), why — the first that occurs in the password wins
    (("dictionary", "user_inputs"), "它由用户名或姓名的拼音构成"),
    (("dictionary", "passwords"), None),  # COMMON
    (("spatial", None), "它是键盘上相连的按键（如 qwerty、12qwaszx、zxcvbnm）"),
    (("repeat", None), "它由重复的字符组成（如 aaaa、abcabc、asdfasdf）"),
    (("sequence", None), "它是连续的字符（如 123456、abcdef）"),
    (("date", None), "它主要是日期"),
    (("regex", None), "它主要是年份"),
    (("dictionary", None), "它主要由常见的单词、人名或拼音组成"),
)
# zxcvbn keeps the user's words in a module-level dictionary it replaces on
# every call: one check at a time, so no request sees another's words.
_ZXCVBN_LOCK = threading.Lock()
ZXCVBN_MAX = 72  # zxcvbn refuses longer input; the first 72 characters decide


def guessability(password: str, personal: Iterable[str], min_score: int) -> str | None:
    """zxcvbn's estimate (its 30,000 most common passwords, English words,
    names, keyboard walks, repeats, sequences, dates) with our own list and
    the person's words added; a message when it is below ``min_score``."""
    inputs = list(personal) + list(local_common_passwords())
    with _ZXCVBN_LOCK:
        result = zxcvbn(password[:ZXCVBN_MAX], user_inputs=inputs)
    if result["score"] >= min_score:
        return None
    found = {(m["pattern"], m.get("dictionary_name")) for m in result["sequence"]}
    found |= {(pattern, None) for pattern, _ in found}
    for key, why in REASONS:
        if key in found:
            if why is None or (key == ("dictionary", "user_inputs") and _only_common(result, personal)):
                return COMMON
            return f"这个密码很容易被猜到：{why}。" + ADVICE
    return "这个密码太短或太简单，很容易被猜到。" + ADVICE


def _only_common(result, personal) -> bool:
    """A user_inputs match that came from our common-password list, not the person."""
    words = set(personal)
    return not any(m.get("dictionary_name") == "user_inputs" and m["matched_word"] in words for m in result["sequence"])


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())


def personal_words(username: str, names: Iterable[str]) -> set[str]:
    """The username and each name in pinyin: full (linxiaotong), given name
    first (xiaotonglin), initials (lxt), surname with initials (linxt),
    given name (xiaotong), the name in characters, and a Latin name as written."""
    words = {_letters(username)}
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        words.add(_letters(name))  # 林晓彤2024 as well as linxiaotong2024
        # Characters become syllables; Latin text stays as written, split at spaces.
        syllables = [_letters(part) for chunk in lazy_pinyin(name) for part in chunk.split()]
        syllables = [s for s in syllables if s]
        if len(syllables) >= 2:
            surname, given = syllables[0], syllables[1:]
            words |= {
                surname + "".join(given),
                "".join(given) + surname,
                "".join(s[0] for s in syllables),
                surname + "".join(s[0] for s in given),
                "".join(given),
            }
        elif syllables:
            words.add(syllables[0])
    return {word for word in words if len(word) >= 2}


# Pinyin words from the court's party culture: easy to read aloud and type
# on any keyboard, unlike a random string.
WORDS = (
    "hongqiqu",
    "qingnian",
    "xianfeng",
    "huhang",
    "lijian",
    "fuwu",
    "tuanjie",
    "fengxian",
    "zhongcheng",
    "qingchun",
    "chuxin",
    "shiming",
    "zhiyuan",
    "gongzheng",
    "qinglian",
    "wenming",
    "jianshe",
    "kaichuang",
    "zili",
    "gengsheng",
    "jianku",
    "chuangye",
    "xiezuo",
    "taihang",
    "huanhe",
    "yuefei",
    "jingzhong",
    "baoguo",
    "shanhe",
    "hongmei",
    "mingde",
    "houde",
    "zhengyi",
    "anning",
    "chunfeng",
    "qiushi",
)


def new_passphrase() -> str:
    """Two words and four digits, e.g. ``xianfeng-tuanjie-4821`` (from ``secrets``)."""
    first, second = secrets.choice(WORDS), secrets.choice(WORDS)
    while second == first:
        second = secrets.choice(WORDS)
    return f"{first}-{second}-{secrets.randbelow(10000):04d}"
