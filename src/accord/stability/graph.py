"""A GMCR model compiled to arrays: feasible states, each decision maker's moves and preference scores.

Option form: option k (in the order decision makers and their options are listed) is bit k of a state's
code; feasible states are numbered 1..n in increasing code order (the convention of GMCR II and GMCR+),
so published state numbers can be entered as they are. Graph form: states in the order listed.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np

from accord.scenario.gmcr import GmcrModel, Preference
from accord.stability.moves import EdgeMover, LatticeMover, Mover

MAX_OPTIONS = 24
"""Most binary options in an option-form model (2^24 = 16.8 million candidate states, 128 MB of codes alone)."""

Loc = tuple[Any, ...]


class StateNumbers(Sequence[str]):
    """The option form's state labels "1".."n", each made when asked for: held as strings, 655,360 states took
    40 MB of the process for labels that a report shows a handful of."""

    def __init__(self, n: int) -> None:
        self._n = n

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, k: int) -> str: ...

    @overload
    def __getitem__(self, k: slice) -> list[str]: ...

    def __getitem__(self, k: int | slice) -> str | list[str]:
        if isinstance(k, slice):
            return [str(i + 1) for i in range(*k.indices(self._n))]
        i = operator.index(k)
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("state index out of range")
        return str(i + 1)

    def _find(self, label: object) -> int:
        if isinstance(label, str) and label.isascii() and label.isdigit():
            k = int(label)
            if str(k) == label and 1 <= k <= self._n:
                return k - 1
        return -1

    def __contains__(self, label: object) -> bool:
        return self._find(label) >= 0

    def index(self, label: object, start: int = 0, stop: int | None = None) -> int:
        """The index of a state number given as text ("1" is index 0)."""
        k = self._find(label)
        if k < start or (stop is not None and k >= stop):
            raise ValueError(f"{label!r} is not a state number")
        return k

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StateNumbers):
            return other._n == self._n
        return (
            isinstance(other, Sequence)
            and len(other) == self._n
            and all(a == b for a, b in zip(self, other, strict=True))
        )

    def __hash__(self) -> int:
        return hash((StateNumbers, self._n))

    def __repr__(self) -> str:
        return f"StateNumbers({self._n})"


@dataclass(frozen=True)
class Graph:
    """A compiled graph model. `score[i, s]` ranks state s for decision maker i (higher is better)."""

    title: str
    dms: tuple[str, ...]
    form: str  # "option" or "graph"
    labels: Sequence[str]  # state numbers (option form, `StateNumbers`) or ids (graph form)
    options: tuple[tuple[str, int, str], ...]  # (option id, owner index, reversibility)
    codes: np.ndarray | None  # option form: the state codes
    score: np.ndarray  # (dms, states) dense ranks, 0 = least preferred
    lo: np.ndarray  # score ranges on a common scale per decision maker
    hi: np.ndarray
    movers: tuple[Mover, ...]
    status_quo: int | None = None
    coalitions: dict[str, tuple[int, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    uncertain: bool = False
    deal: np.ndarray | None = None  # (states,) bool: the states that are a deal, where the model says
    partition: tuple[tuple[str, tuple[int, ...]], ...] = ()  # named blocks acting as one (empty: no partition)
    sim_rule: str = "alone"  # SIM: "alone" (one opponent answers) or "subsets" (any set at once)
    sanctions: str = "definition"  # "definition" or "gmcr-py" (each opponent once per chain)

    @property
    def n(self) -> int:
        """Number of feasible states."""
        return len(self.labels)

    def pattern(self, s: int) -> str:
        """A state's options as Y/N, decision maker by decision maker (option form), or its id."""
        if self.codes is None:
            return self.labels[s]
        code = int(self.codes[s])
        parts = []
        for d in range(len(self.dms)):
            parts.append("".join("Y" if code >> k & 1 else "N" for k, (_, o, _) in enumerate(self.options) if o == d))
        return " ".join(parts)

    def describe(self, s: int) -> str:
        """A state in words: what each decision maker does (its options taken), e.g. "us_administration: military
        aid, sanctions; russia: accepts terms; ukraine_government: -"; a graph-form state is its name."""
        if self.codes is None:
            return self.labels[s]
        code = int(self.codes[s])
        parts = []
        for d, dm in enumerate(self.dms):
            words = [_words(oid, dm) for k, (oid, o, _) in enumerate(self.options) if o == d and code >> k & 1]
            parts.append(f"{dm}: {', '.join(words) or '-'}")
        return "; ".join(parts)

    def move(self, s: int, t: int) -> str:
        """The move from state `s` to `t` in words: the options switched on and off (option form)."""
        if self.codes is None:
            return f"to {self.labels[t]}"
        a, b = int(self.codes[s]), int(self.codes[t])
        on = [_words(oid, self.dms[o]) for k, (oid, o, _) in enumerate(self.options) if b >> k & 1 and not a >> k & 1]
        off = [_words(oid, self.dms[o]) for k, (oid, o, _) in enumerate(self.options) if a >> k & 1 and not b >> k & 1]
        parts = ([f"now {', '.join(on)}"] if on else []) + ([f"no longer {', '.join(off)}"] if off else [])
        return "; ".join(parts) or "no change"

    def taken(self, s: int) -> list[str]:
        """The options taken at a state (option form)."""
        if self.codes is None:
            return []
        code = int(self.codes[s])
        return [oid for k, (oid, _, _) in enumerate(self.options) if code >> k & 1]

    def index(self, label: str | int) -> int:
        """The index of a state given by its number or id."""
        return self.labels.index(str(label))


