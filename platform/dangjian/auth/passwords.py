"""Password hashing (argon2id) and the password policy.

Policy after NIST SP 800-63B: a minimum length, long passphrases allowed, a
blocklist of common passwords, and no composition rules.
"""
from __future__ import annotations

import secrets
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context


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
    text = resources.files(__package__).joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def password_problems(password: str, username: str = "") -> list[str]:
    """Reasons (in Chinese) a new password is refused; empty when acceptable."""
    config = current_app.config
    problems = []
    if len(password) < config["PASSWORD_MIN_LENGTH"]:
        problems.append(f"密码至少需要 {config['PASSWORD_MIN_LENGTH']} 个字符。")
    if len(password) > config["PASSWORD_MAX_LENGTH"]:
        problems.append(f"密码最多 {config['PASSWORD_MAX_LENGTH']} 个字符。")
    lowered = password.lower()
    if lowered in common_passwords() or len(set(password)) <= 2:
        problems.append("这个密码太常见，很容易被猜到，请换一个。可以用一句好记的话作密码。")
    elif username and lowered == username.lower():
        problems.append("密码不能与用户名相同。")
    return problems


# Pinyin words from the court's party culture: easy to read aloud and type
# on any keyboard, unlike a random string.
WORDS = (
    "hongqiqu", "qingnian", "xianfeng", "huhang", "lijian", "fuwu", "tuanjie", "fengxian", "zhongcheng",
    "qingchun", "chuxin", "shiming", "zhiyuan", "gongzheng", "qinglian", "wenming", "jianshe", "kaichuang",
    "zili", "gengsheng", "jianku", "chuangye", "xiezuo", "taihang", "huanhe", "yuefei", "jingzhong",
    "baoguo", "shanhe", "hongmei", "mingde", "houde", "zhengyi", "anning", "chunfeng", "qiushi",
)


def new_passphrase() -> str:
    """Two words and four digits, e.g. ``xianfeng-tuanjie-4821`` (from ``secrets``)."""
    first, second = secrets.choice(WORDS), secrets.choice(WORDS)
    while second == first:
        second = secrets.choice(WORDS)
    return f"{first}-{second}-{secrets.randbelow(10000):04d}"
