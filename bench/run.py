"""The crm benchmark: each figure against its floor, measured in fresh processes on a synthetic database.

    python bench/run.py --contacts 100000 [--interactions-per-contact 10] [--repeat 5] [--json] [--keep DIR]
                        [--postgresql postgresql://user@host/maintenance-db]

It signs a user up in a new database, remembers the login (as `crm login`
does), fills the account with `tui.demo`, then runs every probe of
bench/probes.py `--repeat` times, each in a new process, and reports medians.
A measurement is one line of MEASUREMENTS: adding one is a probe and a line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui import accounts, database, demo, settings  # noqa: E402
from tui.models import database as bound  # noqa: E402

PROBES_SCRIPT = Path(__file__).resolve().parent / "probes.py"
SMALL_CONTACTS = 100
PROBE_TIME_LIMIT_S = 600
EMAIL = "bench@example.org"
PASSWORD = "benchmark password"
UNIT_SCALE = {"s": 1.0, "ms": 1000.0, "MB": 1.0}
"""Probes report seconds and megabytes; a unit says how to show them."""


@dataclass(frozen=True)
class Target:
    """What a figure should be: at most `ratio` times its floor, or at most `limit` in its unit."""

    ratio: float | None = None
    limit: float | None = None

    def met(self, value: float, floor: float | None) -> bool | None:
        if self.ratio is not None:
            return None if floor is None else value <= self.ratio * floor
        return None if self.limit is None else value <= self.limit

    def __str__(self) -> str:
        return f"<= {self.ratio:g}x" if self.ratio is not None else f"<= {self.limit:g}"


@dataclass(frozen=True)
class Measurement:
    """One line of the report: which probe on which database, which of its figures, compared with what."""

    name: str
    probe: str
    figure: str  # "seconds" or "rss_mb"
    unit: str
    database: str | None = None  # "large", "small", or None for the bare app
    floor: str | None = None  # the name of the measurement this one is compared with
    target: Target | None = None


MEASUREMENTS = (
    Measurement("floor: first frame", "bare.first_frame", "seconds", "s"),
    Measurement("floor: peak RSS", "bare.first_frame", "rss_mb", "MB"),
    Measurement("floor: refresh 40 rows", "bare.refresh_rows", "seconds", "ms"),
    Measurement(
        "crm: first frame (dashboard)",
        "crm.first_frame",
        "seconds",
        "s",
        "large",
        "floor: first frame",
        Target(ratio=1.3),
    ),
    Measurement("crm: peak RSS at first frame", "crm.first_frame", "rss_mb", "MB", "large", "floor: peak RSS"),
    Measurement("contacts: open (small)", "crm.open_contacts", "seconds", "ms", "small", "floor: refresh 40 rows"),
    Measurement(
        "contacts: open (large)",
        "crm.open_contacts",
        "seconds",
        "ms",
        "large",
        "contacts: open (small)",
        Target(ratio=1.2),
    ),
    Measurement(
        "contacts: peak RSS (large)", "crm.open_contacts", "rss_mb", "MB", "large", "floor: peak RSS", Target(limit=100)
    ),
    Measurement(
        "search: one keystroke (large)",
        "crm.search_keystroke",
        "seconds",
        "ms",
        "large",
        "floor: refresh 40 rows",
        Target(ratio=1.2),
    ),
    Measurement("timeline: first page (large)", "crm.open_timeline", "seconds", "ms", "large", None, Target(limit=200)),
    Measurement("timeline: peak RSS (large)", "crm.open_timeline", "rss_mb", "MB", "large", "floor: peak RSS"),
    Measurement("pipeline: board shown (large)", "crm.open_board", "seconds", "ms", "large", None, Target(limit=300)),
    Measurement(
        "dashboard: statistics (large)", "crm.dashboard_statistics", "seconds", "ms", "large", None, Target(limit=300)
    ),
)
"""The report, in order. A floor must come before the measurements compared with it."""


@dataclass(frozen=True)
class Dataset:
    """A benchmark database with a remembered login."""

    location: str  # a file path, or a postgresql:// URL
    config_dir: Path
    contacts: int
    interactions_per_contact: float
    build_seconds: float | None  # None when an existing one was reused


@dataclass(frozen=True)
class Result:
    name: str
    value: float | None
    unit: str
    samples: list[float]
    floor: str | None
    floor_value: float | None
    ratio: float | None
    target: str
    met: bool | None


# --- building the databases -------------------------------------------------------------------


def build_dataset(folder: Path, contacts: int, interactions_per_contact: float, server: str | None = None) -> Dataset:
    """A database filled by tui.demo: a file in `folder`, or a database on the PostgreSQL `server`.

    It is reused when `folder` says one of the same size is already there.
    """
    folder.mkdir(parents=True, exist_ok=True)
    config_dir, manifest = folder / "config", folder / "dataset.json"
    location = _postgresql_location(server, folder.name) if server else str(folder / "crm.db")
    wanted = {"contacts": contacts, "interactions_per_contact": interactions_per_contact, "location": location}
    if manifest.exists() and json.loads(manifest.read_text("utf-8")) == wanted and _exists(location, server):
        return Dataset(location, config_dir, contacts, interactions_per_contact, None)
    _make_empty(location, server, folder)
    shutil.rmtree(config_dir, ignore_errors=True)
    os.environ["CRM_CONFIG_DIR"] = str(config_dir)  # where accounts.remember keeps the login
    database.open_database(location)
    try:
        actor = accounts.signup(EMAIL, "Bench Marker", PASSWORD, "Europe/Berlin")
        accounts.remember(database.location_key(location), actor)
        # A day's first start makes a backup of the whole file: it would be timed as the app's first frame.
        settings.set_setting(actor, "backup.auto", "off")
        began = time.perf_counter()
        summary = demo.fill(actor, contacts=contacts, seed=1, interactions_per_contact=interactions_per_contact)
        seconds = time.perf_counter() - began
        # Every probe starts from the same state: the WAL folded into the file, or the planner's statistics taken.
        bound.execute_sql("VACUUM ANALYZE" if server else "PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.close_database()
    manifest.write_text(json.dumps(wanted), "utf-8")
    print(f"  {database.describe_location(location)}: {summary} in {seconds:.1f} s", file=sys.stderr)
    return Dataset(location, config_dir, contacts, interactions_per_contact, seconds)


def _postgresql_location(server: str, name: str) -> str:
    """The URL of the benchmark database `name` on the server whose maintenance database `server` names."""
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path="/crm_bench_" + name.replace("-", "_")))


def _server_command(server: str, sql: str) -> list[tuple]:
    """Run `sql` (outside a transaction) on the server's maintenance database; its rows."""
    admin = psycopg2.connect(server)
    admin.autocommit = True  # CREATE and DROP DATABASE cannot run in a transaction
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else []
    finally:
        admin.close()