# ---------------------------------------------------------------- statements (option prioritisation)

_TOKEN = re.compile(r"\s*(?:(iff|if)\b|(-)|(&)|(\|)|([A-Za-z0-9][A-Za-z0-9_.-]*)|(\S))")


class StatementError(ValueError):
    """A preference statement that cannot be parsed."""


def parse_statement(
    text: str, options: dict[str, int]
) -> tuple[str, list[list[tuple[int, bool]]], list[list[tuple[int, bool]]] | None]:
    """Parse `A`, `A if B` or `A iff B`, each side an OR of ANDs of (negated) options; no eval."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        kw, neg, amp, bar, ident, other = m.groups()
        if other:
            raise StatementError(f"unexpected {other!r} in {text!r}; use option ids, '-', '&', '|', 'if', 'iff'")
        tokens.append(
            ("kw", kw)
            if kw
            else ("neg", "-")
            if neg
            else ("and", "&")
            if amp
            else ("or", "|")
            if bar
            else ("id", ident)
        )
    if not tokens:
        raise StatementError("an empty statement; write option ids such as 'accept' or '-abandon'")
    kinds = [t for t, _ in tokens]
    if kinds.count("kw") > 1:
        raise StatementError(f"{text!r} has more than one 'if'/'iff'")
    if "kw" in kinds:
        k = kinds.index("kw")
        return tokens[k][1], _disjunction(tokens[:k], text, options), _disjunction(tokens[k + 1 :], text, options)
    return "plain", _disjunction(tokens, text, options), None


def _disjunction(tokens: list[tuple[str, str]], text: str, options: dict[str, int]) -> list[list[tuple[int, bool]]]:
    if not tokens:
        raise StatementError(f"{text!r}: 'if'/'iff' needs a condition on both sides")
    out: list[list[tuple[int, bool]]] = [[]]
    expect_lit = True
    negate = False
    for kind, val in tokens:
        if expect_lit:
            if kind == "neg" and not negate:
                negate = True
                continue
            if kind != "id":
                raise StatementError(f"{text!r}: expected an option id, found {val!r}")
            if val not in options:
                close = ", ".join(sorted(options)[:12])
                raise StatementError(f"{text!r} names {val!r}, which is no option of the model (options: {close})")
            out[-1].append((options[val], not negate))
            negate = False
            expect_lit = False
        else:
            if kind == "and":
                expect_lit = True
            elif kind == "or":
                out.append([])
                expect_lit = True
            else:
                raise StatementError(f"{text!r}: expected '&', '|', 'if' or 'iff' after an option, found {val!r}")
    if expect_lit:
        raise StatementError(f"{text!r} ends with an operator; finish it with an option id")
    return out


def _holds(codes: np.ndarray, dnf: list[list[tuple[int, bool]]]) -> np.ndarray:
    out = np.zeros(len(codes), dtype=bool)
    for conj in dnf:
        term = np.ones(len(codes), dtype=bool)
        for bit, positive in conj:
            term &= ((codes >> bit) & 1).astype(bool) == positive
        out |= term
    return out


EXACT_WEIGHTS = 52
"""Most statements scored as sums of powers of two (exact in the float64 the score ranges use); beyond, states
are ranked by their tuple of statement truth values, which no number of statements can overflow."""


def statement_truths(codes: np.ndarray, statements: list[str], options: dict[str, int]) -> np.ndarray:
    """Which statements each state satisfies: (states, statements) booleans, most important statement first."""
    out = np.zeros((len(codes), len(statements)), dtype=bool)
    for k, text in enumerate(statements):
        kind, lhs, rhs = parse_statement(text, options)
        a = _holds(codes, lhs)
        if kind == "if":
            a = a | ~_holds(codes, rhs or [])
        elif kind == "iff":
            a = a == _holds(codes, rhs or [])
        out[:, k] = a
    return out


def statement_scores(codes: np.ndarray, statements: list[str], options: dict[str, int]) -> np.ndarray:
    """Option prioritisation: sum of 2^(L-1-k) over the statements k each state satisfies (L up to
    `EXACT_WEIGHTS`); with more statements, the dense rank of each state's tuple of truth values (the same
    order: the first statement outweighs all later ones together), so the scores cannot overflow."""
    truths = statement_truths(codes, statements, options)
    n = len(statements)
    if n <= EXACT_WEIGHTS:
        weights = np.left_shift(np.int64(1), np.arange(n - 1, -1, -1, dtype=np.int64))
        return truths.astype(np.int64) @ weights if n else np.zeros(len(codes), dtype=np.int64)
    # lexicographic order of the truth tuples: np.unique sorts rows first column first
    _, rank = np.unique(truths.astype(np.uint8), axis=0, return_inverse=True)
    return rank.reshape(-1).astype(np.int64)


# ---------------------------------------------------------------- compiling


def compile_model(m: GmcrModel, where: Loc = ()) -> Graph:
    """Check and compile a model; every problem is raised at once as a located `ScenarioError`."""
    problems: list[tuple[Loc, str]] = []
    try:
        g = _compile(m, where, problems)
    except _Stop:
        g = None
    if problems or g is None:
        raise _LocatedProblems(problems)
    return g


class _Stop(Exception):
    pass


class _LocatedProblems(Exception):
    """Problems with their key paths, for the loader to place at lines and columns."""

    def __init__(self, problems: list[tuple[Loc, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(m for _, m in problems))


def _compile(m: GmcrModel, where: Loc, problems: list[tuple[Loc, str]]) -> Graph:
    dms = [d.id for d in m.decision_makers]
    for dup in sorted({x for x in dms if dms.count(x) > 1}):
        problems.append(((*where, "decision_makers"), f"decision maker {dup!r} is listed twice"))
    graph_form = bool(m.states)
    if graph_form and any(d.options for d in m.decision_makers):
        problems.append(
            (
                (*where, "states"),
                "a model is in option form (decision makers with `options`) or in "
                "graph form (`states` and `moves`), not both",
            )
        )
        raise _Stop
    if graph_form:
        labels, movers, codes, options = _graph_form(m, where, problems)
    else:
        labels, movers, codes, options = _option_form(m, where, problems)
    n = len(labels)
    warnings: list[str] = []
    # ranks fit 32 bits (at most 2^24 states); lo and hi are built only when some preference is uncertain
    scores = np.zeros((len(dms), n), dtype=np.int32)
    ranged: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # decision maker -> (lo, hi) ranks, uncertain ones only
    uncertain = False
    opt_index = {oid: k for k, (oid, _, _) in enumerate(options)}
    for unknown in sorted(set(m.preferences) - set(dms)):
        problems.append(
            (
                (*where, "preferences", unknown),
                f"preferences for {unknown!r}, which is no decision maker (decision makers: {', '.join(dms)})",
            )
        )
    for i, dm in enumerate(dms):
        pref = m.preferences.get(dm)
        at = (*where, "preferences", dm)
        if pref is None:
            problems.append(
                (
                    (*where, "preferences"),
                    f"decision maker {dm!r} has no preferences; add `{dm}: {{statements: [...]}}` or a ranking",
                )
            )
            continue
        raw = _preference_scores(pref, codes, labels, opt_index, at, problems, warnings, dm)
        if raw is None:
            continue
        low, high = _ranges(pref, raw, codes, labels, opt_index, at, problems)
        if pref.uncertain:
            uncertain = True
            # one joint ranking of the nominal scores and both bounds, so that they compare with each other
            _, inv = np.unique(np.concatenate([raw, low, high]), return_inverse=True)
            scores[i] = inv[:n]
            ranged[i] = (inv[n : 2 * n].astype(np.int32), inv[2 * n :].astype(np.int32))
            del inv
        else:
            scores[i] = np.unique(raw, return_inverse=True)[1].reshape(-1)
        del raw, low, high
    coalitions: dict[str, tuple[int, ...]] = {}
    for k, c in enumerate(m.coalitions):
        bad = [x for x in c.members if x not in dms]
        if c.id in coalitions or any(c.id == other.id for other in m.coalitions[:k]):
            problems.append(
                ((*where, "coalitions", k, "id"), f"coalition {c.id!r} is listed twice; coalition ids must be unique")
            )
        elif bad:
            problems.append(
                (
                    (*where, "coalitions", k, "members"),
                    f"coalition {c.id!r} names {', '.join(map(repr, bad))}, "
                    f"which is no decision maker (decision makers: {', '.join(dms)})",
                )
            )
        else:
            coalitions[c.id] = tuple(sorted(dms.index(x) for x in c.members))
    partition = _partition(m, dms, where, problems)
    sq = None
    if m.status_quo is not None:
        sq = _state_ref(m.status_quo, codes, labels, opt_index, (*where, "status_quo"), problems)
    deal = None
    if m.deal is not None:
        if codes is None:
            problems.append(((*where, "deal"), "`deal` names options, so it needs the option form"))
        else:
            unknown = [o for o in m.deal if o not in opt_index]
            for o in unknown:
                problems.append(((*where, "deal", o), f"unknown option {o!r}; options: {', '.join(opt_index)}"))
            if not unknown:
                deal = np.ones(n, dtype=bool)
                for o, yn in m.deal.items():
                    deal &= ((codes >> opt_index[o]) & 1).astype(bool) == (yn == "Y")
    if problems:
        raise _Stop
    if uncertain:
        lo, hi = scores.copy(), scores.copy()
        for i, (a, b) in ranged.items():
            lo[i], hi[i] = a, b
    else:  # one array for all three (655,360 states and 5 decision makers: 50 MB less)
        lo = hi = scores
    return Graph(
        title=m.title or m.id or "graph model",
        dms=tuple(dms),
        form="graph" if graph_form else "option",
        labels=labels if isinstance(labels, StateNumbers) else tuple(labels),
        options=tuple(options),
        codes=codes,
        score=scores,
        lo=lo,
        hi=hi,
        movers=tuple(movers),
        status_quo=sq,
        coalitions=coalitions,
        warnings=tuple(warnings),
        uncertain=uncertain,
        deal=deal,
        partition=partition,
        sim_rule=m.sim,
        sanctions=m.sanctions,
    )


def _partition(
    m: GmcrModel, dms: list[str], where: Loc, problems: list[tuple[Loc, str]]
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The model's blocks (each decision maker in at most one), completed by singletons for the rest."""
    if not m.partition:
        return ()
    blocks: list[tuple[str, tuple[int, ...]]] = []
    seen: dict[str, str] = {}
    for k, c in enumerate(m.partition):
        bad = [x for x in c.members if x not in dms]
        twice = [x for x in c.members if x in seen]
        if bad:
            problems.append(
                (
                    (*where, "partition", k, "members"),
                    f"block {c.id!r} names {', '.join(map(repr, bad))}, "
                    f"which is no decision maker (decision makers: {', '.join(dms)})",
                )
            )
        elif twice:
            problems.append(
                (
                    (*where, "partition", k, "members"),
                    f"{twice[0]!r} is already in block "
                    f"{seen[twice[0]]!r}; a partition puts each decision maker in one block",
                )
            )
        else:
            seen.update({x: c.id for x in c.members})
            blocks.append((c.id, tuple(sorted(dms.index(x) for x in c.members))))
    blocks += [(d, (i,)) for i, d in enumerate(dms) if d not in seen]
    return tuple(blocks)


