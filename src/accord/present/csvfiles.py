"""CSV export of a result's main tables (`--csv DIR`), for analysts who work in a spreadsheet or in R.

The tables are the ones `to_frame()` gives (`accord.analyses.frames.Table`), so a table's rows have one source:
one file per table, `<command>-<key>.csv` (`<command>.csv` when a command has one table), with the id columns
first, then the names, then the values. Numbers are written in full (as in `--json`, so a row can be joined back
to it), yes/no as `true`/`false`, and a value that does not exist (no zone, NaN) as an empty cell. Written with
the standard library's `csv` module; pandas is not needed.
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path
from typing import Any

from accord.analyses.frames import Table
from accord.errors import AccordError


def csv_folder(folder: Path) -> Path:
    """The folder to write CSV files to, created if absent; a clear error (before any work is done) if it is a
    file, cannot be created or is not writable."""
    if folder.exists() and not folder.is_dir():
        raise AccordError(
            f"--csv {folder}: this is a file, not a folder; give a folder for the CSV files (it is created if absent)"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AccordError(
            f"--csv {folder}: cannot create the folder ({exc.strerror or exc}); choose a writable place"
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise AccordError(f"--csv {folder}: the folder is not writable; choose another or change its permissions")
    return folder


def _cell(value: Any) -> Any:
    """A value as a CSV cell: floats in full, booleans as true/false, missing values and NaN as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):  # NumPy's float64 too, written as a plain number
        return "" if math.isnan(value) else repr(float(value))
    if hasattr(value, "item") and callable(value.item):  # a NumPy scalar
        return _cell(value.item())
    return value


def file_name(command: str, table: Table, single: bool = False) -> str:
    """`<command>.csv` for a command's only table (or one without a key), else `<command>-<key>.csv`."""
    return f"{command}-{table.key}.csv" if table.key and not single else f"{command}.csv"


def write_csv(folder: Path, command: str, tables: list[Table]) -> list[Path]:
    """Write each table to its own CSV file in `folder` (UTF-8, header row first); returns the files written."""
    written = []
    for table in tables:
        path = folder / file_name(command, table, len(tables) == 1)
        try:
            with path.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow([*table.index, *table.columns])
                w.writerows([_cell(v) for v in row] for row in table.rows)
        except OSError as exc:
            raise AccordError(
                f"cannot write {path}: {exc.strerror or exc}; choose a writable folder for --csv"
            ) from None
        written.append(path)
    return written