def _exists(location: str, server: str | None) -> bool:
    if not server:
        return Path(location).exists()
    name = urlsplit(location).path.lstrip("/")
    return bool(_server_command(server, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))


def _make_empty(location: str, server: str | None, folder: Path) -> None:
    """No database at `location` yet, or an empty one."""
    if not server:
        for stale in folder.glob("crm.db*"):
            stale.unlink()
        return
    name = urlsplit(location).path.lstrip("/")
    _server_command(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _server_command(server, f'CREATE DATABASE "{name}"')


# --- running probes ---------------------------------------------------------------------------


def run_probe(probe: str, dataset: Dataset | None, scratch: Path) -> dict:
    """One sample of `probe` in a fresh Python process; its figures."""
    out = scratch / "probe.json"
    out.unlink(missing_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRM_")}
    env["CRM_CONFIG_DIR"] = str(dataset.config_dir if dataset else scratch / "config")
    command = [sys.executable, str(PROBES_SCRIPT), probe, "--out", str(out)]
    if dataset:
        command += ["--db", dataset.location]
    spawned_at = time.time()
    finished = subprocess.run(
        command + ["--spawned-at", repr(spawned_at)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=PROBE_TIME_LIMIT_S,
    )
    if finished.returncode != 0 or not out.exists():
        raise RuntimeError(f"probe {probe} failed ({finished.returncode}):\n{finished.stderr[-2000:]}")
    return json.loads(out.read_text("utf-8"))


def collect(datasets: dict[str | None, Dataset | None], repeat: int, scratch: Path) -> dict[tuple, list[dict]]:
    """Every (probe, database) the measurements need, sampled `repeat` times, interleaved to spread out noise."""
    runs = list(dict.fromkeys((item.probe, item.database) for item in MEASUREMENTS))
    samples: dict[tuple, list[dict]] = {run: [] for run in runs}
    for round_number in range(repeat):
        print(f"  round {round_number + 1}/{repeat}", file=sys.stderr)
        for probe, dataset_name in runs:
            try:
                samples[(probe, dataset_name)].append(run_probe(probe, datasets[dataset_name], scratch))
            except (RuntimeError, subprocess.TimeoutExpired) as problem:
                print(f"  {problem}", file=sys.stderr)
    return samples


def summarise(samples: dict[tuple, list[dict]]) -> list[Result]:
    """The median of every measurement, its floor and whether it meets its target."""
    results: dict[str, Result] = {}
    for item in MEASUREMENTS:
        scale = UNIT_SCALE[item.unit]
        values = [sample[item.figure] * scale for sample in samples[(item.probe, item.database)]]
        value = statistics.median(values) if values else None
        floor = results[item.floor].value if item.floor else None
        ratio = value / floor if value is not None and floor else None
        met = item.target.met(value, floor) if item.target and value is not None else None
        results[item.name] = Result(
            item.name, value, item.unit, values, item.floor, floor, ratio, str(item.target or ""), met
        )
    return list(results.values())


# --- reporting --------------------------------------------------------------------------------


def number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"


def table(results: list[Result], datasets: dict[str | None, Dataset | None], kept: bool) -> str:
    """The report as aligned text."""
    header = ("measurement", "value", "unit", "floor", "ratio", "target", "met")
    rows = [header]
    for result in results:
        rows.append(
            (
                result.name,
                number(result.value),
                result.unit,
                result.floor or "",
                f"{result.ratio:.2f}x" if result.ratio else "",
                result.target,
                {True: "yes", False: "NO", None: ""}[result.met],
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    for label, dataset in datasets.items():
        if dataset:
            built = f"built in {dataset.build_seconds:.1f} s" if dataset.build_seconds is not None else "reused"
            lines.append(
                f"{label}: {dataset.contacts:,} contacts, {dataset.interactions_per_contact:g} "
                f"interactions each ({built})" + (f" at {database.describe_location(dataset.location)}" if kept else "")
            )
    return "\n".join(lines)


def report(results: list[Result], datasets: dict[str | None, Dataset | None], args) -> dict:
    """The JSON form of the report: the same figures, with every sample."""
    return {
        "engine": "postgresql" if args.postgresql else "sqlite",
        "contacts": args.contacts,
        "interactions_per_contact": args.interactions_per_contact,
        "repeat": args.repeat,
        "build_seconds": {label: dataset.build_seconds for label, dataset in datasets.items() if dataset},
        "measurements": [asdict(result) for result in results],
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Measure crm against its floors on a synthetic database.")
    parser.add_argument("--contacts", type=int, default=100_000, help="contacts in the large database")
    parser.add_argument("--interactions-per-contact", type=float, default=10, help="on average (default 10)")
    parser.add_argument("--repeat", type=int, default=5, help="samples per measurement; the median is reported")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--keep", metavar="DIR", help="build (or reuse) the databases in DIR and keep them")
    parser.add_argument(
        "--postgresql",
        metavar="URL",
        help="measure on PostgreSQL: the URL of a maintenance database (e.g. postgresql://me@host/"
        "postgres) on a server where the benchmark may create its databases",
    )
    args = parser.parse_args(argv)
    if args.contacts < 1 or args.repeat < 1 or args.interactions_per_contact < 0:
        parser.error("--contacts and --repeat must be at least 1, --interactions-per-contact not negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="crm-bench-"))
    home = Path(args.keep).resolve() if args.keep else scratch
    prefix = "pg-" if args.postgresql else ""
    try:
        print(f"building the databases in {home}", file=sys.stderr)
        datasets: dict[str | None, Dataset | None] = {
            None: None,
            "small": build_dataset(
                home / f"{prefix}small-{SMALL_CONTACTS}", SMALL_CONTACTS, args.interactions_per_contact, args.postgresql
            ),
            "large": build_dataset(
                home / f"{prefix}large-{args.contacts}", args.contacts, args.interactions_per_contact, args.postgresql
            ),
        }
        print("measuring", file=sys.stderr)
        results = summarise(collect(datasets, args.repeat, scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        print(json.dumps(report(results, datasets, args), indent=2))
    else:
        print(f"engine: {'PostgreSQL' if args.postgresql else 'SQLite'}")
        print(table(results, datasets, kept=bool(args.keep)))
    return 0 if all(result.met is not False for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
