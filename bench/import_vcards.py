"""Import speed: 10,000 realistic vCards into a fresh database, and the dry run of the same file.

    .venv/bin/python bench/import_vcards.py [--cards 10000] [--seed 1] [--json] [--keep DIR]

Writes the cards (Apple, Google, Android and Outlook styles mixed: vCard 2.1 with quoted-printable,
3.0 with item labels and Apple's yearless birthdays, 4.0; a fifth with an embedded photo) to one
.vcf file in a temporary folder, signs a user up in a new database, then times, each from reading
the file: the dry run (`tui.importing.read_source` + `preview`) and the import (`read_source` +
`apply_import`, one transaction), then a second import of the same file, which must create nothing.
The target is 10 s for the import; the exit status is 1 when it is missed or the second import adds
contacts.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import quopri
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui import accounts, database, importing  # noqa: E402
from tui.models import Contact  # noqa: E402

TARGET_S = 10.0
GIVEN = (
    "Anna",
    "Jürgen",
    "Zoë",
    "José",
    "Priya",
    "Sam",
    "Olumide",
    "Mei",
    "Łukasz",
    "Søren",
    "Chloé",
    "Noah",
    "Aiko",
    "Mateo",
    "Fatima",
    "Ingrid",
    "Ravi",
    "Émilie",
    "Tomás",
    "Yuki",
    "Grace",
    "Alan",
    "Ada",
    "Linus",
)
FAMILY = (
    "Müller",
    "Carter",
    "Núñez",
    "Raman",
    "Dvořák",
    "Okafor",
    "Wang",
    "Kowalski",
    "Jørgensen",
    "Dubois",
    "Smith",
    "Tanaka",
    "García",
    "Haddad",
    "Larsen",
    "Patel",
    "Lefèvre",
    "O'Neil",
    "Hopper",
    "Turing",
)
COMPANIES = (
    "Initech",
    "Müller & Söhne GmbH",
    "Globex",
    "Umbrella Labs",
    "Estudio Núñez",
    "Hooli",
    "Acme, Inc.",
    "Stark Industries",
    "Wayne Enterprises",
    "Škoda Digital",
    "Blue Bottle Coffee",
    "Nakatomi Trading",
)
TITLES = ("Head of Sales", "Product Manager", "CTO", "Engineer", "Designer", "Consultant", "Founder", "")
CITIES = (
    ("Berlin", "10115", "Germany", "+49 30 {:07d}"),
    ("Springfield", "97403", "United States", "+1 415 555 {:04d}"),
    ("Madrid", "28013", "Spain", "+34 91 {:07d}"),
    ("Prague", "110 00", "Czechia", "+420 2 {:08d}"),
)
TAGS = ("friends", "work", "climbing", "pycon", "family", "clients", "neighbours")
PHOTO = base64.b64encode(random.Random(0).randbytes(3000)).decode()


def _qp(text: str) -> str:
    return quopri.encodestring(text.encode("utf-8")).decode("ascii").replace("=\n", "=\r\n")


def _birthday(rng: random.Random) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice(
        (
            f"{rng.randint(1950, 2004)}-{month:02d}-{day:02d}",
            f"--{month:02d}{day:02d}",
            f"{rng.randint(1950, 2004)}{month:02d}{day:02d}",
            "--0229",
        )
    )


def card(rng: random.Random, number: int) -> str:
    """One realistic vCard; the style rotates through the kinds address books write."""
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    name = f"{given} {family}"
    city, code, country, phone = rng.choice(CITIES)
    mail = f"{given.lower()}.{family.lower()}.{number}@example.org".encode("ascii", "ignore").decode()
    mail = mail.replace("'", "")
    tel = phone.format(rng.randrange(10**7))
    street = f"{rng.randint(1, 200)} {rng.choice(('Hauptstraße', 'Main St', 'Calle Mayor', 'Národní'))}"
    note = f"Met at {rng.choice(('PyCon', 'a wedding', 'the gym', 'work'))}, {rng.randint(2010, 2025)}. Likes tea."
    style = number % 4
    lines = ["BEGIN:VCARD"]
    if style == 0:  # Android / Outlook: vCard 2.1, quoted-printable
        lines += [
            "VERSION:2.1",
            f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(family)};{_qp(given)};;;",
            f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(name)}",
            f"TEL;CELL;PREF:{tel}",
            f"EMAIL;HOME:{mail}",
            f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(note)}",
            f"BDAY:{_birthday(rng)}",
        ]
    elif style == 1:  # Apple: vCard 3.0, item labels, yearless birthday with X-APPLE-OMIT-YEAR
        lines += [
            "VERSION:3.0",
            "PRODID:-//Apple Inc.//macOS 14.5//EN",
            f"N:{family};{given};;;",
            f"FN:{name}",
            f"ORG:{rng.choice(COMPANIES).replace(',', chr(92) + ',')};",
            f"TITLE:{rng.choice(TITLES)}",
            f"item1.EMAIL;type=INTERNET;type=pref:{mail}",
            "item1.X-ABLabel:_$!<Other>!$_",
            f"TEL;type=CELL;type=VOICE;type=pref:{tel}",
            f"item2.ADR;type=HOME;type=pref:;;{street};{city};;{code};{country}",
            "item2.X-ABADR:de",
            f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"NOTE:{note.replace(',', chr(92) + ',')}",
            f"X-ABUID:{number:08X}-AB:ABPerson",
        ]
    elif style == 2:  # Google: vCard 3.0, categories, escaped URL colon
        lines += [
            "VERSION:3.0",
            f"FN:{name}",
            f"N:{family};{given};;;",
            f"EMAIL;TYPE=INTERNET;TYPE=HOME:{mail}",
            f"TEL;TYPE=CELL:{tel}",
            f"ADR;TYPE=HOME:;;{street};{city};;{code};{country}",
            f"ORG:{rng.choice(COMPANIES).replace(',', chr(92) + ',')}",
            f"CATEGORIES:myContacts,{','.join(rng.sample(TAGS, 2))}",
            f"URL:https\\://{given.lower().encode('ascii', 'ignore').decode()}.example.com",
        ]
    else:  # vCard 4.0
        lines += [
            "VERSION:4.0",
            f"UID:urn:uuid:00000000-0000-4000-8000-{number:012d}",
            f"FN:{name}",
            f"N:{family};{given};;;",
            f"EMAIL;TYPE=work;PREF=1:{mail}",
            f"TEL;VALUE=uri;TYPE=cell:tel:{tel}",
            f"BDAY:{_birthday(rng)}",
            f"ANNIVERSARY:--{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
            f"CATEGORIES:{rng.choice(TAGS)}",
        ]
    if number % 5 == 0:  # an embedded photo, dropped unread
        lines.append("PHOTO;ENCODING=b;TYPE=JPEG:" + PHOTO[:60])
        lines += [" " + PHOTO[start : start + 74] for start in range(60, len(PHOTO), 74)]
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def write_cards(path: Path, count: int, seed: int) -> None:
    """`count` cards in one file."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        for number in range(count):
            out.write(card(rng, number))


