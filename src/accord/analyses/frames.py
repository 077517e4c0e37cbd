"""Results as tables, for notebooks: `to_frame()` (pandas) and `_repr_html_()` (no pandas needed); the same tables
are what `--csv DIR` writes (`accord.present.csvfiles`), so a table's rows have one source.

Every result and report that `accord.analyses` exports mixes in `Tabular` and says, in `_table()`, what its
main table is: rows of plain values, the columns that identify a row (ids, which become index levels), and
the labels people read (names, which become index levels beside the ids). Tables hold the scenario's names
as labels and keep the ids as an index level, so a frame can be joined back to `--json` output by id.

pandas is an optional extra (`pip install 'accord[frames]'`); `_repr_html_` does not need it, so a result
shows as a table in Jupyter either way.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from accord.scenario.schema import Scenario


@dataclass(frozen=True)
class Table:
    """One table: `index` columns identify a row (ids, then names); the rest are values."""

    title: str
    index: tuple[str, ...]
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]  # one value per index column, then one per column
    key: str = ""  # a short name for the table's CSV file (`--csv`): `<command>-<key>.csv`, or `<command>.csv`


def names_of(scenario: Scenario) -> dict[str, str]:
    """Every id of a scenario that has a name, mapped to it: actors, factions, issues, options, levers, lever
    packages, strategies, theories (hypothesis sets), packages, offer sets. Used to label tables by name."""
    out: dict[str, str] = {}

    def put(items: Any) -> None:
        for x in items:
            name = getattr(x, "name", None)
            if name:
                out.setdefault(x.id, name)

    for a in scenario.actors:
        put([a])
        put(a.factions)
    for i in scenario.issues:
        put([i])
        put(i.options)
    for group in (
        scenario.levers,
        scenario.lever_packages,
        scenario.strategies,
        scenario.hypothesis_sets,
        scenario.packages,
        scenario.offers,
    ):
        put(group)
    return out


def label(names: dict[str, str], ident: str | None) -> str:
    """The name of an id (the id itself when it has none)."""
    if ident is None:
        return ""
    return names.get(ident, ident)


def theory_label(names: dict[str, str], theory: str | None) -> str:
    """A theory's name: 'no hypotheses' for none (an option or lever may have the id `none`, so it is never looked
    up), 'the beliefs (one theory drawn per sample)' for `beliefs`, else the hypothesis set's name."""
    if theory in (None, "none"):
        return "no hypotheses"
    if theory == "beliefs":
        return "the beliefs (one theory drawn per sample)"
    return label(names, theory)


def levers_label(names: dict[str, str], levers: str | None) -> str:
    """A lever package's name: 'no levers' for none (never looked up, as for `theory_label`)."""
    return "no levers" if levers in (None, "none") else label(names, levers)


def labels(names: dict[str, str], idents: Any) -> str:
    """Names of several ids, joined with commas ('none' for an empty list)."""
    parts = [label(names, i) for i in idents]
    return ", ".join(parts) if parts else "none"


def package_text(names: dict[str, str], package: dict[str, str] | None) -> str:
    """A package as 'issue: option; ...' in names."""
    if not package:
        return ""
    return "; ".join(f"{label(names, i)}: {label(names, o)}" for i, o in package.items())


def frame(table: Table) -> pd.DataFrame:
    """The table as a pandas DataFrame indexed by its id and name columns."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            "to_frame() needs pandas, an optional extra: pip install 'accord[frames]' (or pip install pandas)"
        ) from None
    df = pd.DataFrame([list(r) for r in table.rows], columns=[*table.index, *table.columns])
    if table.index:
        df = df.set_index(list(table.index))
    df.attrs["title"] = table.title
    return df


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.3g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return html.escape(str(value))


def html_table(table: Table, limit: int = 60) -> str:
    """The table as HTML (escaped), at most `limit` rows, with its title as caption."""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in (*table.index, *table.columns))
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in table.rows[:limit])
    more = f"<p>{len(table.rows) - limit} more rows: use to_frame()</p>" if len(table.rows) > limit else ""
    return (
        f"<table><caption>{html.escape(table.title)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>{more}"
    )


class Tabular:
    """Mixin: a result that has a main table gets `to_frame()` and a notebook view."""

    def _table(self) -> Table:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def tables(self) -> list[Table]:
        """Every main table of the result, the one `to_frame()` gives first (what `--csv` writes, one file each)."""
        return [self._table()]

    def to_frame(self) -> pd.DataFrame:
        """The result's main table as a pandas DataFrame: names as labels, ids as an index level."""
        return frame(self._table())

    def _repr_html_(self) -> str:
        return html_table(self._table())
