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

An ill-typed literal (``"abc"^^xsd:integer``, which RDF allows and a store keeps) stays its
lexical string: nothing the data says is lost or turned into a missing value unseen, and the
column it is in becomes ``object``, which shows there is something to look at. A date or
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


def _integer(text: str) -> int:
    if not text.strip().lstrip("+-").isdigit():
        raise ValueError(text)
    return int(text)


def _decimal(text: str) -> Decimal:
    value = Decimal(text.strip())
    if not value.is_finite():  # "NaN" and "Infinity" are not xsd:decimal
        raise ValueError(text)
    return value


def _float(text: str) -> float:
    stripped = text.strip()
    if stripped.lower() in ("inf", "+inf", "-inf", "nan", "infinity", "-infinity"):
        stripped = _FLOAT_SPECIAL.get(stripped, "x")  # only XSD's own spellings
    return float(stripped)


def _boolean(text: str) -> bool:
    value = {"true": True, "1": True, "false": False, "0": False}.get(text.strip())
    if value is None:
        raise ValueError(text)
    return value


def _date(text: str) -> dt.date:
    stripped = text.strip().removesuffix("Z")
    if len(stripped) > 10 and stripped[10] in "+-":  # a time zone offset
        stripped = stripped[:10]
    return dt.date.fromisoformat(stripped)


def _datetime(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.strip())


#: Datatype IRI -> the function that turns a lexical form into a Python value.
CONVERTERS: dict[str, Callable[[str], Any]] = {
    XSD + "decimal": _decimal,
    XSD + "double": _float,
    XSD + "float": _float,
    XSD + "boolean": _boolean,
    XSD + "date": _date,
    XSD + "dateTime": _datetime,
    XSD + "dateTimeStamp": _datetime,
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
    except (ValueError, InvalidOperation):
        return str(term.value)  # ill-typed: the lexical form, as written
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


def _dtype(values: list[Value]) -> str | None:
    """Return the pandas dtype for a column's values (None: build it as it is, ``object``)."""
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return None
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "Int64"
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
            columns[var] = pandas.to_datetime(
                pandas.Series(values, dtype=object), utc=aware == {True}
            )
        elif dtype == "float64":
            columns[var] = pandas.Series(
                [float("nan") if v is None else float(v) for v in values],  # type: ignore[arg-type]
                dtype="float64",
            )
        elif dtype is not None:
            columns[var] = pandas.Series(values, dtype=dtype)
        else:
            columns[var] = pandas.Series(values, dtype=object)
    return pandas.DataFrame(columns, columns=list(variables))