def timed(step) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds of `step()`, and its result (CPU time shows what a busy machine hides)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = step()
    return time.perf_counter() - start, time.process_time() - cpu, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--keep", metavar="DIR", help="write the file and database in DIR and keep them")
    args = parser.parse_args(argv)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="crm-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["CRM_CONFIG_DIR"] = str(folder / "config")
    cards = folder / "contacts.vcf"
    write_cards(cards, args.cards, args.seed)
    db_file = folder / "bench.db"
    for leftover in folder.glob("bench.db*"):
        leftover.unlink()
    database.open_database(str(db_file))
    actor = accounts.signup("bench@example.org", "Bench", "benchmark password", "Europe/Berlin")
    dry_s, dry_cpu, report = timed(lambda: importing.preview(actor, importing.read_source(cards)))
    import_s, import_cpu, done = timed(lambda: importing.apply_import(actor, importing.read_source(cards)))
    again_s, again_cpu, again = timed(lambda: importing.apply_import(actor, importing.read_source(cards)))
    stored = Contact.select().count()
    database.close_database()
    figures = {
        "cards": args.cards,
        "file_mb": round(cards.stat().st_size / 1e6, 1),
        "dry_run_s": round(dry_s, 2),
        "import_s": round(import_s, 2),
        "second_import_s": round(again_s, 2),
        "dry_run_cpu_s": round(dry_cpu, 2),
        "import_cpu_s": round(import_cpu, 2),
        "second_import_cpu_s": round(again_cpu, 2),
        "created": done.created,
        "merged": done.merged,
        "rejected": len(done.rejected),
        "second_created": again.created,
        "contacts_stored": stored,
        "target_s": TARGET_S,
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"{args.cards:,} vCards ({figures['file_mb']} MB): dry run {dry_s:.2f} s, import {import_s:.2f} s "
            f"(target {TARGET_S:.0f} s), second import {again_s:.2f} s"
        )
        print(f"CPU: dry run {dry_cpu:.2f} s, import {import_cpu:.2f} s, second import {again_cpu:.2f} s")
        print(
            f"created {done.created:,}, merged {done.merged:,}, rejected {len(done.rejected):,}; "
            f"second import created {again.created:,}; {stored:,} contacts stored"
        )
    ok = import_s < TARGET_S and again.created == 0 and report.created == done.created
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