def _option_form(
    m: GmcrModel, where: Loc, problems: list[tuple[Loc, str]]
) -> tuple[StateNumbers, list[Mover], np.ndarray, list[tuple[str, int, str]]]:
    options: list[tuple[str, int, str]] = []
    for i, d in enumerate(m.decision_makers):
        if not d.options:
            problems.append(
                (
                    (*where, "decision_makers", i),
                    f"decision maker {d.id!r} has no options; give it "
                    "`options` (option form) or list `states` (graph form)",
                )
            )
        if d.moves:
            problems.append(
                ((*where, "decision_makers", i, "moves"), "`moves` belong to graph form; this model lists options")
            )
        for o in d.options:
            options.append((o.id, i, o.reversibility))
    ids = [o for o, _, _ in options]
    for dup in sorted({x for x in ids if ids.count(x) > 1}):
        problems.append(((*where, "decision_makers"), f"option {dup!r} is listed twice; option ids must be unique"))
    if len(options) > MAX_OPTIONS:
        problems.append(
            (
                (*where, "decision_makers"),
                f"{len(options)} options; at most {MAX_OPTIONS} are supported "
                "(2^24 candidate states); split the model or coalesce options",
            )
        )
    if problems:
        raise _Stop
    index = {oid: k for k, (oid, _, _) in enumerate(options)}
    codes = np.arange(1 << len(options), dtype=np.int64)
    keep = np.ones(len(codes), dtype=bool)
    for k, rule in enumerate(m.infeasible):
        at = (*where, "infeasible", k)
        try:
            keep &= ~_infeasible(rule, codes, index)
        except KeyError as exc:
            problems.append((at, f"names {exc.args[0]!r}, which is no option (options: {', '.join(ids)})"))
    if problems:
        raise _Stop
    codes = codes[keep]
    if len(codes) == 0:
        problems.append(((*where, "infeasible"), "these rules leave no feasible state; remove or loosen one"))
        raise _Stop
    movers: list[Mover] = []
    for i in range(len(m.decision_makers)):
        own = sum(1 << k for k, (_, o, _) in enumerate(options) if o == i)
        taken = sum(1 << k for k, (_, o, r) in enumerate(options) if o == i and r == "taken_only")
        dropped = sum(1 << k for k, (_, o, r) in enumerate(options) if o == i and r == "dropped_only")
        movers.append(LatticeMover(codes, own, taken, dropped))
    return StateNumbers(len(codes)), movers, codes, options


