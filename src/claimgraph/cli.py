"""The ``claimgraph`` command line. Commands parse options, call one core function, and
map errors to exit codes: 0 all good, 1 some input or the store failed, 2 usage error.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import Connection, Engine
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from claimgraph import __version__
from claimgraph.errors import ClaimgraphError, InputError, UsageError
from claimgraph.export import FORMATS, export
from claimgraph.extract.document import Extraction, extract_documents
from claimgraph.ingest.normalize import Overrides, normalize, parse_published_option
from claimgraph.ingest.parallel import open_pool
from claimgraph.ingest.readers import iter_raw
from claimgraph.ingest.run import IngestReport, ingest
from claimgraph.ingest.shards import extract_to_parquet, ingest_parquet
from claimgraph.ingest.watch import PollResult, watch
from claimgraph.model import Document, ReadFailure
from claimgraph.reconcile.materialize import RefreshReport, current_propositions, refresh
from claimgraph.reconcile.reviews import subject as review_subject
from claimgraph.reconcile.status import STATUSES, propositions
from claimgraph.serve import views
from claimgraph.serve.report import write_report
from claimgraph.settings import Settings, db_url_from_env
from claimgraph.store import claims as claim_store
from claimgraph.store import queries
from claimgraph.store import reviews
from claimgraph.store.engine import open_store
from claimgraph.store.evidence import DEFAULT_WINDOW

app = typer.Typer(
    help="Turn conflict news into a sourced map of claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: Rich's option tables cut long option names ("--max-decompresse…") at 80
    # columns; click's own layout wraps the help text and keeps every name whole.
    rich_markup_mode=None,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Store URL or SQLite path [env: CLAIMGRAPH_DB; default ./claimgraph.db]."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
WorkersOption = Annotated[
    int, typer.Option(min=0, help="Extract on N local worker processes (0: in this process).")
]
DaskOption = Annotated[
    str | None,
    typer.Option("--dask", metavar="local|tcp://HOST:8786", help="Extract on a Dask LocalCluster or a running scheduler."),
]


def _fail(exc: ClaimgraphError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(2 if isinstance(exc, UsageError) else 1)


@contextmanager
def _store_connection(db: str | None) -> Iterator[Connection]:
    """A read connection to the store named by ``--db``; a store error exits 1."""
    try:
        engine = open_store(db_url_from_env(db))
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _run_ingest(
    paths: list[str],
    settings: Settings,
    overrides: Overrides | None,
    quiet: bool,
    workers: int = 0,
    dask: str | None = None,
    from_parquet: str | None = None,
) -> IngestReport:
    engine = open_store(settings.db_url)
    if settings.extract and from_parquet is None:
        _prepare_gazetteer(quiet)
    start = time.perf_counter()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} documents"),
        TextColumn("[cyan]{task.fields[rate]:.1f} docs/s"),
        TextColumn("[red]{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    ) as bar:
        task = bar.add_task("ingesting", total=None, rate=0.0, failed=0)

        def show(report: IngestReport) -> None:
            done = report.new + report.duplicates
            rate = done / max(time.perf_counter() - start, 1e-9)
            bar.update(task, completed=done, rate=rate, failed=report.failed)

        if from_parquet is not None:
            report = ingest_parquet(Path(from_parquet), engine, settings, show)
        else:
            with open_pool(workers, dask) as pool:
                stdin = getattr(sys.stdin, "buffer", None)
                report = ingest(paths, engine, settings, overrides, show, stdin=stdin, pool=pool)
    if report.new:  # bring the materialized current state up to the new documents
        _refresh(engine, quiet)
    engine.dispose()
    return report


def _prepare_gazetteer(quiet: bool) -> None:
    """Build the place index once, before the first document, with a spinner and the time
    it takes (about half a minute on first use), instead of a silent pause mid-ingest."""
    from claimgraph.geo import gazetteer

    if gazetteer.ready():
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  transient=True, disable=quiet or not err.is_terminal) as bar:
        bar.add_task("building the place index (once)", total=None)
        gazetteer.gazetteer()


def _refresh(engine: Engine, quiet: bool, workers: int = 1) -> RefreshReport:
    """Recompute the stale places' cached propositions and timelines, with a progress bar."""
    with Progress(
        SpinnerColumn(),
        TextColumn("reconciling"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} places"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    ) as bar:
        task = bar.add_task("reconciling", total=None)

        def show(report: RefreshReport, total: int) -> None:
            bar.update(task, completed=report.places, total=total)

        return refresh(engine, workers, show)


def _print_ingest_summary(report: IngestReport, elapsed: float) -> None:
    done = report.new + report.duplicates
    out.print(
        f"{report.new} new, {report.duplicates} duplicates, {report.versions} new versions, "
        f"{report.claims} claims, {report.failed} failed in {elapsed:.1f}s ({done / max(elapsed, 1e-9):.1f} docs/s)"
        + (f"; {report.unread} stored unread (not English or French)" if report.unread else ""),
        highlight=False,
    )
    _print_failures(report.failures)


def _print_failures(failures: list[ReadFailure]) -> None:
    for failure in failures:
        where = f"{failure.path}:{failure.line}" if failure.line else failure.path
        err.print(f"[red]failed[/red] {where}: [{failure.code}] {failure.reason}", highlight=False)


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or directories; '-' reads JSONL on stdin.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for a single file.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date for a single file (ISO 8601).")
    ] = None,
    url: Annotated[str | None, typer.Option(help="URL for a single file.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per transaction.")] = 100,
    max_doc_mb: Annotated[float, typer.Option(min=0.001, help="Refuse larger documents.")] = 10.0,
    max_decompressed_mb: Annotated[
        float, typer.Option(min=0.001, help="Refuse a gzip member that inflates past this (gzip bombs).")
    ] = 1024.0,
    max_decompression_ratio: Annotated[
        int, typer.Option(min=1, help="Refuse a gzip member that inflates more than this many times its size.")
    ] = 200,
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Extract claims while ingesting.")
    ] = True,
    workers: WorkersOption = 0,
    dask: DaskOption = None,
    from_parquet: Annotated[
        str | None,
        typer.Option("--from-parquet", metavar="DIR", help="Load the Parquet shards that extract-batch wrote."),
    ] = None,
) -> None:
    """Read documents from text, HTML, RSS/Atom, WARC and JSONL files into the store."""
    paths = paths or []
    try:
        if from_parquet is not None and paths:
            raise UsageError("give input files or --from-parquet DIR, not both")
        if from_parquet is None and not paths:
            raise UsageError("give files or directories to ingest ('-' for JSONL on stdin), or --from-parquet DIR")
        if (outlet or published or url) and (len(paths) != 1 or Path(paths[0]).is_dir()):
            raise UsageError("--outlet, --published and --url apply to a single file only")
        overrides = Overrides(outlet, parse_published_option(published), url)
        settings = Settings(
            db_url=db_url_from_env(db),
            batch_size=batch_size,
            max_document_bytes=int(max_doc_mb * 1024 * 1024),
            max_decompressed_bytes=int(max_decompressed_mb * 1024 * 1024),
            max_decompression_ratio=max_decompression_ratio,
            extract=extract,
        )
        start = time.perf_counter()
        report = _run_ingest(paths, settings, overrides, as_json, workers, dask, from_parquet)
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    if as_json:
        _print_json(report.as_dict())
    else:
        _print_ingest_summary(report, time.perf_counter() - start)
    raise typer.Exit(1 if report.failed else 0)


