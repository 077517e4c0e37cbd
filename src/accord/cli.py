"""The `accord` command line. Thin: parse options, call the library, render. No analysis here."""

from __future__ import annotations

import gc

_COLLECTING = gc.isenabled()
gc.disable()  # while this module's imports run (see `main`); put back as it was at the end of the module

import functools
import importlib
import json
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from accord.errors import AccordError, ScenarioError


class _Later:
    """A module imported on first use, so that `accord --help` and light commands start fast."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)


class _Console:
    """A rich console made on first use: a command that prints only JSON never imports rich (about 10 ms of
    its start-up). Setting `width` before then is kept for the console's creation."""

    def __init__(self, **options: Any) -> None:
        object.__setattr__(self, "_options", options)
        object.__setattr__(self, "_made", None)

    def made(self) -> Any:
        """The rich Console itself."""
        if self._made is None:
            from rich.console import Console

            object.__setattr__(self, "_made", Console(**self._options))
        return self._made

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.made(), attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        if self._made is None and attr == "width":
            self._options["width"] = value
        else:
            setattr(self.made(), attr, value)


def escape(text: str) -> str:
    """rich's markup escape (rich imported on first use)."""
    from rich.markup import escape as _escape

    return _escape(text)


np = _Later("numpy")
render = _Later("accord.present.render")
plain = _Later("accord.present.jsonable")  # results as JSON types, without rich


def load(*args: Any, **kwargs: Any) -> Any:
    """`accord.scenario.load`, imported when a command first needs a scenario (which ends the start-up)."""
    from accord.scenario import load as _load

    scenario = _load(*args, **kwargs)
    started()
    return scenario


_STARTING = False  # true from the console entry point's start until the command's own work begins


def started() -> None:
    """End the start-up of a command run from the console entry point (`main`): resume the garbage collector,
    paused since the process began, with the start-up's objects (modules, classes, the scenario: all alive until
    the process ends) frozen out of its later passes. Called once the scenario is loaded, and by anything that
    starts long work (a progress line, the dashboard's server). Does nothing when not started by `main` (the app
    run by tests, or by a program that imported it)."""
    global _STARTING
    if not _STARTING:
        return
    _STARTING = False
    gc.freeze()
    gc.enable()


def parameters(scenario: Any) -> Any:
    from accord.scenario.paths import parameters as _parameters

    return _parameters(scenario)


def run_bargain(*args: Any, **kwargs: Any) -> Any:
    from accord.analyses.bargaining import bargain

    return bargain(*args, **kwargs)


def run_evaluate(*args: Any, **kwargs: Any) -> Any:
    from accord.model.evaluation import evaluate

    return evaluate(*args, **kwargs)


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="Accord: which settlements every party accepts, and which levers make a deal likely.",
)
sources_app = typer.Typer(no_args_is_help=True, help="Check a scenario's quotes against its source texts.")
app.add_typer(sources_app, name="sources")
runs_app = typer.Typer(no_args_is_help=True, help="List, show and compare stored runs.")
app.add_typer(runs_app, name="runs")
StoreOpt = Annotated[Path, typer.Option("--store", help="Run store (SQLite file).")]

# emoji codes off: a location such as file.yaml:100:5 must never print as an emoji
out = _Console(emoji=False)
PIPED_WIDTH = 100  # columns of output written to a pipe or file when COLUMNS does not say


def output_width() -> int | None:
    """Columns for standard output: COLUMNS when set, else the terminal's (None: rich asks it), else 100 when
    piped, so that a file or a pager gets lines a reader can follow."""
    import os

    cols = os.environ.get("COLUMNS", "").strip()
    if cols.isdigit() and int(cols) > 0:
        return int(cols)
    return None if sys.stdout.isatty() else PIPED_WIDTH


@app.callback()
def _setup() -> None:
    """Accord: which settlements every party accepts, and which levers make a deal likely."""
    out.width = output_width()  # type: ignore[assignment]  # None: the terminal's own width


err = _Console(stderr=True, soft_wrap=True, emoji=False)
F = TypeVar("F", bound=Callable[..., Any])

ScenarioArg = Annotated[
    str | None,
    typer.Argument(
        help="Scenario file, or the name of a built-in scenario (default: ukraine-2025).", show_default=False
    ),
]
LeversOpt = Annotated[
    str | None,
    typer.Option(
        "--levers", "-l", help="Lever package name, comma list of lever ids, or 'none' (default: the baseline)."
    ),
]
HypOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--hypothesis", "-H", help="Hypothesis id or hypothesis-set name (repeat, or comma list; 'all', 'none')."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on standard output.")]
LargeOpt = Annotated[
    bool,
    typer.Option("--large", help="Run work estimated at over 60 s of CPU (refused without it), with a progress line."),
]
SEED_MAX = 2**63 - 1  # seeds are stored with each run (SQLite integers)
CsvOpt = Annotated[
    Path | None,
    typer.Option(
        "--csv",
        metavar="DIR",
        help="Also write each main table as a CSV file in this folder (created if absent): ids and names as columns.",
    ),
]


def csv_out(folder: Path | None) -> Path | None:
    """The --csv folder, checked (created if absent) before any work is done."""
    if folder is None:
        return None
    from accord.present.csvfiles import csv_folder

    return csv_folder(folder)


def save_csv(folder: Path | None, command: str, tables: list[Any], as_json: bool) -> None:
    """Write a result's tables to the --csv folder and say where (on standard error beside --json)."""
    if folder is None:
        return
    from accord.present.csvfiles import write_csv

    files = write_csv(folder, command, tables)
    (err if as_json else out).print(
        escape(f"wrote {len(files)} CSV file(s) to {folder}: " + ", ".join(f.name for f in files)),
        style="dim",
        highlight=False,
    )


def finite(value: float | None) -> float | None:
    """Refuse NaN and infinities in a number option (a range check lets NaN through)."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number")
    return value


SeedOpt = Annotated[int, typer.Option(min=0, max=SEED_MAX, help="Random seed; the same seed gives the same results.")]
MonthsOpt = Annotated[
    float, typer.Option("--months", min=0, max=600, callback=finite, help="Evaluate this many months from now.")
]


def friendly(fn: F) -> F:
    """Turn Accord's errors into a clear message and exit status 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KeyboardInterrupt:
            _close_active("interrupted", "interrupted by the user")
            raise
        except ScenarioError as exc:
            _close_active("failed", str(exc))
            err.print(f"[bold red]error:[/] {len(exc.problems)} problem(s) in the scenario")
            for p in exc.problems:
                err.print(f"  {p}", markup=False, highlight=False)
            raise typer.Exit(1) from None
        except AccordError as exc:
            _close_active("failed", str(exc))
            err.print("[bold red]error:[/] " + escape(str(exc)), highlight=False)
            raise typer.Exit(1) from None
        except OSError as exc:  # a file given on the command line: a folder, missing, unreadable, not writable
            where = exc.filename or ""
            _close_active("failed", f"{where}: {exc.strerror or exc}")
            err.print(
                "[bold red]error:[/] "
                + escape(f"{where}: {exc.strerror or exc}")
                + "; check the path and that its folder exists and is writable",
                highlight=False,
            )
            raise typer.Exit(1) from None
        except MemoryError:
            _close_active("failed", "out of memory")
            err.print(
                "[bold red]error:[/] not enough memory for this run; use fewer samples, runs or states", highlight=False
            )
            raise typer.Exit(1) from None
        except Exception as exc:
            _close_active("failed", f"{type(exc).__name__}: {exc}")
            raise

    return wrapper  # type: ignore[return-value]