def _infeasible(rule: Any, codes: np.ndarray, index: dict[str, int]) -> np.ndarray:
    def bit(o: str) -> np.ndarray:
        return ((codes >> index[o]) & 1).astype(bool)

    def matches(pat: dict[str, str]) -> np.ndarray:
        out = np.ones(len(codes), dtype=bool)
        for o, yn in pat.items():
            out &= bit(o) == (yn == "Y")
        return out

    if rule.pattern is not None:
        return matches(rule.pattern)
    if rule.exclusive:
        return sum(bit(o).astype(np.int64) for o in rule.exclusive) > 1
    if rule.at_least_one:
        return ~np.logical_or.reduce([bit(o) for o in rule.at_least_one])
    return matches(rule.if_) & ~matches(rule.then)


def _graph_form(
    m: GmcrModel, where: Loc, problems: list[tuple[Loc, str]]
) -> tuple[list[str], list[Mover], None, list[tuple[str, int, str]]]:
    labels = [s.id for s in m.states]
    for dup in sorted({x for x in labels if labels.count(x) > 1}):
        problems.append(((*where, "states"), f"state {dup!r} is listed twice"))
    if m.infeasible:
        problems.append(
            ((*where, "infeasible"), "graph form lists its states; infeasibility rules belong to option form")
        )
    pos = {s: k for k, s in enumerate(labels)}
    movers: list[Mover] = []
    for i, d in enumerate(m.decision_makers):
        src: list[int] = []
        dst: list[int] = []
        for a, targets in d.moves.items():
            at = (*where, "decision_makers", i, "moves", a)
            if a not in pos:
                problems.append((at, f"move from unknown state {a!r} (states: {', '.join(labels[:12])})"))
                continue
            for b in targets:
                if b not in pos:
                    problems.append((at, f"move to unknown state {b!r} (states: {', '.join(labels[:12])})"))
                elif b == a:
                    problems.append((at, f"a move from {a!r} to itself is no move; remove it"))
                else:
                    src.append(pos[a])
                    dst.append(pos[b])
        movers.append(EdgeMover(len(labels), np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64)))
    return labels, movers, None, []


