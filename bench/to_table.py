#!/usr/bin/env python3
"""Person records from JSONL to the CSV record format of the shipped policy (one row per
activity or exemption, the person's cells repeated), for bench/run.sh's input-format runs.

    python3 bench/to_table.py people.jsonl [MAX_ROWS] > people.csv

Streams (one record in memory). A line that is not a JSON object, or a value no cell can
hold as the JSON held it (a list where a scalar goes, a field the policy does not declare),
is written as near as it goes: the benchmark measures reading tables, not this converter.
MAX_ROWS (optional) stops before the data rows would pass it, at a person's boundary (an
Excel sheet holds 1,048,576 rows).
"""
import csv
import json
import sys

PERSON = ["id", "name", "unit", "title", "title_since"]
COLUMNS = PERSON + ["entry", "kind", "start", "end", "year", "level", "months", "date",
                    "hours", "subjects", "recognized", "category", "issuer", "evidence",
                    "reason", "years", "approved"]
LISTS = {"evidence", "years"}


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(cell(v) for v in value)
    if isinstance(value, (dict,)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def rows_of(record):
    person = {k: cell(record.get(k)) for k in PERSON}
    rows = []
    for entry, key in (("activity", "activities"), ("exemption", "exemptions")):
        items = record.get(key) or []
        if not isinstance(items, list):
            items = [items]
        for item in items:
            row = dict(person, entry=entry)
            if isinstance(item, dict):
                for k, v in item.items():
                    if k in COLUMNS and k not in PERSON and k != "entry":
                        row[k] = cell(v)
            rows.append(row)
    return rows or [person]


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    out = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n", restval="")
    out.writeheader()
    written = 0
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            rows = rows_of(record)
            if limit is not None and written + len(rows) > limit:
                break
            out.writerows(rows)
            written += len(rows)


if __name__ == "__main__":
    main()
