"""Answer cells as Python values by their RDF datatype, and answers as pandas DataFrames.

:meth:`csrgraph.sparql.results.QueryResult.records` with ``typed=True`` and
:meth:`~csrgraph.sparql.results.QueryResult.to_dataframe` use these rules:

=====================================================  ==========================  ==============
cell                                                   Python value                DataFrame dtype
=====================================================  ==========================  ==============
``xsd:decimal``                                        :class:`decimal.Decimal`    ``object``
``xsd:double``, ``xsd:float``                          ``float``                   ``float64``
``xsd:integer`` and its derived types (``xsd:int`` …)  ``int``                     ``Int64``
``xsd:boolean``                                        ``bool``                    ``boolean``
``xsd:date``                                           :class:`datetime.date`      ``datetime64``
``xsd:dateTime``                                       :class:`datetime.datetime`  ``datetime64``
a string, a language-tagged string, any other type     ``str`` (lexical form)      ``string``
an IRI (a blank node)                                  ``str`` (the IRI, the id)   ``string``
unbound                                                ``None``                    missing
=====================================================  ==========================  ==============

A decimal stays a :class:`~decimal.Decimal` in a DataFrame (an ``object`` column): pay and
shares are exact in the graph and a float would round them; ``df[c].astype(float)`` is one
call away. A column of integers and doubles is ``float64``; a column whose cells are of
different kinds otherwise (say a label here, a number there) is ``object``.

A column of integers of which one does not fit in 64 bits is ``object``, of exact Python
``int`` values (an integer of more than :data:`INTEGER_DIGITS` digits stays its string:
turning it into an ``int`` would take seconds to minutes); a date-time column pandas cannot
hold (in UTC beyond the year 9999, say) is ``object`` too, of the ``datetime`` values.

An ill-typed literal (``"abc"^^xsd:integer``, which RDF allows and a store keeps) stays its
lexical string: nothing the data says is lost or turned into a missing value unseen, and the
column it is in becomes ``object``, which shows there is something to look at. Ill-typed
means outside the datatype's lexical space in XML Schema 1.1 Part 2, checked exactly: ASCII
digits only, no underscores, no spaces, no exponent in a decimal, a date as
``YYYY-MM-DD``; ``"24:00:00"`` is the next day's midnight, as XSD says. A date or date-time
valid in XSD that Python cannot hold (a year before 1 or after 9999) stays a string too. A date or
date-time with a time zone keeps it (an aware ``datetime``; a ``date`` drops it, Python's
``date`` has none); a DataFrame column of aware date-times is in UTC.

>>> import pyoxigraph as ox
>>> to_python(ox.Literal("2.50", datatype=ox.NamedNode(XSD + "decimal")))
Decimal('2.50')
>>> to_python(ox.Literal("abc", datatype=ox.NamedNode(XSD + "integer")))
'abc'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from csrgraph.errors import UsageError
from csrgraph.namespaces import XSD

#: A cell's Python value.
Value = str | int | float | bool | Decimal | dt.date | dt.datetime | None

_INTEGERS = (
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
)
_FLOAT_SPECIAL = {"INF": "inf", "+INF": "inf", "-INF": "-inf", "NaN": "nan"}

# The lexical spaces of XML Schema 1.1 Part 2 (ASCII digits only: Python's \d and int()
# accept any script's digits and underscores, which XSD does not).
_YEAR_MONTH_DAY = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_LEXICAL = {
    "integer": re.compile(r"[+-]?[0-9]+"),
    "decimal": re.compile(_NUMBER),
    "float": re.compile(rf"{_NUMBER}(?:[Ee][+-]?[0-9]+)?|[+-]?INF|NaN"),
    "boolean": re.compile(r"true|false|1|0"),
    "date": re.compile(rf"{_YEAR_MONTH_DAY}{_ZONE}?"),
    "dateTime": re.compile(rf"{_YEAR_MONTH_DAY}T{_TIME}{_ZONE}?"),
    "dateTimeStamp": re.compile(rf"{_YEAR_MONTH_DAY}T{_TIME}{_ZONE}"),
}


def _check(kind: str, text: str) -> str:
    """Return ``text`` when it is in the lexical space of ``kind``; raise ValueError if not."""
    if not _LEXICAL[kind].fullmatch(text):
        raise ValueError(text)
    return text


#: The most digits of an integer turned into an ``int``: the conversion takes time quadratic
#: in the digits (50,000 take a tenth of a second, 2,000,000 took two minutes).
INTEGER_DIGITS = 50_000


def _integer(text: str) -> int:
    if len(text) > INTEGER_DIGITS + 1:  # a sign and the digits
        raise ValueError(text)
    # through Decimal: int() of a string over 4,300 digits is refused (Python's limit)
    return int(Decimal(_check("integer", text)))


def _decimal(text: str) -> Decimal:
    return Decimal(_check("decimal", text))


def _float(text: str) -> float:
    _check("float", text)
    return float(_FLOAT_SPECIAL.get(text, text))


def _boolean(text: str) -> bool:
    return _check("boolean", text) in ("true", "1")


def _date(text: str) -> dt.date:
    _check("date", text)
    return dt.date.fromisoformat(text[:10])  # a date's time zone: Python's date has none


def _datetime(text: str, kind: str = "dateTime") -> dt.datetime:
    _check(kind, text)
    # what Python 3.10's fromisoformat reads: "+00:00" for "Z", six digits of a fraction
    iso = text.removesuffix("Z") + ("+00:00" if text.endswith("Z") else "")
    iso = re.sub(r"\.([0-9]+)", lambda m: "." + m.group(1)[:6].ljust(6, "0"), iso)
    if iso[11:13] != "24":
        return dt.datetime.fromisoformat(iso)
    # 24:00:00 is the end of the day: the next day's 00:00:00
    start = dt.datetime.fromisoformat(iso[:11] + "00" + iso[13:])
    return start + dt.timedelta(days=1)


def _datetime_stamp(text: str) -> dt.datetime:
    return _datetime(text, "dateTimeStamp")


#: Datatype IRI -> the function that turns a lexical form into a Python value.
CONVERTERS: dict[str, Callable[[str], Any]] = {
    XSD + "decimal": _decimal,
    XSD + "double": _float,
    XSD + "float": _float,
    XSD + "boolean": _boolean,
    XSD + "date": _date,
    XSD + "dateTime": _datetime,
    XSD + "dateTimeStamp": _datetime_stamp,
    **{XSD + name: _integer for name in _INTEGERS},
}


def to_python(term: Any) -> Value:
    """Return a pyoxigraph term (or None) as a Python value by its datatype (see the table).

    >>> import pyoxigraph as ox
    >>> to_python(ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")))
    42
    >>> to_python(ox.Literal("2026-11-28", datatype=ox.NamedNode(XSD + "date")))
    datetime.date(2026, 11, 28)
    >>> to_python(ox.Literal("Kundendienst", language="de")), to_python(None)
    ('Kundendienst', None)
    """
    if term is None:
        return None
    import pyoxigraph as ox

    if not isinstance(term, ox.Literal):
        return str(term.value)
    convert = CONVERTERS.get(term.datatype.value)
    if convert is None:
        return str(term.value)
    try:
        value: Value = convert(term.value)
    except (ValueError, InvalidOperation, OverflowError):
        # ill-typed, or beyond Python (9999-12-31T24:00:00 is year 10000): as written
        return str(term.value)
    return value


def typed_rows(variables: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[dict[str, Value]]:
    """Return rows of terms as dicts of Python values (see :func:`to_python`).

    >>> import pyoxigraph as ox
    >>> typed_rows(["b"], [(ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),)])
    [{'b': True}]
    """
    return [
        {var: to_python(term) for var, term in zip(variables, row, strict=True)} for row in rows
    ]


def _import_pandas() -> Any:
    import importlib

    try:
        pandas = importlib.import_module("pandas")  # optional: the [pandas] extra
    except ImportError:
        raise UsageError(
            "to_dataframe needs pandas, which is not installed "
            "(install it with: pip install 'csrgraph[pandas]')",
            parameter="pandas",
        ) from None
    return pandas


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _dtype(values: list[Value]) -> str | None:
    """Return the pandas dtype for a column's values (None: build it as it is, ``object``)."""
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return None
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:  # outside 64 bits: Python ints in an object column
        fits = all(_INT64_MIN <= v <= _INT64_MAX for v in values if v is not None)  # type: ignore[operator]
        return "Int64" if fits else None
    if kinds <= {int, float} and float in kinds:
        return "float64"
    if kinds == {str}:
        return "string"
    if kinds == {dt.date} or kinds == {dt.datetime}:
        return "datetime64"
    return None