@app.command("extract-batch")
def extract_batch_cmd(
    paths: Annotated[list[str], typer.Argument(metavar="IN... OUT", help="Input files or directories, then the output directory.")],
    as_json: JsonOption = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per worker task and Parquet row group.")] = 100,
    shard_docs: Annotated[int, typer.Option(min=1, help="Documents per Parquet file.")] = 10_000,
    max_doc_mb: Annotated[float, typer.Option(min=0.001, help="Refuse larger documents.")] = 10.0,
    workers: WorkersOption = 0,
    dask: DaskOption = None,
) -> None:
    """Extract claims without a store into Parquet shards (load them with ingest --from-parquet)."""
    try:
        if len(paths) < 2:
            raise UsageError("give at least one input and the output directory: extract-batch IN... OUT")
        settings = Settings(batch_size=batch_size, max_document_bytes=int(max_doc_mb * 1024 * 1024))
        start = time.perf_counter()
        with open_pool(workers, dask) as pool:
            report = extract_to_parquet(paths[:-1], Path(paths[-1]), settings, pool=pool, rows_per_shard=shard_docs)
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    if as_json:
        _print_json(report.as_dict())
    else:
        elapsed = time.perf_counter() - start
        out.print(
            f"{report.documents} documents, {report.claims} claims into {len(report.shards)} shards "
            f"in {paths[-1]}, {len(report.failures)} failed in {elapsed:.1f}s",
            highlight=False,
        )
        _print_failures(report.failures)
    raise typer.Exit(1 if report.failures else 0)


