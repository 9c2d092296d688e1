"""The recognition rules as typed data: read from ``recognition/data`` and checked while reading.

Nothing here decides anything; ``navigator`` does. A rule file describes one kind of occupation
(IHK, crafts, health, teachers, …): which occupations it covers, how the competent authority is
found (by district, by state, by the country of the qualification), the procedure, documents,
fees, duration, language and alternatives. Every fact names a source of its file, and every
source has a URL and the date it was checked. A broken file raises ``RuleError`` naming the file
and the place, so a bad edit fails the tests and the server start, never an answer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIRECTORY = Path(__file__).resolve().parent.parent / "data"
CONDITIONS = frozenset(
    {"documents_missing", "third_country", "academic", "eu_eea_ch", "master_craft_eu"}
)


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str
    checked: date
    verified: bool
    note: str = ""


@dataclass(frozen=True)
class Fact:
    """A sentence of the answer: a text key (rendered in the reader's language) with its source."""

    text: str
    source: Source
    params: Mapping[str, Any] = field(default_factory=dict)
    when: str = ""  # a condition from CONDITIONS, or always


@dataclass(frozen=True)
class Amount:
    fact: Fact
    low: int | None
    high: int | None


@dataclass(frozen=True)
class Language:
    fact: Fact
    cefr: str = ""


@dataclass(frozen=True)
class Authority:
    key: str
    name: str
    address: str
    postcode: str
    city: str
    state: str
    website: str
    email: str
    phone: str
    source: Source
    note: str = ""


@dataclass(frozen=True)
class OriginBranch:
    authority: str
    countries: frozenset[str] = frozenset()
    groups: tuple[str, ...] = ()
    outside_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    """Who decides in one place: one authority, or a choice by the country of the qualification."""

    authority: str | None = None
    by_origin: tuple[OriginBranch, ...] = ()
    otherwise: str | None = None
    otherwise_text: str = ""


@dataclass(frozen=True)
class Competence:
    source: Source
    default: Choice | None = None
    by_state: Mapping[str, Choice] = field(default_factory=dict)
    by_district: Mapping[str, Choice] = field(default_factory=dict)  # AGS prefix → choice
    note: Source | None = None
    missing_text: str = ""


@dataclass(frozen=True)
class Details:
    """The parts of a rule an occupation or a state may replace."""

    fees: Amount | None = None
    duration: Amount | None = None
    language: Language | None = None
    steps_extra: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Rule:
    key: str
    priority: int
    label: str
    bodies: frozenset[str]
    kinds: frozenset[str]
    regulations: frozenset[str]
    keys: frozenset[str]
    regulated: bool | None
    legal_basis: Fact
    competence: Competence
    steps: tuple[Fact, ...]
    documents: tuple[Fact, ...]
    fees: Amount
    duration: Amount
    language: Language | None
    alternatives: tuple[Fact, ...]
    occupations: Mapping[str, Details]
    states: Mapping[str, Details]
    sources: Mapping[str, Source]
    # Occupations the rule's bodies or kinds would reach but which it does not decide, each
    # with the reason (another procedure, an authority not yet in the directory).
    excluded: Mapping[str, Fact] = field(default_factory=dict)


@dataclass(frozen=True)
class Common:
    funding: tuple[Fact, ...]
    counselling: Fact
    finder: Fact
    finder_url: str
    one_procedure: Fact


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[Rule, ...]  # by priority, the most specific first
    authorities: Mapping[str, Authority]
    country_groups: Mapping[str, frozenset[str]]
    countries_source: Source
    common: Common

    def in_group(self, country: str, group: str) -> bool:
        return country in self.country_groups[group]

    def text_keys(self) -> set[str]:
        """Every text key the rules use (the presentation layer must know each)."""
        keys: set[str] = set()
        for rule in self.rules:
            keys.add(rule.label)
            keys.add(rule.legal_basis.text)
            keys.update(fact.text for fact in (*rule.steps, *rule.documents, *rule.alternatives))
            for details in (rule.fees, rule.duration):
                keys.add(details.fact.text)
            if rule.language:
                keys.add(rule.language.fact.text)
            for extra in (*rule.occupations.values(), *rule.states.values()):
                keys.update(_detail_texts(extra))
            keys.update(_choice_texts(rule.competence))
            keys.update(fact.text for fact in rule.excluded.values())
        common = self.common
        keys.update(f.text for f in (*common.funding, common.counselling, common.finder))
        keys.add(common.one_procedure.text)
        return keys


def _detail_texts(details: Details) -> set[str]:
    texts = {fact.text for fact in details.steps_extra}
    for amount in (details.fees, details.duration):
        if amount:
            texts.add(amount.fact.text)
    if details.language:
        texts.add(details.language.fact.text)
    return texts


def _choice_texts(competence: Competence) -> set[str]:
    choices = [competence.default, *competence.by_state.values(), *competence.by_district.values()]
    texts = {choice.otherwise_text for choice in choices if choice and choice.otherwise_text}
    return texts | ({competence.missing_text} if competence.missing_text else set())


class _Reader:
    """Reads one file; every error names the file and the place in it."""

    def __init__(self, path: Path, sources: Mapping[str, Source]) -> None:
        self.name = path.name
        self.sources = sources

    def fail(self, where: str, reason: str) -> RuleError:
        return RuleError(f"{self.name}: {where}: {reason}")

    def source(self, key: Any, where: str) -> Source:
        if key not in self.sources:
            raise self.fail(where, f"unknown source {key!r}")
        return self.sources[key]

    def fact(self, data: Any, where: str) -> Fact:
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise self.fail(where, "a fact needs a text key")
        when = data.get("when", "")
        params = data.get("params", {})
        if not isinstance(params, dict) or "when" in params:
            raise self.fail(where, "params must be an object; 'when' belongs to the fact")
        if when and when not in CONDITIONS:
            raise self.fail(where, f"unknown condition {when!r}")
        return Fact(
            text=data["text"],
            source=self.source(data.get("source"), where),
            params=dict(params),
            when=when,
        )

    def facts(self, data: Any, where: str) -> tuple[Fact, ...]:
        if not isinstance(data, list):
            raise self.fail(where, "expected a list")
        return tuple(self.fact(item, f"{where}[{i}]") for i, item in enumerate(data))

    def amount(self, data: Any, where: str, low: str, high: str) -> Amount:
        fact = self.fact(data, where)
        values = [data.get(low), data.get(high)]
        for value in values:
            if value is not None and (not isinstance(value, int) or value < 0):
                raise self.fail(where, f"{low}/{high} must be whole numbers of at least 0")
        if None not in values and values[0] > values[1]:
            raise self.fail(where, f"{low} is above {high}")
        return Amount(fact=fact, low=values[0], high=values[1])

    def language(self, data: Any, where: str) -> Language | None:
        if data is None:
            return None
        cefr = data.get("cefr", "")
        if cefr and cefr not in {"A1", "A2", "B1", "B2", "C1", "C2"}:
            raise self.fail(where, f"unknown CEFR level {cefr!r}")
        return Language(fact=self.fact(data, where), cefr=cefr)

    def details(self, data: Any, where: str) -> Details:
        return Details(
            fees=self.amount(data["fees"], f"{where}.fees", "min_eur", "max_eur")
            if "fees" in data
            else None,
            duration=self.amount(data["duration"], f"{where}.duration", "months_min", "months_max")
            if "duration" in data
            else None,
            language=self.language(data.get("language"), f"{where}.language"),
            steps_extra=self.facts(data.get("steps_extra", []), f"{where}.steps_extra"),
        )

    def choice(self, data: Any, where: str) -> Choice:
        if isinstance(data, str):
            return Choice(authority=data)
        if not isinstance(data, dict) or "by_origin" not in data:
            raise self.fail(where, "expected an authority key or a choice by origin")
        branches = tuple(
            OriginBranch(
                authority=branch["authority"],
                countries=frozenset(branch.get("countries", [])),
                groups=tuple(branch.get("groups", [])),
                outside_groups=tuple(branch.get("outside_groups", [])),
            )
            for branch in data["by_origin"]
        )
        return Choice(
            by_origin=branches,
            otherwise=data.get("otherwise"),
            otherwise_text=data.get("otherwise_text", ""),
        )

    def competence(self, data: Any) -> Competence:
        where = "competence"
        default = data.get("default")
        return Competence(
            source=self.source(data.get("source"), where),
            default=self.choice(default, f"{where}.default") if default else None,
            by_state={
                state: self.choice(value, f"{where}.by_state.{state}")
                for state, value in data.get("by_state", {}).items()
            },
            by_district={
                prefix: self.choice(value, f"{where}.by_district.{prefix}")
                for prefix, value in data.get("by_district", {}).items()
            },
            note=self.source(data["note"], where) if "note" in data else None,
            missing_text=data.get("missing_text", ""),
        )


def _date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RuleError(f"{where}: 'checked' must be a date (YYYY-MM-DD), not {value!r}") from None


def _sources(data: Mapping[str, Any], where: str) -> dict[str, Source]:
    sources = {}
    for key, entry in data.items():
        url = entry.get("url", "")
        if not entry.get("title") or not str(url).startswith(("https://", "http://")):
            raise RuleError(f"{where}: source {key!r} needs a title and a web address")
        sources[key] = Source(
            key=key,
            title=entry["title"],
            url=url,
            checked=_date(entry.get("checked"), f"{where}: source {key!r}"),
            verified=bool(entry.get("verified")),
            note=entry.get("note", ""),
        )
    return sources


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise RuleError(f"{path.name}: line {error.lineno}: {error.msg}") from None


def _rule(path: Path) -> Rule:
    data = _load_json(path)
    reader = _Reader(path, _sources(data.get("sources", {}), path.name))
    applies = data.get("applies_to", {})
    if not any(applies.get(part) for part in ("bodies", "kinds", "regulations", "keys")):
        raise reader.fail("applies_to", "a rule must say which occupations it covers")
    return Rule(
        key=data["key"],
        priority=int(data["priority"]),
        label=data["label"],
        bodies=frozenset(applies.get("bodies", [])),
        kinds=frozenset(applies.get("kinds", [])),
        regulations=frozenset(applies.get("regulations", [])),
        keys=frozenset(applies.get("keys", [])),
        regulated=data.get("regulated"),
        legal_basis=reader.fact(data["legal_basis"], "legal_basis"),
        competence=reader.competence(data["competence"]),
        steps=reader.facts(data["steps"], "steps"),
        documents=reader.facts(data["documents"], "documents"),
        fees=reader.amount(data["fees"], "fees", "min_eur", "max_eur"),
        duration=reader.amount(data["duration"], "duration", "months_min", "months_max"),
        language=reader.language(data.get("language"), "language"),
        alternatives=reader.facts(data.get("alternatives", []), "alternatives"),
        occupations={
            key: reader.details(value, f"occupations.{key}")
            for key, value in data.get("occupations", {}).items()
        },
        states={
            key: reader.details(value, f"by_state.{key}")
            for key, value in data.get("by_state", {}).items()
        },
        sources=reader.sources,
        excluded={
            key: reader.fact(value, f"excluded.{key}")
            for key, value in data.get("excluded", {}).items()
        },
    )


def _authorities(path: Path) -> dict[str, Authority]:
    data = _load_json(path)["authorities"]
    authorities = {}
    for key, entry in data.items():
        where = f"{path.name}: {key}"
        if not entry.get("name") or not entry.get("city") or not entry.get("state"):
            raise RuleError(f"{where}: an authority needs a name, a city and a state")
        if not str(entry.get("website", "")).startswith("https://") and not str(
            entry.get("website", "")
        ).startswith("http://"):
            raise RuleError(f"{where}: an authority needs a website")
        source = Source(
            key=key,
            title=entry["name"],
            url=entry.get("source") or entry["website"],
            checked=_date(entry.get("checked"), where),
            verified=bool(entry.get("verified")),
        )
        authorities[key] = Authority(
            key=key,
            name=entry["name"],
            address=entry.get("address", ""),
            postcode=entry.get("postcode", ""),
            city=entry["city"],
            state=entry["state"],
            website=entry["website"],
            email=entry.get("email", ""),
            phone=entry.get("phone", ""),
            source=source,
            note=entry.get("note", ""),
        )
    return authorities


def _common(path: Path) -> Common:
    data = _load_json(path)
    reader = _Reader(path, _sources(data["sources"], path.name))
    finder = data["finder"]
    return Common(
        funding=reader.facts(data["funding"], "funding"),
        counselling=reader.fact(data["counselling"], "counselling"),
        finder=reader.fact(finder, "finder"),
        finder_url=finder["url"],
        one_procedure=reader.fact(data["one_procedure"], "one_procedure"),
    )


def _check_references(book: RuleBook) -> None:
    """Every authority a rule names exists, and every country group it names is defined."""
    for rule in book.rules:
        competence = rule.competence
        choices = [
            ("default", competence.default),
            *[(f"by_state.{k}", v) for k, v in competence.by_state.items()],
            *[(f"by_district.{k}", v) for k, v in competence.by_district.items()],
        ]
        for where, choice in choices:
            if choice is None:
                continue
            named = [choice.authority, choice.otherwise]
            named += [branch.authority for branch in choice.by_origin]
            for key in named:
                if key is not None and key not in book.authorities:
                    raise RuleError(
                        f"{rule.key}.json: competence.{where}: unknown authority {key!r}"
                    )
            for branch in choice.by_origin:
                for group in (*branch.groups, *branch.outside_groups):
                    if group not in book.country_groups:
                        raise RuleError(
                            f"{rule.key}.json: competence.{where}: unknown group {group!r}"
                        )


def read_rule_book(directory: Path = DATA_DIRECTORY) -> RuleBook:
    rules = sorted(
        (_rule(path) for path in sorted((directory / "rules").glob("*.json"))),
        key=lambda rule: (rule.priority, rule.key),
    )
    countries = _load_json(directory / "countries.json")
    book = RuleBook(
        rules=tuple(rules),
        authorities=_authorities(directory / "authorities.json"),
        country_groups={name: frozenset(codes) for name, codes in countries["groups"].items()},
        countries_source=_sources({"countries": countries["source"]}, "countries.json")[
            "countries"
        ],
        common=_common(directory / "common.json"),
    )
    _check_references(book)
    return book


@cache
def rule_book() -> RuleBook:
    """The shipped rules, read once per process."""
    return read_rule_book()
