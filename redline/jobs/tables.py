"""The batch's tables: `pairs.csv` (one row per pair) and `changes.parquet` (one row per change),
built from the pairs' compare JSON files, in archive order, so that they are the same whatever
engine computed them."""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from redline.errors import RedlineError
from redline.jobs.archive import Pair
from redline.jobs.output import refuse_input, write_atomic
from redline.render.tables import csv_text

PAIR_COLUMNS = ["corpus", "old", "new", "status", "error", "inserted", "deleted", "modified",
                "moved", "unchanged", "changes", "unattributed", "seconds"]
CHANGE_COLUMNS = ["corpus", "old", "new", "old_address", "new_address", "kind", "old_text",
                  "new_text", "delegations", "stances", "date", "evidence", "paragraph_status"]
ROW_GROUP = 50_000  # changes per Parquet row group, and per batch held in memory


def pair_row(pair: Pair, status: str, error: str, counts: dict, seconds: float | None
             ) -> dict:
    """A row of `pairs.csv`; the counts are empty for a pair that failed (and the seconds for
    one never compared)."""
    return {"corpus": pair.corpus, "old": pair.old, "new": pair.new, "status": status,
            "error": error, **{k: counts.get(k) for k in PAIR_COLUMNS[5:-1]},
            "seconds": None if seconds is None else round(seconds, 3)}


def change_rows(corpus: str, old: str, new: str, compared: dict) -> Iterator[dict]:
    """One row per change of a compare JSON, paragraph by paragraph: its changes, then the
    words proposed for deletion there (`kind` `proposed_delete`), which are still in the text."""
    for p in compared["paragraphs"]:
        where = {"corpus": corpus, "old": old, "new": new,
                 "old_address": p.get("old_address"), "new_address": p.get("new_address")}
        status = p.get("paragraph_status")
        found = [(c["kind"], c["old_text"], c["new_text"], c) for c in p.get("changes", ())]
        found += [("proposed_delete", "", d["text"], d) for d in p.get("proposed_deletions", ())]
        for kind, old_text, new_text, c in found:
            yield {**where, "kind": kind, "old_text": old_text.strip(),
                   "new_text": new_text.strip(), "delegations": list(c.get("delegations", ())),
                   "stances": json.dumps(c.get("positions", []), ensure_ascii=False,
                                         sort_keys=True),
                   "date": _date(c.get("date")), "evidence": c.get("evidence"),
                   "paragraph_status": status}


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _schema():
    import pyarrow as pa

    text = pa.string()
    return pa.schema([("corpus", text), ("old", text), ("new", text), ("old_address", text),
                      ("new_address", text), ("kind", text), ("old_text", text),
                      ("new_text", text), ("delegations", pa.list_(text)), ("stances", text),
                      ("date", pa.date32()), ("evidence", text), ("paragraph_status", text)])


def all_changes(out: Path, pairs: tuple[Pair, ...], record: dict[str, dict]
                ) -> Iterator[dict]:
    """The change rows of every pair that worked, read back from its JSON, in archive order."""
    for pair in pairs:
        if record[pair.key]["status"] != "ok":
            continue
        path = out / "pairs" / f"{pair.key}.json"
        try:
            compared = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RedlineError(f"{path}: cannot read back ({exc})") from None
        yield from change_rows(pair.corpus, pair.old, pair.new, compared)


def write_tables(out: Path, rows: list[dict], pairs: tuple[Pair, ...], record: dict[str, dict],
                 csv: bool, inputs: tuple[str, ...]) -> None:
    """`pairs.csv` (`rows`), `changes.parquet` and, when asked, `changes.csv` (the changes of
    the `pairs` that worked, as `record` says), each written whole to a temporary file and
    renamed."""
    write_atomic(out / "pairs.csv", csv_text(PAIR_COLUMNS, rows), inputs)
    _write_parquet(out / "changes.parquet", all_changes(out, pairs, record), inputs)
    if csv:
        write_atomic(out / "changes.csv",
                     csv_text(CHANGE_COLUMNS, ({**r, "date": r["date"] and r["date"].isoformat()}
                                               for r in all_changes(out, pairs, record))),
                     inputs)


def _write_parquet(path: Path, rows: Iterator[dict], inputs: tuple[str, ...]) -> None:
    """Stream rows into a Parquet file, a row group at a time, then rename it over `path`
    (never over an input); the same rows give the same bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    refuse_input(path, inputs)
    schema = _schema()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            batch: list[dict] = []
            groups = 0
            for row in rows:
                batch.append(row)
                if len(batch) == ROW_GROUP:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch, groups = [], groups + 1
            if batch or not groups:  # an archive with no change still gets its (empty) table
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