@app.command("watch")
def watch_cmd(
    feeds: Annotated[list[str], typer.Argument(help="Feed URLs (http/https) or files.")],
    db: DbOption = None,
    as_json: JsonOption = False,
    interval: Annotated[float, typer.Option(min=0.0, help="Seconds between polls.")] = 300.0,
    max_polls: Annotated[int | None, typer.Option(min=1, help="Stop after this many polls (default: never).")] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll once and stop (--max-polls 1).")] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per transaction.")] = 100,
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Extract claims while ingesting.")
    ] = True,
    workers: WorkersOption = 0,
    dask: DaskOption = None,
) -> None:
    """Poll feeds with ETag / Last-Modified and ingest their new entries (Ctrl-C stops)."""

    def show(result: PollResult) -> None:
        if result.report.new:  # as after an ingest: the materialized state follows the store
            _refresh(engine, quiet=True)
        if as_json:
            sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
            return
        r = result.report
        what = (f"{r.new} new, {r.duplicates} duplicates, {r.claims} claims, {r.failed} failed"
                if result.changed else "not modified")
        out.print(Text(f"poll {result.poll} {result.feed}: {what}"))
        _print_failures(r.failures)

    try:
        settings = Settings(db_url=db_url_from_env(db), batch_size=batch_size, extract=extract)
        engine = open_store(settings.db_url)
        with open_pool(workers, dask) as pool:
            totals = watch(feeds, engine, settings, interval, 1 if once else max_polls, pool, show)
        engine.dispose()
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    raise typer.Exit(1 if totals.failed else 0)


@app.command("docs")
def docs_cmd(
    db: DbOption = None,
    as_json: JsonOption = False,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
) -> None:
    """List stored documents with their outlet, date and syndication group."""
    with _store_connection(db) as conn:
        rows = queries.list_documents(conn, limit=limit, outlet=outlet)
    if as_json:
        _print_json([{**{k: r[k] for k in queries.DOC_COLUMNS}, "urls": r["urls"]} for r in rows])
        return
    table = Table(expand=False)
    for name, width in (("published", 16), ("outlet", 22), ("title", 48), ("group", 8), ("wire", 20), ("id", 10)):
        table.add_column(name, min_width=min(width, 16), max_width=width, no_wrap=True, overflow="ellipsis")
    for r in rows:
        table.add_row(
            (r["published_at"] or "")[:16].replace("T", " "),
            r["outlet"] or "",
            r["title"] or "",
            (r["syndication_group"] or "")[:8],
            r["wire_origin"] or "",
            r["id"][:10],
        )
    out.print(table)


def _read_one(path: str, overrides: Overrides, settings: Settings) -> list[Document]:
    """The documents of one input file, normalised (no store involved)."""
    docs: list[Document] = []
    for item in iter_raw([path], settings, stdin=getattr(sys.stdin, "buffer", None)):
        if isinstance(item, ReadFailure):
            where = f"{item.path}:{item.line}" if item.line else item.path
            raise InputError(where, item.reason)
        docs.append(normalize(item, overrides))
    return docs


@app.command("extract")
def extract_cmd(
    path: Annotated[str, typer.Argument(help="One input file ('-' reads JSONL on stdin).")],
    as_json: JsonOption = False,
    outlet: Annotated[str | None, typer.Option(help="Outlet name of the document.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date of the document (ISO 8601).")
    ] = None,
    url: Annotated[str | None, typer.Option(help="URL of the document.")] = None,
) -> None:
    """Run the whole pipeline on one file without a database and print its claims."""
    try:
        overrides = Overrides(outlet, parse_published_option(published), url)
        docs = _read_one(path, overrides, Settings())
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    results = [extraction_json(e) for e in extract_documents(docs)]
    if as_json:
        _print_json(results[0] if len(results) == 1 else results)
        return
    for result in results:
        _print_claims(result["claims"])


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    """The ``extract --json`` contract for one document."""
    doc = extraction.document
    return {
        "document": {
            "id": doc.id,
            "outlet": doc.outlet,
            "published_at": doc.published_at.isoformat() if doc.published_at else None,
            "title": doc.title,
            "language": doc.language,
            "url": doc.url,
            "conflict": extraction.conflict,
            "text": doc.text,
        },
        "places": [p.as_dict() for p in extraction.places],
        "claims": [c.as_dict() for c in extraction.claims],
    }


