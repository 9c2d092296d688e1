"""The recognition navigator: for each candidate reference occupation, what applies and who decides.

Pure: a ``Question`` (reference occupations, place, country of the qualification, academic or
vocational, documents complete) and a ``RuleBook`` in, an ``Advice`` out. Where the rules cannot
decide (no rule for the competent body, several authorities in a state without a district, a
country the rule does not place) the candidate says so with a reason instead of guessing, and the
answer sends the person to counselling.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from lotse.recognition.engine.rules import (
    Amount,
    Authority,
    Choice,
    Competence,
    Fact,
    Language,
    Rule,
    RuleBook,
    Source,
)

# The first two digits of the official district key (AGS) name the state.
STATE_AGS = {
    "DE-SH": "01",
    "DE-HH": "02",
    "DE-NI": "03",
    "DE-HB": "04",
    "DE-NW": "05",
    "DE-HE": "06",
    "DE-RP": "07",
    "DE-BW": "08",
    "DE-BY": "09",
    "DE-SL": "10",
    "DE-BE": "11",
    "DE-BB": "12",
    "DE-MV": "13",
    "DE-SN": "14",
    "DE-ST": "15",
    "DE-TH": "16",
}
SHARED_COMPETENCE = "shared.other_body"


@dataclass(frozen=True)
class Occupation:
    id: int
    key: str
    title: str
    kind: str  # training, regulated, academic
    bodies: tuple[str, ...]  # competent bodies, the usual one first
    regulation: str = ""
    regulated: bool | None = None
    legal_basis: str = ""  # the law as the occupation catalogue names it


@dataclass(frozen=True)
class Location:
    state_code: str  # ISO 3166-2 ("DE-MV"); empty outside the states
    district_code: str = ""  # the AGS district key; empty when only the state is known
    label: str = ""


@dataclass(frozen=True)
class Question:
    occupations: tuple[Occupation, ...]
    location: Location
    country: str  # ISO 3166-1 alpha-2 of the country where the qualification was obtained
    academic: bool = False
    documents_complete: bool = True


@dataclass(frozen=True)
class Undecided:
    text: str
    params: dict[str, str] = field(default_factory=dict)
    source: Source | None = None


@dataclass(frozen=True)
class Resolved:
    authority: Authority | None
    options: tuple[Authority, ...] = ()
    undecided: Undecided | None = None


@dataclass(frozen=True)
class AlsoCompetent:
    """Another body that decides when the work is in its field (crafts or industry)."""

    body: str
    label: str
    authority: Authority | None


@dataclass(frozen=True)
class Candidate:
    occupation: Occupation
    rule: Rule | None
    regulated: bool | None
    meaning: str
    legal_basis: Fact | None
    authority: Authority | None
    authority_options: tuple[Authority, ...]
    competence_sources: tuple[Source, ...]
    also_competent: tuple[AlsoCompetent, ...]
    steps: tuple[Fact, ...]
    documents: tuple[Fact, ...]
    fees: Amount | None
    duration: Amount | None
    language: Language | None
    alternatives: tuple[Fact, ...]
    funding: tuple[Fact, ...]
    undecided: Undecided | None
    sources: tuple[Source, ...]

    @property
    def decided(self) -> bool:
        return self.undecided is None


@dataclass(frozen=True)
class Advice:
    question: Question
    eu_qualification: bool
    candidates: tuple[Candidate, ...]
    undecided: Undecided | None
    counselling: Fact
    finder: Fact
    finder_url: str
    one_procedure: Fact


def rule_for(book: RuleBook, occupation: Occupation, body: str | None = None) -> Rule | None:
    primary = body if body is not None else (occupation.bodies[0] if occupation.bodies else "")
    for rule in book.rules:
        if body is not None:
            if primary in rule.bodies:
                return rule
            continue
        if (
            occupation.key in rule.keys
            or occupation.regulation in rule.regulations
            or occupation.kind in rule.kinds
            or primary in rule.bodies
        ):
            return rule
    return None


def _in_origin(book: RuleBook, choice: Choice, country: str) -> str | None:
    for branch in choice.by_origin:
        if country in branch.countries or any(book.in_group(country, g) for g in branch.groups):
            return branch.authority
        if branch.outside_groups and not any(
            book.in_group(country, g) for g in branch.outside_groups
        ):
            return branch.authority
    return None


def _choose(book: RuleBook, choice: Choice, country: str) -> Resolved:
    key = choice.authority
    if choice.by_origin:
        key = _in_origin(book, choice, country) or choice.otherwise
    if key is None:
        text = choice.otherwise_text or "undecided.no_authority_state"
        return Resolved(authority=None, undecided=Undecided(text, {"country": country}))
    return Resolved(authority=book.authorities[key])


def _district_choice(competence: Competence, district: str) -> Choice | None:
    for length in range(len(district), 1, -1):
        choice = competence.by_district.get(district[:length])
        if choice is not None:
            return choice
    return None


def _state_options(book: RuleBook, competence: Competence, state: str, country: str) -> Resolved:
    """Only the state is known: decided when one authority serves all of it."""
    ags = STATE_AGS.get(state, "--")
    choices = [c for prefix, c in competence.by_district.items() if prefix.startswith(ags)]
    wide = competence.by_state.get(state) or competence.default
    if wide is not None:
        choices.append(wide)
    resolved = [_choose(book, choice, country) for choice in choices]
    authorities = {r.authority.key: r.authority for r in resolved if r.authority}
    if not choices:
        return _missing(competence)
    if len(authorities) == 1 and all(r.authority for r in resolved):
        return Resolved(authority=next(iter(authorities.values())))
    if not authorities:
        return resolved[0]
    options = tuple(sorted(authorities.values(), key=lambda a: a.name))
    return Resolved(authority=None, options=options, undecided=Undecided("undecided.place_needed"))


def _missing(competence: Competence) -> Resolved:
    return Resolved(
        authority=None,
        undecided=Undecided(competence.missing_text or "undecided.no_authority_state"),
    )


def resolve_authority(book: RuleBook, competence: Competence, question: Question) -> Resolved:
    location, country = question.location, question.country
    only_default = not competence.by_state and not competence.by_district
    if not location.state_code and not (only_default and competence.default):
        return Resolved(authority=None, undecided=Undecided("undecided.outside_states"))
    if location.district_code:
        choice = _district_choice(competence, location.district_code)
        choice = choice or competence.by_state.get(location.state_code) or competence.default
        return _choose(book, choice, country) if choice else _missing(competence)
    if only_default and competence.default:
        return _choose(book, competence.default, country)
    return _state_options(book, competence, location.state_code, country)


def _meaning(occupation: Occupation, regulated: bool | None) -> str:
    if occupation.regulation == "master_craft":
        return "meaning.master_craft"
    if occupation.regulation == "protected_title":
        return "meaning.protected_title"
    if regulated:
        return "meaning.regulated"
    if occupation.kind == "academic":
        return "meaning.academic"
    return "meaning.not_regulated"


def _applies(fact: Fact, question: Question, eu: bool, occupation: Occupation) -> bool:
    return {
        "": True,
        "documents_missing": not question.documents_complete,
        "third_country": not eu,
        "eu_eea_ch": eu,
        "academic": question.academic,
        "master_craft_eu": eu and occupation.regulation == "master_craft",
    }[fact.when]


def _unique_sources(groups: Iterable[Source | None]) -> tuple[Source, ...]:
    seen: dict[tuple[str, str], Source] = {}
    for source in groups:
        if source is not None:
            seen.setdefault((source.url, source.title), source)
    return tuple(seen.values())


def _undecided_candidate(
    book: RuleBook, occupation: Occupation, reason: Undecided, rule: Rule | None = None
) -> Candidate:
    regulated = occupation.regulated
    return Candidate(
        occupation=occupation,
        rule=rule,
        regulated=regulated,
        meaning=_meaning(occupation, regulated),
        legal_basis=None,
        authority=None,
        authority_options=(),
        competence_sources=(),
        also_competent=(),
        steps=(book.common.counselling,),
        documents=(),
        fees=None,
        duration=None,
        language=None,
        alternatives=(),
        funding=book.common.funding,
        undecided=reason,
        sources=_unique_sources(
            [reason.source, *(f.source for f in (book.common.counselling, *book.common.funding))]
        ),
    )


def _also_competent(
    book: RuleBook, occupation: Occupation, question: Question
) -> list[AlsoCompetent]:
    also = []
    for body in occupation.bodies[1:]:
        other = rule_for(book, occupation, body=body)
        if other is not None:
            resolved = resolve_authority(book, other.competence, question)
            also.append(AlsoCompetent(body=body, label=other.label, authority=resolved.authority))
    return also


def candidate_for(
    book: RuleBook, occupation: Occupation, question: Question, eu: bool
) -> Candidate:
    rule = rule_for(book, occupation)
    if rule is None:
        body = "+".join(occupation.bodies) or "?"
        return _undecided_candidate(
            book, occupation, Undecided("undecided.no_rule", {"body": body})
        )
    excluded = rule.excluded.get(occupation.key)
    if excluded is not None:
        reason = Undecided(excluded.text, source=excluded.source)
        return _undecided_candidate(book, occupation, reason, rule)
    if occupation.kind == "academic" and not question.academic:
        return _undecided_candidate(
            book, occupation, Undecided("undecided.academic_mismatch"), rule
        )
    state_details = rule.states.get(question.location.state_code)
    details = [d for d in (state_details, rule.occupations.get(occupation.key)) if d]
    fees, duration, language = rule.fees, rule.duration, rule.language
    extra_steps: tuple[Fact, ...] = ()
    for part in details:
        fees = part.fees or fees
        duration = part.duration or duration
        language = part.language or language
        extra_steps += part.steps_extra
    resolved = resolve_authority(book, rule.competence, question)
    regulated = rule.regulated if rule.regulated is not None else occupation.regulated
    legal_basis = replace(rule.legal_basis, params={"law": occupation.legal_basis})
    steps = rule.steps + extra_steps
    alternatives = tuple(f for f in rule.alternatives if _applies(f, question, eu, occupation))
    facts = [legal_basis, *steps, *rule.documents, *alternatives, *book.common.funding]
    facts += [part.fact for part in (fees, duration, language) if part]
    competence = rule.competence
    competence_sources = (competence.source, competence.note)
    authority_source = resolved.authority.source if resolved.authority else None
    return Candidate(
        occupation=occupation,
        rule=rule,
        regulated=regulated,
        meaning=_meaning(occupation, regulated),
        legal_basis=legal_basis,
        authority=resolved.authority,
        authority_options=resolved.options,
        competence_sources=tuple(s for s in competence_sources if s),
        also_competent=tuple(_also_competent(book, occupation, question)),
        steps=steps,
        documents=rule.documents,
        fees=fees,
        duration=duration,
        language=language,
        alternatives=alternatives,
        funding=book.common.funding,
        undecided=resolved.undecided,
        sources=_unique_sources(
            [authority_source, *competence_sources, *(f.source for f in facts)]
        ),
    )


def advise(book: RuleBook, question: Question) -> Advice:
    eu = book.in_group(question.country, "eu_eea_ch")
    candidates = tuple(candidate_for(book, o, question, eu) for o in question.occupations)
    undecided = None
    if not candidates:
        undecided = Undecided("undecided.no_occupation")
    elif not any(candidate.decided for candidate in candidates):
        undecided = candidates[0].undecided
    return Advice(
        question=question,
        eu_qualification=eu,
        candidates=candidates,
        undecided=undecided,
        counselling=book.common.counselling,
        finder=book.common.finder,
        finder_url=book.common.finder_url,
        one_procedure=book.common.one_procedure,
    )