def dataframe(variables: Sequence[str], rows: Sequence[Sequence[Any]]) -> Any:
    """Return the rows as a ``pandas.DataFrame``, a dtype per column by its values' types.

    Raises:
        UsageError: pandas is not installed (it is the ``[pandas]`` extra).

    >>> import pyoxigraph as ox
    >>> n = ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))
    >>> df = dataframe(["n", "x"], [(n, None), (None, None)])
    >>> [str(t) for t in df.dtypes]
    ['Int64', 'object']

    """
    pandas = _import_pandas()
    columns: dict[str, Any] = {}
    for index, var in enumerate(variables):
        values = [to_python(row[index]) for row in rows]
        dtype = _dtype(values)
        if dtype == "datetime64":
            aware = {v.tzinfo is not None for v in values if isinstance(v, dt.datetime)}
            if len(aware) > 1:  # naive and aware together cannot share a column
                columns[var] = pandas.Series(values, dtype=object)
                continue
            try:
                if aware == {True}:  # in UTC a date-time may leave Python's years 1 to 9999
                    for value in values:
                        if isinstance(value, dt.datetime):
                            value.astimezone(dt.timezone.utc)
                columns[var] = pandas.to_datetime(
                    pandas.Series(values, dtype=object), utc=aware == {True}
                )
            except (ValueError, OverflowError, NotImplementedError):  # outside pandas' range
                columns[var] = pandas.Series(values, dtype=object)
        elif dtype == "float64":
            try:
                floats = [float("nan") if v is None else float(v) for v in values]  # type: ignore[arg-type]
            except OverflowError:  # an integer beyond any double: keep the exact values
                columns[var] = pandas.Series(values, dtype=object)
            else:
                columns[var] = pandas.Series(floats, dtype="float64")
        elif dtype is not None:
            columns[var] = pandas.Series(values, dtype=dtype)
        else:
            columns[var] = pandas.Series(values, dtype=object)
    return pandas.DataFrame(columns, columns=list(variables))