def _print_claims(claims: list[dict[str, Any]]) -> None:
    table = Table(expand=False)
    for name, width in (("source", 28), ("side", 12), ("cue", 12), ("stance", 7), ("evidence", 70)):
        table.add_column(name, min_width=min(width, 12), max_width=width, overflow="fold")
    for c in claims:
        src = c["source"]
        table.add_row(
            src["canonical"] or src["text"] or "",
            src["side"],
            c["cue"] or "",
            c["stance"],
            c["evidence"],
        )
    out.print(table)


@app.command("claims")
def claims_cmd(
    db: DbOption = None,
    as_json: JsonOption = False,
    source: Annotated[str | None, typer.Option(help="Only claims whose source matches.")] = None,
    place: Annotated[
        str | None, typer.Option(help="Only claims whose sentence names this place.")
    ] = None,
    attributed: Annotated[
        bool, typer.Option("--attributed", help="Leave out the outlets' own voice.")
    ] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
) -> None:
    """List stored claims with their source, cue, stance and evidence."""
    with _store_connection(db) as conn:
        rows = claim_store.list_claims(
            conn, source=source, text=place, attributed_only=attributed, limit=limit
        )
    if as_json:
        _print_json(rows)
    else:
        _print_claims(rows)


@app.command("refresh")
def refresh_cmd(
    db: DbOption = None,
    as_json: JsonOption = False,
    workers: Annotated[int, typer.Option(min=1, help="Processes computing places.")] = 1,
) -> None:
    """Bring the materialized current state (what the API serves fast) up to the store.

    ``ingest`` does this when it finishes; run it after writing to the store by other means.
    """
    try:
        engine = open_store(db_url_from_env(db))
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    start = time.perf_counter()
    report = _refresh(engine, as_json, workers)
    engine.dispose()
    if as_json:
        _print_json({**report.as_dict(), "seconds": round(time.perf_counter() - start, 3)})
    else:
        out.print(
            f"{report.places} places, {report.propositions} propositions reconciled in "
            f"{time.perf_counter() - start:.1f}s; {report.still_stale} changed meanwhile (still stale)",
            highlight=False,
        )


@app.command("propositions")
def propositions_cmd(
    db: DbOption = None,
    as_json: JsonOption = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Only documents published at or before this instant (ISO 8601).")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Only this place (name in any spelling, or GeoNames id).")] = None,
    status: Annotated[
        str | None, typer.Option(help="Only this status: confirmed, corroborated, contested, unverified, refuted.")
    ] = None,
    window_days: Annotated[
        float, typer.Option(min=0.0, help="Events this many days apart still make one proposition.")
    ] = 2.0,
) -> None:
    """Cluster claims into propositions and print each one's status, confidence and reasons."""
    try:
        if status and status not in STATUSES:
            raise UsageError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        when = parse_published_option(as_of)
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    window = timedelta(days=window_days)
    with _store_connection(db) as conn:
        if when is None and window == DEFAULT_WINDOW:  # the current state: materialized
            rows = [json.loads(body) for body in current_propositions(conn, place, status)]
        else:
            rows = [p.as_dict() for p in propositions(conn, when, window, place, status)]
    if as_json:
        _print_json(rows)
        return
    table = Table(expand=False)
    table.add_column("place", min_width=10, overflow="fold")
    table.add_column("proposition", min_width=10, overflow="fold")
    table.add_column("status", no_wrap=True)
    table.add_column("reasons", min_width=20, overflow="fold")
    for r in rows:
        where = r["place"]["name"] + (f" ({r['facility']})" if r["facility"] else "")
        what = f"{r['type']} by {r['agent_side'] or '?'} from {r['valid_from'][:10]} (id {r['id'][:8]})"
        cells = (where, what, f"{r['status']} {r['confidence']:.2f}", "; ".join(r["reasons"]))
        table.add_row(*(Text(cell) for cell in cells))  # names may hold [brackets]: no markup
    out.print(table)


def _examples_dir() -> Path:
    """The bundled sample corpus: ./examples, else the one beside the source tree."""
    for candidate in (Path("examples"), Path(__file__).resolve().parents[2] / "examples"):
        if candidate.is_dir():
            return candidate
    raise UsageError("no examples/ directory here; run the demo from a claimgraph checkout")


