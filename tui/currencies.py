"""ISO 4217: the currency codes crm accepts, and how many decimals each uses."""

from __future__ import annotations

from .errors import ValidationError

# Active ISO 4217 codes (2025). Data, not logic: a code missing here is refused with a clear message.
ACTIVE_CODES = frozenset(
    """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD
CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ
GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR
LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB
TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
""".split()
)
ZERO_DECIMALS = frozenset("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split())
THREE_DECIMALS = frozenset("BHD IQD JOD KWD LYD OMR TND".split())


def currency_code(text: str, field: str = "currency") -> str:
    """An ISO 4217 code, upper-cased, or a ValidationError."""
    code = (text or "").strip().upper()
    if code not in ACTIVE_CODES:
        raise ValidationError(field, f"unknown currency {text.strip()!r}: use an ISO 4217 code such as EUR, USD, GBP")
    return code


def decimals(code: str) -> int:
    """How many decimals amounts in `code` show."""
    return 0 if code in ZERO_DECIMALS else 3 if code in THREE_DECIMALS else 2
