"""Money in whole 分 (integers), and the dues brackets of DOMAIN.md.

Every amount is stored and summed as an integer number of 分; a yuan figure
typed by a person or read from a workbook becomes 分 here, exactly (Decimal,
never float), and is refused when it cannot be a sum of money.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# A month's after-tax pay above this is a typing error, not a salary.
MAX_PAY_FEN = 100_000_000  # 100 万元
# One payment above this is a typing error too (a year of the top rate on a very high pay is far below).
MAX_PAYMENT_FEN = 10_000_000  # 10 万元

# (upper bound in 分, inclusive; rate in parts per thousand).  The whole
# monthly pay is charged at the rate of the bracket it falls in: the usual
# rule for party dues, not a progressive tax.
BRACKETS = ((300_000, 5), (500_000, 10), (1_000_000, 15), (None, 20))
RETIREE_BRACKETS = ((500_000, 5), (None, 10))


class MoneyError(ValueError):
    """A typed amount that is not money; the message is in Chinese."""


def rate_permille(pay_fen: int, retired: bool = False) -> int:
    """The rate (‰) for a monthly after-tax pay of ``pay_fen``."""
    for bound, permille in RETIREE_BRACKETS if retired else BRACKETS:
        if bound is None or pay_fen <= bound:
            return permille
    raise AssertionError("the last bracket has no bound")


def monthly_dues(pay_fen: int, retired: bool = False) -> int:
    """The month's dues in 分: the whole pay at its bracket's rate, rounded
    to the nearest 分, halves up (ROUND_HALF_UP)."""
    exact = Decimal(pay_fen) * rate_permille(pay_fen, retired) / 1000
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_yuan(text, *, maximum_fen: int, allow_zero: bool = True) -> int:
    """The 分 that ``text`` (yuan, like ``"3000"`` or ``"3,000.05"``) spells."""
    if isinstance(text, bool) or text is None:
        raise MoneyError("请填写金额")
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))  # a workbook cell: its shortest spelling, not the binary expansion
    else:
        cleaned = str(text).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
        if not cleaned:
            raise MoneyError("请填写金额")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise MoneyError("金额应为数字，如 3000 或 3000.50") from None
    if not value.is_finite():
        raise MoneyError("金额应为数字，如 3000 或 3000.50")
    if value < 0:
        raise MoneyError("金额不能为负数")
    fen = value * 100
    if fen != fen.to_integral_value():
        raise MoneyError("金额最多精确到分（两位小数）")
    if fen > maximum_fen:
        raise MoneyError(f"金额过大，不能超过 {yuan(maximum_fen)} 元")
    if not allow_zero and fen == 0:
        raise MoneyError("金额应大于 0")
    return int(fen)


def yuan(fen: int | None) -> str:
    """``123456`` → ``"1,234.56"``: integer arithmetic, no float."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def percent(part: int, whole: int) -> str:
    """A rate of payment as text, ``"—"`` when nothing was expected."""
    if whole <= 0:
        return "—"
    exact = Decimal(part) * 100 / Decimal(whole)
    return f"{exact.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