@app.command("demo")
def demo_cmd(
    db: DbOption = None,
    as_json: JsonOption = False,
    report_path: Annotated[
        str, typer.Option("--report", help="Also write the offline HTML report here ('' to skip).")
    ] = "claimgraph-report.html",
) -> None:
    """Ingest the bundled sample corpus (examples/), print a summary and write the report."""
    try:
        settings = Settings(db_url=db_url_from_env(db))
        start = time.perf_counter()
        report = _run_ingest([str(_examples_dir())], settings, None, quiet=as_json)
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    with _store_connection(settings.db_url) as conn:
        totals = queries.counts(conn)
        statuses = Counter(p.verdict.status for p in propositions(conn, None, timedelta(days=2), None, None))
    totals["propositions"] = dict(sorted(statuses.items()))
    written = _write_report(settings.db_url, report_path) if report_path else None
    if as_json:
        _print_json({"ingest": report.as_dict(), "store": totals, "report": str(written) if written else None})
    else:
        _print_ingest_summary(report, time.perf_counter() - start)
        out.print(
            f"store {settings.db_url}: {totals['documents']} documents from {totals['outlets']} "
            f"outlets in {totals['groups']} syndication groups, {totals['claims']} claims",
            highlight=False,
        )
        summary = ", ".join(f"{n} {status}" for status, n in totals["propositions"].items())
        out.print(f"propositions: {summary or 'none'} (claimgraph propositions --db … for reasons)", highlight=False)
        if written:
            out.print(f"report: {written} (open it in a browser; or run claimgraph serve)", highlight=False)
    raise typer.Exit(1 if report.failed else 0)


def _place_label(place: dict[str, Any] | None) -> str:
    return (place or {}).get("name") or "?"


@app.command("timeline")
def timeline_cmd(
    place: Annotated[str, typer.Argument(help="A place name in any common spelling, or a GeoNames id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Only documents published at or before this instant (ISO 8601).")
    ] = None,
) -> None:
    """Who held or claimed a place over time, with each interval's status and reasons."""
    try:
        when = parse_published_option(as_of)
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    with _store_connection(db) as conn:
        data = json.loads(views.place_timeline_json(conn, place, when))
    if as_json:
        _print_json(data)
        return
    if data["place"] is None:
        err.print(f"no propositions about {place!r}", highlight=False)
        raise typer.Exit(1)
    table = Table(title=Text(f"{_place_label(data['place'])} (GeoNames {data['place']['geonames_id']})"), expand=False)
    for name in ("from", "to", "holder", "status", "reasons"):
        table.add_column(name, overflow="fold")
    for i in data["intervals"]:
        holder = i["holder"]["canonical"] or i["holder"]["side"]
        status = i["status"] + (f" {i['confidence']:.2f}" if i["confidence"] is not None else "")
        cells = ((i["start"] or "…")[:16], (i["end"] or "…")[:16], holder, status, "; ".join(i["reasons"][:3]))
        table.add_row(*(Text(c) for c in cells))
    out.print(table)
    for change in data["history"]:
        out.print(Text(f"  {change['at'][:16]}  {change['proposition'][:8]}  {change['status']} {change['confidence']:.2f}"))