_ACTIVE: list[tuple[Any, str]] = []  # runs started in the store by this command and not yet finished


def _close_active(status: str, reason: str) -> None:
    """Mark the runs this command started but did not finish, so none stays `running` for good."""
    while _ACTIVE:
        runs, run_id = _ACTIVE.pop()
        try:
            runs.fail(run_id, status, reason)
        except Exception:  # noqa: BLE001 - the store itself may be what failed; the original error matters more
            pass


PROGRESS_AFTER = 0.25  # seconds of work before a progress bar appears (quicker work never shows one)


@contextmanager
def progress_bar(label: str, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A transient progress bar on standard error (nothing when disabled): shown with --json too, since the JSON
    goes to standard output, so that no long command runs without a progress line. It appears once the work has
    run `PROGRESS_AFTER` seconds (from a timer, so also when no update comes): work done sooner shows no bar and
    never imports rich's progress display."""
    import threading
    from contextlib import ExitStack

    started()
    if not enabled:
        yield None
        return
    lock = threading.Lock()
    shown: list[Any] = []  # the bar and its task, once shown
    last: list[int | None] = [None, None]  # the latest (done, total), for the bar's first draw

    def show(stack: ExitStack) -> None:
        with lock:
            if shown or closed.is_set():
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            cols = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
            bar = stack.enter_context(Progress(*cols, console=err.made(), transient=True))
            task = bar.add_task(label, total=last[1] or None, completed=last[0] or 0)
            shown.extend([bar, task])

    def update(done: int, total: int) -> None:
        with lock:
            last[:] = [done, total]
            if shown:
                shown[0].update(shown[1], completed=done, total=total or None)

    closed = threading.Event()
    with ExitStack() as stack:
        timer = threading.Timer(PROGRESS_AFTER, show, args=(stack,))
        timer.daemon = True
        timer.start()
        try:
            yield update
        finally:
            with lock:
                closed.set()
                timer.cancel()


@contextmanager
def long_work(estimate: Any, large: bool, smaller: str, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """Work with an estimate: refused above the limit without --large; when long, the estimate is said on
    standard error and a progress line follows the inner loops' ticks (and any progress the work reports)."""
    from accord.budget import check, ticking

    started()
    check(estimate, large, smaller)
    if not estimate.long:
        yield None
        return
    err.print(escape(estimate.line()), highlight=False)
    with progress_bar(label, True) as prog:
        steps = [0]

        def tick() -> None:
            steps[0] += 1
            if prog:
                prog(steps[0], 0)

        with ticking(tick):
            yield prog


def start_run(
    kind: str, scenario: Any, options: dict[str, Any], seed: int, store: Path, no_store: bool
) -> tuple[Any, str | None, float]:
    """Record a run as started in the store (unless --no-store); returns the store, the run id and the clock."""
    import time as _time

    from accord.runs import RunStore

    runs = None if no_store else RunStore(store)
    run_id = runs.start(kind, scenario, options, seed) if runs else None
    if runs is not None and run_id:
        _ACTIVE.append((runs, run_id))
    return runs, run_id, _time.perf_counter()


def finish_run(
    started: tuple[Any, str | None, float],
    summary: dict[str, Any],
    arrays: dict[str, Any],
    as_json: bool,
    view: Any,
    store: Path,
) -> None:
    """Save a run's results, then show them (JSON or tables) with where they were saved."""
    import time as _time

    runs, run_id, t0 = started
    if runs is not None and run_id:
        try:
            runs.finish(run_id, summary, arrays, _time.perf_counter() - t0)
        except AccordError as exc:  # the store failed after the work was done: show the results, then say so
            if as_json:
                emit_json({"run": None, **summary})
            else:
                out.print(view())
            raise AccordError(f"the results above were not saved: {exc}") from None
        if (runs, run_id) in _ACTIVE:
            _ACTIVE.remove((runs, run_id))
    if as_json:
        emit_json({"run": run_id, **summary})
        return
    out.print(view())
    if run_id:
        out.print(f"[dim]saved as run {run_id} in {escape(str(store))}[/]")


def emit_json(data: Any) -> None:
    """Print JSON to standard output."""
    sys.stdout.write(json.dumps(plain.jsonable(data), indent=2, ensure_ascii=False) + "\n")


SamplesOpt = Annotated[
    int,
    typer.Option(
        "--samples", "-n", min=0, max=1_000_000, help="Sampled scenarios for the shares beside each nominal answer."
    ),
]


@app.command()
@friendly
def run(
    scenario: ScenarioArg = None,
    samples: SamplesOpt = 500,
    seed: SeedOpt = 0,
    store: StoreOpt = Path(".accord/runs.sqlite"),
    no_store: Annotated[bool, typer.Option("--no-store", help="Neither reuse nor save the results.")] = False,
    csv_dir: CsvOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The main job: findings first (which strategy works under whose theory, how sure, what decides it, the
    claims), then every named package and the zone of agreement under every lever package and theory.

    The results are kept in the run store: `accord report` (and `run` again) with the same scenario, samples and
    seed reuses them instead of computing them again."""
    from accord.analyses.bundle import results
    from accord.present.findings_view import findings_view

    folder = csv_out(csv_dir)
    s = load(scenario)
    with progress_bar("Findings, then zones", True) as prog:
        r = results(
            s, samples=samples, seed=seed, store=None if no_store else store, progress=prog, zones_progress=prog
        )
    if as_json:
        save_csv(folder, "run", r.tables(), as_json)
        emit_json({"findings": r.findings, "overview": r.overview})
        return
    from accord.present.headline import headline, headline_view

    out.print(headline_view(headline(r, s)))
    out.print(f"\n[bold]{escape(s.meta.title)}[/]  ({s.meta.id})")
    out.print(findings_view(r.findings, s))
    out.print(render.overview_view(r.overview, s, parameters(s)))
    out.print(_bundle_note(r, store))
    save_csv(folder, "run", r.tables(), as_json)


def _bundle_note(r: Any, store: Path) -> str:
    """Where the results came from: reused from a stored run, or computed (and saved)."""
    where = escape(str(store))
    if r.reused:
        return (
            f"[dim]reused the results of run {r.run} in {where} (same scenario, samples, seed and Accord "
            f"version; computed in {r.seconds:.1f} s)[/]"
        )
    return f"[dim]computed in {r.seconds:.1f} s" + (f"; saved as run {r.run} in {where}[/]" if r.run else "[/]")


@app.command()
@friendly
def claims(
    scenario: ScenarioArg = None,
    samples: SamplesOpt = 0,
    seed: SeedOpt = 0,
    claim: Annotated[list[str] | None, typer.Option("--claim", "-c", help="Check only this claim (repeat).")] = None,
    csv_dir: CsvOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Each claim the sources make, at the nominal numbers and as a share of sampled scenarios; exit 1 if one fails."""
    from accord.analyses.claims import check
    from accord.present.findings_view import claims_view

    folder = csv_out(csv_dir)
    s = load(scenario)
    if not s.claims:
        raise AccordError(f"scenario {s.meta.id!r} has no `claims`; add the statements its sources make")
    with progress_bar("Claims", True) as prog:
        r = check(s, claim, samples=samples, seed=seed, progress=prog)
    if as_json:
        save_csv(folder, "claims", r.tables(), as_json)
        emit_json(r)
    else:
        out.print(claims_view(r, s))
        out.print(
            f"[dim]{r.seconds:.1f} s{'' if samples else '; add --samples N for each claim share over N sampled scenarios'}[/]"
        )
        save_csv(folder, "claims", r.tables(), as_json)
    if r.failed:
        raise typer.Exit(1)


def writable(*paths: Path | None) -> None:
    """Refuse, before any work is done, an output path whose folder does not exist or that is a folder."""
    for p in paths:
        if p is None:
            continue
        if p.is_dir():
            raise AccordError(f"{p} is a folder; give a file name for the output")
        if not p.parent.is_dir():
            raise AccordError(f"cannot write {p}: the folder {p.parent} does not exist; create it or choose another")


def write_text(path: Path, text: str) -> None:
    """Write an output file, or say clearly why it cannot be written."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AccordError(f"cannot write {path}: {exc.strerror or exc}; choose a writable path") from None


BeliefsOpt = Annotated[
    str,
    typer.Option(
        "--beliefs",
        help="Theories weighed by the scenario's prior beliefs, or by the posterior its evidence gives ('posterior').",
    ),
]


def weighed(s: Any, beliefs: str, seed: int) -> tuple[Any, dict[str, float] | None]:
    """The scenario with its beliefs as asked: 'prior' (as written) or 'posterior' (after its evidence)."""
    if beliefs == "prior":
        return s, None
    if beliefs != "posterior":
        raise AccordError(f"--beliefs {beliefs!r}: choose 'prior' or 'posterior'")
    from accord.analyses.evidence import weigh, with_beliefs

    with progress_bar("Weighing the evidence", True) as prog:
        post = weigh(s, samples=2_000, seed=seed, watch=False, progress=prog).deciding_posterior
    return with_beliefs(s, post), post


@app.command()
@friendly
def evidence(
    scenario: ScenarioArg = None,
    samples: Annotated[
        int, typer.Option("--samples", "-n", min=2, max=1_000_000, help="Sampled scenarios per theory.")
    ] = 2_000,
    seed: SeedOpt = 0,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Freeze the model at this date (YYYY-MM-DD) "
            "and score its predictions of the later events (default: "
            "the record's start).",
        ),
    ] = None,
    svg_out: Annotated[Path | None, typer.Option("--svg", help="Write the predicted-against-observed chart.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Which theory the record favours: each event's likelihood per theory, Bayes factors, the posterior, a
    hindcast scored against baselines, and the observations worth waiting for."""
    from accord.analyses.evidence import weigh
    from accord.present.evidence_view import evidence_view

    writable(svg_out)
    s = load(scenario)
    with progress_bar("Weighing the evidence", True) as prog:
        r = weigh(s, samples=samples, seed=seed, as_of=as_of, progress=prog)
    if svg_out:
        from accord.present.figures import evidence_figure

        write_text(svg_out, evidence_figure(r))
    if as_json:
        emit_json(r)
        return
    out.print(evidence_view(r, s))
    if svg_out:
        out.print(f"[dim]wrote {escape(str(svg_out))}[/]")


@app.command()
@friendly
def backtest(
    cases: Annotated[
        list[str] | None,
        typer.Argument(
            help="Case files (scenarios with `outcomes:`), or names of shipped cases; default: every shipped "
            "case and the built-in scenario.",
            show_default=False,
        ),
    ] = None,
    samples: Annotated[
        int, typer.Option("--samples", "-n", min=2, max=1_000_000, help="Sampled scenarios per theory.")
    ] = 2_000,
    seed: SeedOpt = 0,
    svg_out: Annotated[
        Path | None, typer.Option("--svg", help="Write the reliability diagram and the per-case Brier scores as SVG.")
    ] = None,
    csv_dir: CsvOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score Accord on real verdicts whose fate is known: each verdict's probability as of its date, against
    always 'no deal', the casebook's base rate, chance and the nominal verdict."""
    from accord.analyses.backtest import backtest as run_backtest
    from accord.analyses.backtest import case_paths
    from accord.present.backtest_view import backtest_view

    writable(svg_out)
    folder = csv_out(csv_dir)
    scenarios = [load(p) for p in case_paths(cases)]
    with progress_bar("Backtest", not as_json) as prog:
        r = run_backtest(scenarios, samples=samples, seed=seed, progress=prog)
    if svg_out:
        from accord.present.figures import backtest_figure

        write_text(svg_out, backtest_figure(r))
    if as_json:
        save_csv(folder, "backtest", r.tables(), as_json)
        emit_json(r)
        return
    out.print(backtest_view(r))
    if svg_out:
        out.print(f"[dim]wrote {svg_out}[/]")
    save_csv(folder, "backtest", r.tables(), as_json)


@app.command()
@friendly
def voi(
    scenario: ScenarioArg = None,
    decision: Annotated[
        str | None,
        typer.Option(
            "--decision",
            "-d",
            help="The options, comma separated: "
            "LEVERS, LEVERS@THEORY (with that theory's proposal) or a "
            "strategy id; default: every lever package with each "
            "theory's proposal.",
        ),
    ] = None,
    goal: Annotated[
        str, typer.Option(help="deal (chance of a deal), months (of war), cost (lever spending) or lives.")
    ] = "deal",
    samples: Annotated[
        int, typer.Option("--samples", "-n", min=10, max=1_000_000, help="Monte Carlo samples.")
    ] = 10_000,
    seed: SeedOpt = 0,
    beliefs: BeliefsOpt = "prior",
    top: Annotated[int, typer.Option(min=1, max=500, help="Unknowns to list.")] = 12,
    svg_out: Annotated[Path | None, typer.Option("--svg", help="Write the EVPPI chart.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Value of information: how much knowing each unknown (and which theory is right) is worth to the
    mediator's choice, EVPI and EVPPI in the goal's unit."""
    from accord.analyses.voi import voi as run_voi
    from accord.present.evidence_view import voi_view

    writable(svg_out)
    s = load(scenario)
    s, post = weighed(s, beliefs, seed)
    specs = [x for x in decision.split(",") if x.strip()] if decision else None
    with progress_bar("Sampling", True) as prog:
        r = run_voi(s, specs, goal=goal, samples=samples, seed=seed, beliefs=post, belief_label=beliefs, progress=prog)
    if svg_out:
        from accord.present.figures import voi_figure

        write_text(svg_out, voi_figure(r))
    if as_json:
        emit_json(r)
        return
    out.print(voi_view(r, s, top=top))
    if svg_out:
        out.print(f"[dim]wrote {escape(str(svg_out))}[/]")


StateOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--state", "-s", help="A state to show and explain: its number or id, or option=Y/N,... (partial: every match)."
    ),
]


@app.command()
@friendly
def stability(
    model: Annotated[
        str | None,
        typer.Argument(
            help="GMCR file, scenario with a `stability:` section, or a built-in name (default: ukraine-2025; "
            "cases: see --list).",
            show_default=False,
        ),
    ] = None,
    concept: Annotated[
        list[str] | None, typer.Option("--concept", "-c", help="nash, gmr, smr, seq, sim (repeat; default all).")
    ] = None,
    state: StateOpt = None,
    horizon: Annotated[
        int | None, typer.Option("--horizon", min=1, max=64, help="Limited-move stability L_h with this horizon.")
    ] = None,
    nonmyopic: Annotated[bool, typer.Option("--nonmyopic", help="Non-myopic stability (L_h in the limit).")] = False,
    coalitions: Annotated[bool, typer.Option("--coalitions", help="Search every coalition of 2 or more.")] = False,
    partition: Annotated[
        str | None,
        typer.Option(
            "--partition",
            help="Blocks acting as one decision maker "
            "for every concept, e.g. moe+uniroyal (others alone; "
            "default: the model's `partition:`).",
        ),
    ] = None,
    sim_rule: Annotated[
        str | None,
        typer.Option(
            "--sim", help="SIM answers: alone (one opponent) or subsets (any set at once; default: the model's)."
        ),
    ] = None,
    sanctions: Annotated[
        str | None,
        typer.Option(
            "--sanctions", help="definition (default) or gmcr-py (each opponent once per chain: a compatibility mode)."
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="Status-quo analysis from this state (default: the model's status quo, if any)."),
    ] = None,
    robust: Annotated[
        bool,
        typer.Option("--robust", help="Equilibria under every ranking within the model's `uncertain` score ranges."),
    ] = False,
    inverse: Annotated[
        str | None,
        typer.Option(
            "--inverse", help="Preference conditions that make this state an equilibrium (with the first --concept)."
        ),
    ] = None,
    derive: Annotated[
        bool,
        typer.Option("--derive", help="Build the model from the scenario's levers and acceptance decisions instead."),
    ] = False,
    package: Annotated[str | None, typer.Option("--package", "-p", help="With --derive: the proposal.")] = None,
    levers: LeversOpt = None,
    hypothesis: HypOpt = None,
    all_states: Annotated[bool, typer.Option("--all-states", help="List every state.")] = False,
    dot: Annotated[Path | None, typer.Option("--dot", help="Write the graph of improvements as DOT.")] = None,
    svg_out: Annotated[Path | None, typer.Option("--svg", help="Write the graph of improvements as SVG.")] = None,
    list_cases: Annotated[bool, typer.Option("--list", help="List the built-in published cases.")] = False,
    max_states: Annotated[
        int,
        typer.Option(
            "--max-states",
            min=1,
            max=1 << 26,
            help="Refuse models with more feasible states (memory grows with them: about 1 GB per million with SIM).",
        ),
    ] = 1 << 22,
    large: LargeOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Conflict stability (GMCR): which states no party leaves, under Nash, GMR, SMR, SEQ and SIM, and why."""
    from accord.present import stability_view
    from accord.stability import analysis as stab
    from accord.stability.concepts import CONCEPTS
    from accord.stability.derive import derive as derive_model
    from accord.stability.graph import compile_model
    from accord.stability.inverse import solve
    from accord.stability.io import case_names, load_model

    if list_cases:
        out.print("Published cases: " + ", ".join(case_names()))
        return
    writable(dot, svg_out)
    if derive:
        g = compile_model(derive_model(load(model), package, levers, hypothesis))
    else:
        g, _, _ = load_model(model)
    if sim_rule is not None or sanctions is not None:
        from dataclasses import replace as _replace

        if sim_rule not in (None, "alone", "subsets"):
            raise AccordError(f"--sim {sim_rule!r}: choose alone or subsets")
        if sanctions not in (None, "definition", "gmcr-py"):
            raise AccordError(f"--sanctions {sanctions!r}: choose definition or gmcr-py")
        g = _replace(g, sim_rule=sim_rule or g.sim_rule, sanctions=sanctions or g.sanctions)
    blocks = None
    if partition is not None:
        from accord.stability.partition import parse as parse_partition

        try:
            blocks = parse_partition(g, partition)
        except ValueError as exc:
            raise AccordError(f"--partition: {exc}") from None
    concepts = [c.strip().lower() for spec in (concept or list(CONCEPTS)) for c in spec.split(",") if c.strip()]
    bad = [c for c in concepts if c not in CONCEPTS]
    if bad:
        raise AccordError(f"unknown concept {bad[0]!r}; choose from {', '.join(CONCEPTS)}")
    focus = [s for spec in (state or []) for s in _states(g, spec)]
    begin = _states(g, start)[0] if start else g.status_quo
    if g.n > max_states:
        raise AccordError(
            f"the model has {g.n:,} feasible states; the analysis is limited to {max_states:,} "
            "(memory grows with them); raise --max-states if this machine has the memory, or "
            "coalesce options"
        )
    work = stab.estimate(g, concepts, robust, coalitions)
    with long_work(
        work, large, "coalesce options (fewer states), or ask for fewer concepts with -c nash", "Stability"
    ) as prog:
        rep = stab.run(g, concepts, horizon, nonmyopic, coalitions, begin, robust, prog, blocks)
    inv = None
    if inverse:
        from accord.stability.inverse import CONCEPTS as INVERSE_CONCEPTS

        if concepts[0] not in INVERSE_CONCEPTS:
            raise AccordError(
                f"--inverse works with -c {', '.join(INVERSE_CONCEPTS)}; SIM's sanctions combine moves "
                "option by option and have no form in pairwise preferences (first --concept was "
                f"{concepts[0]!r})"
            )
        inv = solve(g, _states(g, inverse)[0], concepts[0])
    if dot:
        write_text(dot, stability_view.to_dot(rep, concepts[0]))
    if svg_out:
        from accord.present.figures import stability_figure

        write_text(svg_out, stability_figure(rep, concepts[0]))
    if as_json:
        data = stability_view.stability_json(rep)
        if focus:
            data["why"] = {
                g.labels[s]: {
                    c: {d: stab.narrate(g, rep.stability, s, i, c) for i, d in enumerate(g.dms)}
                    for c in rep.stability.table
                }
                for s in focus
            }
        if inv:
            data["inverse"] = stability_view.inverse_json(g, inv)
        emit_json(data)
        return
    out.print(stability_view.stability_view(rep, focus, all_states))
    for s in focus:
        out.print(f"[bold]Why state {escape(g.labels[s])}[/] ({escape(g.describe(s))})", highlight=False)
        for c in rep.stability.table:
            for i in range(len(g.dms)):
                out.print(f"  [{c.upper()}] " + escape(stab.narrate(g, rep.stability, s, i, c)), highlight=False)
    if inv:
        out.print(stability_view.inverse_view(g, inv), highlight=False)
    for path in (dot, svg_out):
        if path:
            out.print(f"[dim]wrote {escape(str(path))}[/]")


def _states(g: Any, spec: str) -> list[int]:
    """States named by number/id or by a partial option pattern `opt=Y,opt=N`."""
    if "=" not in spec:
        if spec not in g.labels:
            raise AccordError(
                f"no state {spec!r}; states are {g.labels[0]}..{g.labels[-1]}"
                if g.codes is not None
                else f"no state {spec!r}"
            )
        return [g.labels.index(spec)]
    ids = [o for o, _, _ in g.options]
    hit = None
    for part in spec.split(","):
        key, _, val = part.partition("=")
        key, val = key.strip(), val.strip().upper()
        if key not in ids or val not in ("Y", "N"):
            raise AccordError(f"{part!r}: write option=Y or option=N with an option of the model ({', '.join(ids)})")
        bit = ((g.codes >> ids.index(key)) & 1).astype(bool) == (val == "Y")
        hit = bit if hit is None else hit & bit
    found = [int(s) for s in np.nonzero(hit)[0]]
    if not found:
        raise AccordError(f"no feasible state matches {spec!r}")
    return found


@app.command()
@friendly
def forecast(
    source: Annotated[
        str | None,
        typer.Argument(
            help="Scenario (default: ukraine-2025) or a CSV with columns actor, capability, position, salience.",
            show_default=False,
        ),
    ] = None,
    issue: Annotated[
        list[str] | None, typer.Option("--issue", "-i", help="Ordered issue (repeat; default: every ordered issue).")
    ] = None,
    rounds: Annotated[
        int | None,
        typer.Option(
            "--rounds", min=1, max=1000, help="Round limit (default 10; ktab: KTAB's 100 turns).", show_default=False
        ),
    ] = None,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            "-n",
            min=0,
            max=100_000,
            help="Also run over this many samples of the scenario's uncertainties.",
        ),
    ] = 0,
    variant: Annotated[
        str,
        typer.Option(
            "--variant",
            help="bdm (the model's equations as printed), "
            "scholz2011 (Scholz, Calbert and Smith's published rounds), ktab "
            "(KTAB's Spatial Model of Politics as its code runs it) or smp "
            "(Accord's simplification of it).",
        ),
    ] = "bdm",
    levers: LeversOpt = None,
    hypothesis: HypOpt = None,
    q: Annotated[
        float, typer.Option("--q", min=0, max=1, callback=finite, help="bdm, scholz2011: chance the status quo holds.")
    ] = 1.0,
    voting: Annotated[
        str, typer.Option("--voting", help="smp: proportional, binary, cubic; ktab: also propbin, propcbc, asymprosp.")
    ] = "proportional",
    win: Annotated[
        str | None,
        typer.Option(
            "--win", help="smp: lanchester (default) or linear; ktab: linear (default) or square.", show_default=False
        ),
    ] = None,
    transition: Annotated[
        str, typer.Option("--transition", help="smp, ktab: deterministic or stochastic.")
    ] = "deterministic",
    seed: Annotated[
        int, typer.Option("--seed", min=0, max=SEED_MAX, help="Seed for samples and stochastic transitions.")
    ] = 0,
    scale: Annotated[
        tuple[float, float] | None,
        typer.Option("--scale", help="CSV: the scale's ends (default: the extreme positions)."),
    ] = None,
    svg_out: Annotated[Path | None, typer.Option("--svg", help="Write the position-by-round chart.")] = None,
    large: LargeOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Expected-utility forecasting: where each ordered issue settles, with and without each author's levers."""
    from accord.forecast import Settings, conditions, forecast_conditions, forecast_inputs, from_csv
    from accord.forecast.run import VARIANTS
    from accord.present import forecast_view
    from accord.present.figures import forecast_figure

    if variant not in VARIANTS:
        raise AccordError(f"unknown variant {variant!r}; choose {', '.join(VARIANTS)}")
    if variant in ("smp", "ktab"):
        from accord.forecast import ktab as _ktab
        from accord.forecast import smp as _smp

        rules = {"smp": (_smp.VOTING, _smp.WIN), "ktab": (_ktab.VOTING, _ktab.WIN)}[variant]
        if voting not in rules[0]:
            raise AccordError(f"--voting {voting!r}: {variant} takes {', '.join(rules[0])}")
        if win is not None and win not in rules[1]:
            raise AccordError(f"--win {win!r}: {variant} takes {', '.join(rules[1])}")
        if transition not in ("deterministic", "stochastic"):
            raise AccordError(f"--transition {transition!r}: deterministic or stochastic")
    writable(svg_out)
    settings = Settings(variant, rounds, q, voting, win, transition, seed)
    results = []
    colours = None
    from accord.forecast.run import estimate

    smaller = "use fewer actors, issues, rounds or samples (bdm is the quickest variant)"
    if source and source.lower().endswith(".csv"):
        inputs = from_csv(Path(source), scale)
        work = estimate(len(inputs.actors), len(inputs.issues), settings)
        with long_work(work, large, smaller, "Forecasting (rounds)"):
            results = forecast_inputs(inputs, Path(source).name, settings)
    else:
        s = load(source)
        from accord.present.figures import actor_colours

        colours = actor_colours(s)
        if levers is not None or hypothesis:
            conds = [
                (
                    f"{levers or s.baseline_levers or 'none'} @ {','.join(hypothesis or ['none'])}",
                    levers,
                    hypothesis or "none",
                )
            ]
        else:
            conds = conditions(s)
        from accord.forecast.inputs import ordered_issues

        work = estimate(len(s.actors), len(issue or ordered_issues(s)), settings, len(conds), samples)
        with long_work(work, large, smaller, "Forecasting (rounds)") as prog:
            with progress_bar("Forecasting", not work.long and samples > 0) as short:
                results = forecast_conditions(s, conds, issue, settings, samples, progress=prog or short)
    if svg_out:
        from accord.analyses.frames import names_of

        write_text(svg_out, forecast_figure(results, colours, names_of(s)))
    if as_json:
        emit_json(forecast_view.forecast_json(results))
        return
    out.print(forecast_view.forecast_view(results, scenario=s if colours is not None else None))
    if svg_out:
        out.print(f"[dim]wrote {escape(str(svg_out))}[/]")


@app.command()
@friendly
def evaluate(
    scenario: ScenarioArg = None,
    package: Annotated[
        str,
        typer.Option(
            "--package", "-p", help="Named package, or issue=option,...; issues left out take their status quo."
        ),
    ] = "",
    levers: LeversOpt = None,
    hypothesis: HypOpt = None,
    months: MonthsOpt = 0.0,
    as_json: JsonOpt = False,
) -> None:
    """Judge one package: every actor's utility, reservation value, verdict and the red lines it crosses."""
    s = load(scenario)
    if not package:
        names = ", ".join(p.id for p in s.packages) or "(none)"
        raise AccordError(f"name a package with --package: one of {names}, or issue=option,...")
    ev = run_evaluate(s, package, levers, hypothesis, months=months)
    if as_json:
        emit_json(ev)
        return
    named = next((p for p in s.packages if p.id == package), None)
    out.print(render.evaluation_view(ev, s, parameters(s), (named.name or named.id) if named else None))


@app.command()
@friendly
def bargain(
    scenario: ScenarioArg = None,
    levers: LeversOpt = None,
    hypothesis: HypOpt = None,
    months: MonthsOpt = 0.0,
    method: Annotated[str, typer.Option(help="Frontier method: auto, merge or enumerate.")] = "auto",
    top: Annotated[int, typer.Option(min=0, max=100_000, help="Frontier packages to list.")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """The whole package space: zone of agreement, Pareto frontier, Nash and other solutions."""
    s = load(scenario)
    with progress_bar("Enumerating packages", True) as prog:
        r = run_bargain(s, levers, hypothesis, months=months, method=method, progress=prog)
    if as_json:
        data = plain.jsonable(r)
        data["frontier_packages"] = r.frontier_packages(s)
        data["assumptions"] = len(parameters(s))
        emit_json(data)
        return
    out.print(render.bargain_view(r, s, parameters(s), top))


@app.command()
@friendly
def validate(scenario: Annotated[str, typer.Argument(help="Scenario file to check.")]) -> None:
    """Check a scenario file and report every problem with its file, line and key path (every check that
    `stability`, `forecast`, `simulate` and `evidence` run on the file)."""
    from accord.validation import validate_file

    s = validate_file(scenario)
    size = 1
    for i in s.issues:
        size *= len(i.options)
    out.print(
        f"[green]ok[/] {escape(scenario)}: format version {s.accord}, {len(s.actors)} actors, {len(s.issues)} "
        f"issues, {size:,} packages, {len(s.levers)} levers, {len(s.hypotheses)} hypotheses, "
        f"{len(parameters(s))} assumptions"
    )
    if s.accord == 1:
        out.print("  version 1: `accord migrate FILE` rewrites it as version 2 with the same meaning")
    from accord.scenario.paths import crossing_zero

    for w in crossing_zero(s):
        out.print(f"  [yellow]warning[/] {escape(w)}")


@app.command()
@friendly
def migrate(
    scenario: Annotated[str, typer.Argument(help="Version-1 scenario file to rewrite as version 2.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: print the new text).")
    ] = None,
) -> None:
    """Rewrite a version-1 scenario file as version 2 with the same meaning (comments and layout kept)."""
    from accord.scenario.loader import read_text, resolve
    from accord.scenario.migrate import migrate_text

    path = resolve(scenario)
    new, changes = migrate_text(read_text(path, scenario), scenario)
    if output is None:
        print(new, end="")
        return
    output.write_text(new, encoding="utf-8")
    out.print(
        f"[green]wrote[/] {escape(str(output))}: " + ("; ".join(changes) if changes else "already version 2, unchanged")
    )


@app.command()
@friendly
def assumptions(scenario: ScenarioArg = None, as_json: JsonOpt = False) -> None:
    """List every number no source gives, with its nominal value, range and reason."""
    s = load(scenario)
    params = parameters(s)
    if as_json:
        emit_json(params)
        return
    out.print(render.assumptions_view(params))


@app.command()
@friendly
def report(
    scenario: ScenarioArg = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write a PDF beside the HTML (needs WeasyPrint).")] = False,
    levers: Annotated[
        str | None,
        typer.Option(
            "--levers", "-l", help="Lever package to show in detail (default: the one with the largest zone)."
        ),
    ] = None,
    theory: Annotated[
        str | None,
        typer.Option("--theory", "-t", help="Theory to show in detail: none, a hypothesis-set name, or 'all sets'."),
    ] = None,
    samples: SamplesOpt = 500,
    seed: SeedOpt = 0,
    store: StoreOpt = Path(".accord/runs.sqlite"),
    no_store: Annotated[bool, typer.Option("--no-store", help="Neither reuse nor save the results.")] = False,
) -> None:
    """Write one self-contained HTML report (charts as inline SVG; no network needed to view it).

    It shows the results `accord run` stored for the same scenario, samples and seed (computing and storing
    them if there are none), and what only the report shows (exploration, leverage, simulations)."""
    from accord.analyses.bundle import check_focus, focus_names, results
    from accord.present.report import render_report, write_pdf

    writable(output)
    s = load(scenario)
    if levers is not None or theory is not None:
        check_focus(*focus_names(s), levers, theory)
    runs = None if no_store else store
    with progress_bar("Building the report", True) as prog:
        if prog:
            prog(0, 1)
        bundle = results(s, samples=samples, seed=seed, store=runs, report=True)
        html = render_report(s, bundle, levers, theory)
    write_text(output, html)
    out.print(f"[green]wrote[/] {escape(str(output))} ({len(html) // 1024:,} KB)")
    out.print(_bundle_note(bundle, store))
    if pdf:
        target = output.with_suffix(".pdf")
        write_pdf(html, target)
        out.print(f"[green]wrote[/] {escape(str(target))}")


@app.command()
@friendly
def serve(
    scenario: ScenarioArg = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option(help="Address to bind; the default serves this machine only.")] = "127.0.0.1",
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Also answer requests naming this host (repeat); by default only this machine's names are answered.",
        ),
    ] = None,
) -> None:
    """Open the local dashboard: switch levers and hypotheses, edit assumptions, pick a package, see it update."""
    import uvicorn

    from accord.web import create_app

    web = create_app(scenario, tuple(allow_host or ()) + ((host,) if host not in ("0.0.0.0", "::") else ()))
    started()  # a server runs for long: the collector back on
    out.print(escape(f"Accord dashboard on http://{host}:{port}/  (Ctrl+C to stop)"))
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
@friendly
def explore(
    scenario: ScenarioArg = None,
    samples: Annotated[
        int, typer.Option("--samples", "-n", min=1, max=100_000_000, help="Samples of the uncertainties.")
    ] = 10_000,
    method: Annotated[str, typer.Option(help="Sampling design: mc, lhs or sobol.")] = "mc",
    strategy: Annotated[
        list[str] | None,
        typer.Option(
            "--strategy", "-s", help="LEVERS@THEORY (repeat); default: every lever package under every theory."
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option(min=0, max=SEED_MAX, help="Random seed; the same seed gives the same results.")
    ] = 0,
    workers: Annotated[int | None, typer.Option(min=1, help="Local processes (default: all cores).")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Address of a Dask scheduler to run on.")] = None,
    exact: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Samples on which to check exactly whether any "
            "zone of agreement exists (each a pass over every package); "
            "default 50, fewer for very large spaces.",
        ),
    ] = None,
    sensitivity: Annotated[
        int, typer.Option(min=0, help="Sobol base sample size (a power of two; 0: no sensitivity analysis).")
    ] = 0,
    store: StoreOpt = Path(".accord/runs.sqlite"),
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not save the run.")] = False,
    large: LargeOpt = False,
    csv_dir: CsvOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Sample the uncertainties: probability of a deal per strategy, what decides it, where it fails."""
    import numpy as np

    from accord.analyses.explore import estimate
    from accord.analyses.explore import explore as run_explore
    from accord.analyses.sensitivity import deal_sensitivity, sensitivity_table
    from accord.budget import check

    folder = csv_out(csv_dir)
    s = load(scenario)
    work = estimate(s, samples, strategy)
    check(work, large, "use fewer samples (-n) or name fewer strategies (-s)")
    if work.long:
        err.print(escape(work.line()), highlight=False)
    options = {
        "samples": samples,
        "method": method,
        "strategies": strategy or "all",
        "exact": exact,
        "sensitivity": sensitivity,
        "workers": workers,
        "scheduler": scheduler,
    }
    started = start_run("explore", s, options, seed, store, no_store)
    with progress_bar("Sampling", True) as prog:
        r = run_explore(
            s,
            samples,
            method=method,
            strategies=strategy,
            seed=seed,
            workers=workers,
            scheduler=scheduler,
            exact=exact,
            progress=prog,
        )
    sens = {
        st.strategy.id: deal_sensitivity(s, st.strategy, sensitivity, seed)
        for st in r.strategies
        if sensitivity and st.strategy.proposal is not None
    }
    summary = plain.jsonable(
        {
            "strategies": [{"id": st.strategy.id, **plain.jsonable(st)} for st in r.strategies],
            "sensitivity": sens,
            "samples": r.samples,
            "deciders": r.deciders,
        }
    )
    finish_run(
        started,
        summary,
        {"p_deal": np.array([st.p_deal for st in r.strategies])},
        as_json,
        lambda: render.explore_view(r, sens, s),
        store,
    )
    save_csv(folder, "explore", r.tables() + ([sensitivity_table(s, sens)] if sens else []), as_json)


@app.command()
@friendly
def leverage(
    scenario: ScenarioArg = None,
    goal: Annotated[
        str,
        typer.Option(
            help="deal (most likely), cost (cheapest reaching P(deal) 0.5) or "
            "lives (most expected war cost avoided per month)."
        ),
    ] = "deal",
    budget: Annotated[
        float | None, typer.Option(min=0, callback=finite, help="Largest lever cost per month to consider.")
    ] = None,
    hypothesis: HypOpt = None,
    package: Annotated[
        str | None,
        typer.Option(
            "--package",
            "-p",
            help="The proposal (named package or issue=option,...); default: the Nash package with every lever pulled.",
        ),
    ] = None,
    samples: Annotated[
        int, typer.Option("--samples", "-n", min=1, max=100_000_000, help="Samples of the uncertainties.")
    ] = 2000,
    seed: Annotated[int, typer.Option(min=0, max=SEED_MAX, help="Random seed.")] = 0,
    top: Annotated[int, typer.Option(min=1, max=10_000, help="Lever packages to list per theory.")] = 10,
    store: StoreOpt = Path(".accord/runs.sqlite"),
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not save the run.")] = False,
    csv_dir: CsvOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Which of the mediator's lever packages make a deal likely, at what cost, under each theory."""
    from accord.analyses.leverage import leverage as run_leverage

    folder = csv_out(csv_dir)
    s = load(scenario)
    options = {
        "goal": goal,
        "budget": budget,
        "hypotheses": hypothesis,
        "package": package,
        "samples": samples,
        "top": top,
    }
    started = start_run("leverage", s, options, seed, store, no_store)
    with progress_bar("Judging lever packages", True) as prog:
        r = run_leverage(
            s,
            goal=goal,
            budget=budget,
            hypotheses=hypothesis,
            package=package,
            samples=samples,
            seed=seed,
            top=top,
            progress=prog,
        )
    summary = plain.jsonable(r)
    summary["strategies"] = [
        {"id": f"{', '.join(e.levers) or '(none)'}@{th}", "p_deal": e.p_deal}
        for th in r.theories
        for e in r.best[th][:1]
    ]
    finish_run(started, summary, {}, as_json, lambda: render.leverage_view(r, s), store)
    save_csv(folder, "leverage", r.tables(), as_json)


@app.command()
@friendly
def simulate(
    scenario: ScenarioArg = None,
    strategy: Annotated[str, typer.Option("--strategy", "-s", help="A strategy of the scenario.")] = "",
    hypothesis: HypOpt = None,
    months: Annotated[
        int | None, typer.Option(min=1, max=600, help="Horizon in months (default: the scenario's window).")
    ] = None,
    runs: Annotated[int, typer.Option(min=1, max=200_000, help="Runs; above 1 each samples the uncertainties.")] = 1,
    seed: Annotated[int, typer.Option(min=0, max=SEED_MAX, help="Random seed.")] = 0,
    store: StoreOpt = Path(".accord/runs.sqlite"),
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not save the run.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Play a strategy month by month: who accepts what and when, months to a deal, the cost of delay."""
    from accord.analyses.simulate import simulate as run_simulate

    s = load(scenario)
    if not strategy:
        raise AccordError(
            "name a strategy with --strategy: one of "
            + (", ".join(st.id for st in s.strategies) or "(none in this scenario)")
        )
    options = {"strategy": strategy, "hypotheses": hypothesis, "months": months, "runs": runs}
    started = start_run("simulate", s, options, seed, store, no_store)
    r = run_simulate(s, strategy, hypothesis, months=months, runs=runs, seed=seed)
    summary = {
        "strategies": [{"id": strategy, "p_deal": r.p_deal}],
        "months_quantiles": r.months_quantiles(),
        "war_cost_mean": float(r.war_cost.mean()),
        "lever_cost_mean": float(r.lever_cost.mean()),
        "timeline": plain.jsonable(r.timeline),
    }
    finish_run(
        started,
        summary,
        {"deal_month": r.deal_month, "war_cost": r.war_cost, "lever_cost": r.lever_cost},
        as_json,
        lambda: render.simulation_view(
            r, s, run_simulate(s, strategy, hypothesis, months=months) if runs > 1 else None
        ),
        store,
    )


@runs_app.command("list")
@friendly
def runs_list(store: StoreOpt = Path(".accord/runs.sqlite")) -> None:
    """Every stored run, newest first."""
    from accord.runs import RunStore

    out.print(render.runs_view(RunStore(store).list()))


@runs_app.command("show")
@friendly
def runs_show(
    run_id: Annotated[str, typer.Argument(help="Run id (or a unique prefix).")],
    store: StoreOpt = Path(".accord/runs.sqlite"),
    as_json: JsonOpt = False,
) -> None:
    """One run in summary: what was run, on what, when, and its headline numbers (`--json`: the full record)."""
    from accord.runs import RunStore

    record = RunStore(store).get(run_id)
    if as_json:
        emit_json(record)
        return
    scenario = None
    try:  # names for the headline numbers when the scenario can still be found (a built-in, or the file)
        scenario = load(record.scenario_id)
    except (AccordError, OSError):
        pass
    out.print(render.run_summary_view(record, scenario))


@runs_app.command("compare")
@friendly
def runs_compare(
    first: Annotated[str, typer.Argument(help="First run id.")],
    second: Annotated[str, typer.Argument(help="Second run id.")],
    store: StoreOpt = Path(".accord/runs.sqlite"),
) -> None:
    """Two runs side by side."""
    from accord.runs import RunStore

    rs = RunStore(store)
    out.print(render.compare_view(rs.get(first), rs.get(second)))


EXAMPLES = {
    "ec-emissions": (
        "ec-emissions.csv",
        "Bueno de Mesquita and Stokman (eds.), European Community Decision "
        "Making (1994): the car-emissions issue as tabulated by Scholz, Calbert and Smith, Journal "
        "of Theoretical Politics 23(4) 2011 (positions 4 strictest to 10 most lenient; salience in "
        "percent), for `accord forecast FILE.csv`.",
    ),
    "soe-pol-comp": (
        "soe-pol-comp.csv",
        "KTAB's SOE policy-competition case (KAPSARC, MIT licence; "
        "examples/smp/doc/SOE-Pol-Comp.csv): 13 Chinese actors on two dimensions in KTAB's CSV "
        "layout, for `accord forecast FILE.csv --variant ktab` (KTAB's reference run: 28 "
        "states).",
    ),
}


@app.command()
@friendly
def example(name: Annotated[str | None, typer.Argument(help="Example to print (omit to list them).")] = None) -> None:
    """Print a shipped example input file (redirect it to a file: `accord example ec-emissions > ec.csv`)."""
    from importlib.resources import files

    if name is None:
        for key, (_, about) in EXAMPLES.items():
            out.print(f"[bold]{key}[/]: {about}", highlight=False)
        return
    if name not in EXAMPLES:
        raise AccordError(f"unknown example {name!r}; examples: {', '.join(EXAMPLES)}")
    sys.stdout.write((files("accord") / "data" / "examples" / EXAMPLES[name][0]).read_text(encoding="utf-8"))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format."""
    from accord.scenario.schema import Scenario

    sys.stdout.write(json.dumps(Scenario.model_json_schema(), indent=2) + "\n")


@app.command()
@friendly
def generate(
    actors: Annotated[int, typer.Option(min=1, max=50)] = 3,
    issues: Annotated[int, typer.Option(min=1, max=64)] = 6,
    options: Annotated[int, typer.Option(min=2, max=100)] = 4,
    factions: Annotated[bool, typer.Option(help="Give the second actor two factions.")] = False,
    seed: Annotated[int, typer.Option(min=0, max=SEED_MAX, help="Random seed.")] = 0,
    strictness: Annotated[
        float,
        typer.Option(
            min=-10, max=10, callback=finite, help="Reservation values, in standard deviations above the mean utility."
        ),
    ] = 0.4,
) -> None:
    """Write a random valid scenario to standard output (for tests, benchmarks and trying things out)."""
    from accord.model.generate import generate as make_scenario
    from accord.model.generate import to_yaml

    sys.stdout.write(
        to_yaml(make_scenario(actors, issues, options, factions=factions, seed=seed, strictness=strictness))
    )


@sources_app.command("check")
@friendly
def sources_check(
    scenario: ScenarioArg = None,
    texts: Annotated[
        Path, typer.Option("--texts", help="Folder holding the source text files.", exists=True, file_okay=False)
    ] = Path("."),
    as_json: JsonOpt = False,
) -> None:
    """Verify that every quote occurs in the source text it cites (white space and quote marks aside)."""
    s = load(scenario)
    from rich.table import Table

    from accord.model.sources import check_quotes

    results = check_quotes(s, texts)
    unchecked = [r for r in results if r.unchecked]
    results = [r for r in results if not r.unchecked]
    bad = [r for r in results if not r.found]
    if as_json:
        emit_json({"checked": len(results), "failed": bad, "unchecked": unchecked})
    else:
        if bad:
            t = Table(title=f"{len(bad)} of {len(results)} quotes not found", header_style="bold red")
            for col in ("element", "source", "problem", "quote"):
                t.add_column(col)
            for r in bad:
                t.add_row(r.path, r.source, r.problem or "", r.quote)
            out.print(t)
        elif results:
            out.print(f"[green]ok[/] all {len(results)} quotes found in their sources")
        else:
            out.print("no quote to check against a source text")
        if unchecked:
            t = Table(
                title=f"{len(unchecked)} quotes unchecked: written from memory or a summary "
                "(their sources are `from_memory`)",
                header_style="bold yellow",
            )
            for col in ("element", "source", "quote"):
                t.add_column(col)
            for r in unchecked:
                t.add_row(r.path, r.source, r.quote)
            out.print(t)
    if bad:
        raise typer.Exit(1)


def command_app(args: list[str]) -> typer.Typer:
    """The app reduced to the one command (or command group) that `args` name, so that a command's start-up
    builds its own options only, not every command's (typer reads each command's signature and type hints on
    start-up: about 20 ms of CPU for all of them). Anything else (no command, an option first, an unknown
    name) gets the whole app, whose help lists every command and whose errors suggest the closest name. The
    command behaves exactly as in the whole app: same options, help, usage line (`accord NAME ...`) and errors."""
    import copy

    from typer.main import get_command_name

    if not args or args[0].startswith("-"):
        return app
    name = args[0]
    commands = [c for c in app.registered_commands if (c.name or get_command_name(c.callback.__name__)) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1:
        return app
    one = copy.copy(app)
    one.registered_commands, one.registered_groups = commands, groups
    if commands:  # a lone command would become the app itself (`accord [OPTIONS]`): keep the group around it
        one.registered_callback = typer.models.TyperInfo(callback=_group)
    return one


def _group() -> None:
    """Nothing: the command group's own step, before its command."""


def main() -> None:
    """Console entry point.

    The garbage collector is paused while the command starts: imports and reading the scenario make a few
    hundred thousand objects that live until the process ends, and no garbage cycles, so collecting during
    start-up would cost about a tenth of a short command's CPU for nothing. `started` resumes it when the command's
    own work begins, with the start-up's objects frozen out of its later passes. At the end everything still alive
    is frozen too: the interpreter's last full collection at exit would only pass over objects the process is
    about to drop (20-60 ms of CPU; finalizers registered with `atexit` or `weakref.finalize` still run)."""
    global _STARTING
    collecting = gc.isenabled()
    _STARTING = collecting
    gc.disable()
    try:
        command_app(sys.argv[1:])()
    finally:
        _STARTING = False
        gc.freeze()
        if collecting:
            gc.enable()


if _COLLECTING:
    gc.enable()

if __name__ == "__main__":
    main()