def _state_ref(
    ref: Any,
    codes: np.ndarray | None,
    labels: Sequence[str],
    opt_index: dict[str, int],
    at: Loc,
    problems: list[tuple[Loc, str]],
) -> int | None:
    if isinstance(ref, dict):
        if codes is None:
            problems.append((at, "a Y/N pattern names a state only in option form; give the state id"))
            return None
        bad = [o for o in ref if o not in opt_index]
        if bad:
            problems.append((at, f"names {bad[0]!r}, which is no option"))
            return None
        missing = [o for o in opt_index if o not in ref]
        if missing:
            problems.append((at, f"a state needs Y or N for every option; missing: {', '.join(missing)}"))
            return None
        code = sum(1 << opt_index[o] for o, yn in ref.items() if yn == "Y")
        hit = np.nonzero(codes == code)[0]
        if hit.size == 0:
            problems.append((at, "this state is infeasible under the model's rules"))
            return None
        return int(hit[0])
    if str(ref) not in labels:
        problems.append(
            (
                at,
                f"no state {ref!r}; states are {labels[0]}..{labels[-1]}"
                if codes is not None
                else f"no state {ref!r} (states: {', '.join(labels[:12])})",
            )
        )
        return None
    return labels.index(str(ref))


def _preference_scores(
    pref: Preference,
    codes: np.ndarray | None,
    labels: Sequence[str],
    opt_index: dict[str, int],
    at: Loc,
    problems: list[tuple[Loc, str]],
    warnings: list[str],
    dm: str,
) -> np.ndarray | None:
    from_statements = None
    if pref.statements:
        if codes is None:
            problems.append(((*at, "statements"), "preference statements need option form; rank the states instead"))
            return None
        bad = False
        for k, text in enumerate(pref.statements):
            try:
                parse_statement(text, opt_index)
            except StatementError as exc:
                problems.append(((*at, "statements", k), str(exc)))
                bad = True
        if bad:
            return None
        from_statements = statement_scores(codes, pref.statements, opt_index)
    if not pref.ranking:
        return from_statements
    ranked = _ranking_scores(pref.ranking, labels, (*at, "ranking"), problems)
    if ranked is None:
        return None
    if from_statements is not None:
        a = np.sign(from_statements[:, None] - from_statements[None, :]) if len(labels) <= 4096 else None
        b = np.sign(ranked[:, None] - ranked[None, :]) if a is not None else None
        if a is not None and b is not None and not np.array_equal(a, b):
            diff = int((a != b).sum() // 2)
            warnings.append(
                f"{dm}: the ranking and the preference statements disagree on {diff} pair(s) of "
                "states; the ranking is used"
            )
    return ranked


def _ranking_scores(
    ranking: list[Any], labels: Sequence[str], at: Loc, problems: list[tuple[Loc, str]]
) -> np.ndarray | None:
    n = len(labels)
    pos = {s: k for k, s in enumerate(labels)}
    score = np.full(n, -1, dtype=np.int64)
    ok = True
    for level, entry in enumerate(ranking):
        for s in entry if isinstance(entry, list) else [entry]:
            k = pos.get(str(s))
            if k is None:
                problems.append(((*at, level), f"no state {s!r} (states: {labels[0]}..{labels[-1]})"))
                ok = False
            elif score[k] >= 0:
                problems.append(((*at, level), f"state {s!r} is ranked twice; each state appears once"))
                ok = False
            else:
                score[k] = len(ranking) - level
    missing = [labels[k] for k in np.nonzero(score < 0)[0]]
    if ok and missing:
        problems.append(
            (
                at,
                f"the ranking leaves out {len(missing)} state(s): {', '.join(missing[:20])}; "
                "rank every feasible state (a nested list is a tie)",
            )
        )
        ok = False
    return score if ok else None


def _ranges(
    pref: Preference,
    raw: np.ndarray,
    codes: np.ndarray | None,
    labels: Sequence[str],
    opt_index: dict[str, int],
    at: Loc,
    problems: list[tuple[Loc, str]],
) -> tuple[np.ndarray, np.ndarray]:
    low = raw.astype(np.float64)
    high = raw.astype(np.float64)
    for k, u in enumerate(pref.uncertain):
        where = (*at, "uncertain", k, "when")
        if isinstance(u.when, dict):
            if codes is None:
                problems.append((where, "a Y/N pattern needs option form; list the states instead"))
                continue
            bad = [o for o in u.when if o not in opt_index]
            if bad:
                problems.append((where, f"names {bad[0]!r}, which is no option"))
                continue
            hit = np.ones(len(codes), dtype=bool)
            for o, yn in u.when.items():
                hit &= ((codes >> opt_index[o]) & 1).astype(bool) == (yn == "Y")
        else:
            hit = np.zeros(len(labels), dtype=bool)
            for s in u.when:
                if str(s) not in labels:
                    problems.append((where, f"no state {s!r}"))
                else:
                    hit[labels.index(str(s))] = True
        low = np.where(hit, raw + u.low, low)
        high = np.where(hit, raw + u.high, high)
    return low, high


CompileProblems = _LocatedProblems


def moves_from(g: Graph, i: int, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every move of decision maker i from the given states, as (source, target) state indices."""
    xs = np.asarray(xs, dtype=np.int64)
    mv = g.movers[i]
    if isinstance(mv, EdgeMover):
        lo = np.searchsorted(mv.src, xs, side="left")
        hi = np.searchsorted(mv.src, xs, side="right")
        counts = hi - lo
        src = np.repeat(xs, counts)
        starts = np.repeat(lo - np.cumsum(np.append(0, counts[:-1])), counts) + np.arange(int(counts.sum()))
        return src, mv.dst[starts]
    assert g.codes is not None
    bits = [k for k, (_, o, _) in enumerate(g.options) if o == i]
    subs = np.array(
        [sum(1 << bits[b] for b in range(len(bits)) if s >> b & 1) for s in range(1, 1 << len(bits))], dtype=np.int64
    )
    taken = sum(1 << k for k in bits if g.options[k][2] == "taken_only")
    dropped = sum(1 << k for k in bits if g.options[k][2] == "dropped_only")
    codes = g.codes[xs]
    moved = codes[:, None] ^ subs[None, :]
    legal = ((subs[None, :] & codes[:, None] & np.int64(taken)) == 0) & (
        (subs[None, :] & ~codes[:, None] & np.int64(dropped)) == 0
    )
    pos = np.searchsorted(g.codes, moved)
    pos_c = np.minimum(pos, g.n - 1)
    ok = legal & (g.codes[pos_c] == moved)
    rows, cols = np.nonzero(ok)
    return xs[rows], pos_c[rows, cols]


def _words(option: str, dm: str) -> str:
    """An option id as words, without its decision maker's prefix (`russia_accepts_terms` -> "accepts terms")."""
    stem = option
    for prefix in {dm, dm.split("_")[0]}:
        if stem.startswith(prefix + "_") and len(stem) > len(prefix) + 1:
            stem = stem[len(prefix) + 1 :]
            break
    return stem.replace("_", " ")