@app.command("sources")
def sources_cmd(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Each source's reliability, learned from resolved propositions, with its evidence."""
    with _store_connection(db) as conn:
        data = views.sources(conn)
    if as_json:
        _print_json(data)
        return
    table = Table(title=Text(f"source reliability ({data['method']})"), expand=False, caption=(
        "rel = reliability, ev = claims, props = propositions it spoke on, for / deny = of those it "
        "asserted / denied"), caption_justify="left")
    # The name keeps its width (folded over lines) at 80 columns or piped; kind and side
    # give way first, the short number columns never.
    table.add_column("source", min_width=18, overflow="fold")
    table.add_column("kind", max_width=8, overflow="ellipsis")
    table.add_column("side", max_width=8, overflow="ellipsis")
    for name in ("rel", "ev", "props", "for", "deny"):
        table.add_column(name, justify="right", no_wrap=True)
    for r in data["sources"]:
        rel = "—" if r["reliability"] is None else f"{r['reliability']:.2f}"
        cells = (r["name"], r["kind"] or "", r["side"] or "", rel, *(str(r[k]) for k in ("evidence", "propositions", "asserted", "denied")))
        table.add_row(*(Text(c) for c in cells))
    out.print(table)


@app.command("review")
def review_cmd(
    proposition: Annotated[str, typer.Argument(help="Proposition id (from `propositions`).")],
    rating: Annotated[str, typer.Option(help="true, mostly-true, mixed, mostly-false, false, unproven, or 1-5.")],
    by: Annotated[str, typer.Option("--by", help="Who reviewed it.")],
    note: Annotated[str | None, typer.Option(help="What the review rests on.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Mark a proposition reviewed by a person (only reviewed ones export as ClaimReview)."""
    try:
        engine = open_store(db_url_from_env(db))
        with engine.begin() as conn:
            found = next((p for p in propositions(conn) if p.cluster.id == proposition), None)
            if found is None:
                raise UsageError(f"no proposition {proposition!r} in the store (see `claimgraph propositions`)")
            saved = reviews.mark_reviewed(conn, proposition, rating, by, note, about=review_subject(found))
        engine.dispose()
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    if as_json:
        _print_json(saved)
    else:
        out.print(Text(f"reviewed {proposition}: {saved['rating']} by {saved['reviewer']}"))


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")],
    output: Annotated[str, typer.Option("-o", "--output", help="File to write ('-' for stdout).")] = "-",
    db: DbOption = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Only documents published at or before this instant (ISO 8601).")
    ] = None,
) -> None:
    """Write claims and propositions as JSON, CSV, GeoJSON, ClaimReview, ACLED CSV or PLOVER."""
    try:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        when = parse_published_option(as_of)
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    with _store_connection(db) as conn:
        if output == "-":
            n = export(conn, fmt, sys.stdout.buffer, when)
            sys.stdout.buffer.flush()
        else:
            with open(output, "wb") as fh:
                n = export(conn, fmt, fh, when)
    if output != "-":
        err.print(f"wrote {n} records to {output}", highlight=False)


def _write_report(db_url: str, output: str) -> Path:
    with _store_connection(db_url) as conn:
        bundle = views.report_bundle(conn)
    return write_report(bundle, output)


@app.command("report")
def report_cmd(
    output: Annotated[str, typer.Option("-o", "--output", help="The HTML file to write.")] = "claimgraph-report.html",
    db: DbOption = None,
) -> None:
    """Write one self-contained HTML file with the map, timeline and claim cards (offline)."""
    path = _write_report(db_url_from_env(db), output)
    out.print(Text(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser, no server needed"))


@app.command("serve")
def serve_cmd(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None, typer.Option(envvar="CLAIMGRAPH_TOKEN", help="Accept POST /api/documents with this bearer token.")
    ] = None,
    tile_url: Annotated[
        str | None, typer.Option(help="Optional map tile URL template (https://…/{z}/{x}/{y}.png); none by default.")
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option("--cors-origin", help="Allow browser calls from this origin (repeatable); CORS is off by default."),
    ] = None,
    write_rate: Annotated[
        str, typer.Option(help="Limit on POST /api/documents per client address, e.g. 60/minute or 5/second.")
    ] = "60/minute",
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes (one per core; the write limit then counts per process).")
    ] = 1,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option("--allowed-host", help="Also answer requests for this Host name (repeatable); "
                     "localhost names and the bound address always are."),
    ] = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option("--forwarded-allow-ips", help="Trust X-Forwarded-For/-Proto from these proxy addresses "
                     "(comma-separated); off by default, so a client cannot pick its own address."),
    ] = None,
) -> None:
    """Serve the JSON API (OpenAPI at /docs) and the web page at /."""
    import uvicorn

    from claimgraph.serve.app import SERVE_OPTIONS_ENV, create_app, default_allowed_hosts, serve_proxy_options

    hosts = default_allowed_hosts(host, list(allowed_host or ()))
    options = {"db_url": db_url_from_env(db), "token": token, "tile_url": tile_url,
               "cors_origins": list(cors_origin or ()), "write_rate": write_rate, "allowed_hosts": hosts}
    try:
        # proxy headers only from the proxies named: uvicorn would trust X-Forwarded-For
        # from 127.0.0.1 and let a client pick a new address per request past the rate limit
        proxy = serve_proxy_options(forwarded_allow_ips)
        application = create_app(**options)  # checks the options and migrates the store once
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    err.print(f"claimgraph on http://{host}:{port}/ ({'writes need the token' if token else 'read-only'})", highlight=False)
    if hosts is None:
        err.print("Listening on every interface with no --allowed-host: any Host header is answered; "
                  "name the host users reach it by to refuse DNS-rebinding pages.", highlight=False)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False, **proxy)
        return
    application.state.engine.dispose()
    os.environ[SERVE_OPTIONS_ENV] = json.dumps(options)  # read by each worker process
    uvicorn.run("claimgraph.serve.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning", access_log=False, **proxy)


@app.command("version")
def version_cmd() -> None:
    """Print the claimgraph version."""
    out.print(__version__)


def main() -> None:
    """Console-script entry point."""
    app()
