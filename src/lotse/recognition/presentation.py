"""The navigator's answer as plain data in the reader's language: one shape for the result page,
the PDF, the API and the CLI.

Each fact carries ``source``, the index of its source in the candidate's ``sources`` list, so
every sentence shows where it comes from and when that was checked.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from lotse.occupations.models import CompetentBody
from lotse.recognition.engine import navigator
from lotse.recognition.engine.rules import Amount, Authority, Fact, Language, Source
from lotse.recognition.selectors import Answer
from lotse.recognition.texts import text


class _Sources:
    def __init__(self) -> None:
        self.items: list[Source] = []

    def index(self, source: Source) -> int:
        for number, known in enumerate(self.items):
            if known.url == source.url:
                return number
        self.items.append(source)
        return len(self.items) - 1

    def data(self) -> list[dict[str, Any]]:
        return [
            {
                "title": source.title,
                "url": source.url,
                "checked": source.checked.isoformat(),
                "verified": source.verified,
                "note": source.note,
            }
            for source in self.items
        ]


def _fact(fact: Fact, sources: _Sources) -> dict[str, Any]:
    return {"text": text(fact.text, fact.params), "source": sources.index(fact.source)}


def _amount(amount: Amount | None, sources: _Sources, low: str, high: str) -> dict[str, Any] | None:
    if amount is None:
        return None
    return {**_fact(amount.fact, sources), low: amount.low, high: amount.high}


def _language(language: Language | None, sources: _Sources) -> dict[str, Any] | None:
    if language is None:
        return None
    return {**_fact(language.fact, sources), "cefr": language.cefr}


def authority_data(
    authority: Authority | None, sources: _Sources | None = None
) -> dict[str, Any] | None:
    if authority is None:
        return None
    data: dict[str, Any] = {
        "key": authority.key,
        "name": authority.name,
        "address": authority.address,
        "postcode": authority.postcode,
        "city": authority.city,
        "website": authority.website,
        "email": authority.email,
        "phone": authority.phone,
        "verified": authority.source.verified,
        "note": authority.note,
    }
    if sources is not None:
        data["source"] = sources.index(authority.source)
    return data


def _undecided(undecided: navigator.Undecided | None) -> str | None:
    if undecided is None:
        return None
    params = dict(undecided.params)
    if "body" in params:  # competent-body codes, joined by "+", read as their names
        names = dict(CompetentBody.choices)
        params["body"] = " / ".join(str(names.get(b, b)) for b in params["body"].split("+"))
    return text(undecided.text, params)


def _candidate(candidate: navigator.Candidate) -> dict[str, Any]:
    sources = _Sources()
    occupation = candidate.occupation
    facts = {
        "steps": [_fact(f, sources) for f in candidate.steps],
        "documents": [_fact(f, sources) for f in candidate.documents],
        "alternatives": [_fact(f, sources) for f in candidate.alternatives],
        "funding": [_fact(f, sources) for f in candidate.funding],
    }
    return {
        "occupation": {"id": occupation.id, "key": occupation.key, "title": occupation.title},
        "kind": text(candidate.rule.label) if candidate.rule else None,
        "regulated": bool(candidate.regulated),
        "meaning": text(candidate.meaning),
        "legal_basis": _fact(candidate.legal_basis, sources) if candidate.legal_basis else None,
        "authority": authority_data(candidate.authority, sources),
        "authority_options": [authority_data(a, sources) for a in candidate.authority_options],
        "competence_sources": [sources.index(s) for s in candidate.competence_sources],
        "also_competent": [
            {
                "text": text("shared.other_body", {"body": text(other.label)}),
                "authority": authority_data(other.authority, sources),
            }
            for other in candidate.also_competent
        ],
        **facts,
        "fees": _amount(candidate.fees, sources, "min_eur", "max_eur"),
        "duration": _amount(candidate.duration, sources, "months_min", "months_max"),
        "language_requirement": _language(candidate.language, sources),
        "undecided_reason": _undecided(candidate.undecided),
        "sources": sources.data(),
    }


def answer_data(answer: Answer) -> dict[str, Any]:
    """The answer as JSON-ready data, in the answer's language."""
    with translation.override(answer.language):
        advice = answer.advice
        common = _Sources()
        return {
            "language": answer.language,
            "question": {
                "place": advice.question.location.label,
                "state": advice.question.location.state_code,
                "country": advice.question.country,
                "academic": advice.question.academic,
                "documents_complete": advice.question.documents_complete,
                "eu_eea_ch": advice.eu_qualification,
            },
            "candidates": [_candidate(c) for c in advice.candidates],
            "undecided_reason": _undecided(advice.undecided),
            "counselling": {
                **_fact(advice.counselling, common),
                "offers": [offer.__dict__ for offer in answer.offers],
            },
            "one_procedure": _fact(advice.one_procedure, common),
            "finder": {**_fact(advice.finder, common), "url": advice.finder_url},
            "sources": common.data(),
        }


def _source_mark(fact: dict[str, Any]) -> str:
    return f"{fact['text']} [{fact['source'] + 1}]"


def _candidate_text(candidate: dict[str, Any]) -> list[str]:
    lines = [f"== {candidate['occupation']['title']} ({candidate['occupation']['key']})"]
    lines.append(candidate["meaning"])
    if candidate["legal_basis"]:
        lines.append(_source_mark(candidate["legal_basis"]))
    authority = candidate["authority"]
    if authority:
        lines.append(
            f"-> {authority['name']}, {authority['address']}, {authority['postcode']} "
            f"{authority['city']} · {authority['website']}"
        )
    if candidate["undecided_reason"]:
        lines.append(f"!! {candidate['undecided_reason']}")
    for heading in ("steps", "documents", "alternatives", "funding"):
        lines += [f"  - {_source_mark(fact)}" for fact in candidate[heading]]
    for part in ("fees", "duration", "language_requirement"):
        if candidate[part]:
            lines.append(f"  * {_source_mark(candidate[part])}")
    lines += [
        f"  [{number}] {source['title']} – {source['url']} ({source['checked']})"
        for number, source in enumerate(candidate["sources"], start=1)
    ]
    return lines


def answer_text(data: dict[str, Any]) -> str:
    """The answer for a terminal: each candidate, its facts with source numbers."""
    lines = [data["question"]["place"]]
    if data["undecided_reason"]:
        lines.append(f"!! {data['undecided_reason']}")
    for candidate in data["candidates"]:
        lines += ["", *_candidate_text(candidate)]
    lines += ["", data["counselling"]["text"]]
    lines += [f"  - {offer['name']}, {offer['city']}" for offer in data["counselling"]["offers"]]
    lines += [data["finder"]["text"], data["finder"]["url"]]
    return "\n".join(lines)
