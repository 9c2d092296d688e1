"""The sentences of the navigator's answers, by the text keys the rule files use.

The rule files name facts by key (``step.receipt``); this catalogue holds the English source of
each sentence for gettext, so an answer reads in the person's language. Numbers come from the
rule files as parameters. A test checks that every key the rules use has a sentence here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TEXTS: dict[str, Promise] = {
    # Kinds of occupation (one rule file each)
    "rule.ihk": _("Occupations in industry and commerce (IHK)"),
    "rule.hwk": _("Craft occupations (Chamber of Crafts)"),
    "rule.approbation": _("Professions with a licence to practise (Approbation)"),
    "rule.health": _("Health professions"),
    "rule.teachers": _("Teachers"),
    "rule.educators": _("Educators and childcare professions"),
    "rule.social": _("Social work and childhood education"),
    "rule.engineers": _("Engineers"),
    "rule.architects": _("Architects and urban planners"),
    "rule.academic": _("University degrees without a regulated profession"),
    "rule.one_procedure": _(
        "Only one recognition procedure per qualification may run in Germany at a time: the "
        "application declares that no other one has been filed."
    ),
    # What "regulated" means for the person
    "meaning.regulated": _(
        "Regulated profession: you may only work in it (or use its title) once your "
        "qualification is recognised."
    ),
    "meaning.not_regulated": _(
        "Not regulated: you may work in it without recognition. Recognition is optional but "
        "useful: employers understand your qualification and it can open better pay."
    ),
    "meaning.master_craft": _(
        "To work as an employee no recognition is needed; to run your own business in this "
        "craft you need the master craftsperson qualification or its recognition."
    ),
    "meaning.protected_title": _(
        "The professional title is protected: you may only use it once the chamber has "
        "recognised your qualification. The work itself is open to you."
    ),
    "meaning.academic": _(
        "No regulated profession: you may work with your degree without recognition. A "
        "statement of comparability helps employers understand it."
    ),
    # Legal bases
    "basis.bqfg_bbig": _(
        "Professional Qualifications Assessment Act (BQFG) together with the Vocational "
        "Training Act (BBiG)"
    ),
    "basis.bqfg_hwo": _(
        "Professional Qualifications Assessment Act (BQFG) and the Crafts Code (HwO)"
    ),
    "basis.special": _("The professional law of this occupation: %(law)s"),
    "basis.land": _("The law of the Land and its recognition act: %(law)s"),
    "basis.zab": _(
        "No recognition procedure: the Central Office for Foreign Education (ZAB) issues a "
        "statement of comparability under the Lisbon Recognition Convention."
    ),
    # Steps
    "step.counselling": _(
        "Get free counselling first: a recognition counsellor checks with you which occupation "
        "and authority fit and what to prepare."
    ),
    "step.funding_first": _(
        "If you cannot pay the costs yourself, apply for funding before any costs arise: later "
        "applications are refused."
    ),
    "step.apply": _("Send the application with the documents to the competent authority."),
    "step.receipt": _(
        "The authority confirms receipt within one month and names any documents still missing."
    ),
    "step.decision": _(
        "Once the file is complete, the authority decides within three months; it may extend "
        "this once, with reasons. In the accelerated procedure for skilled workers it is two "
        "months."
    ),
    "step.notice_outcomes": _(
        "The notice states full, partial or no equivalence. For partial equivalence it names "
        "the substantial differences, which an adaptation qualification can close."
    ),
    "step.regulated_notice": _(
        "If there are substantial differences, the notice names a compensation measure: an "
        "adaptation course, or a knowledge exam or aptitude test."
    ),
    "step.licence": _(
        "After equivalence (or the compensation measure) the authority grants the permission "
        "to use the professional title."
    ),
    "step.approbation": _(
        "After equivalence (or a passed knowledge exam) and proof of language skills, health "
        "and good conduct, the authority grants the licence to practise (Approbation)."
    ),
    "step.zab_apply": _("Apply online to the ZAB for a statement of comparability of your degree."),
    "step.zab_result": _(
        "The statement describes your degree and the German degree it compares with; employers "
        "and authorities use it."
    ),
    "step.hwk_master": _(
        "To run a business in a craft that requires a master craftsperson, you can apply for "
        "equivalence with the master qualification or for an exception permit."
    ),
    "step.chamber_list": _(
        "Once equivalence is established, the chamber enters you in its list, and you may use "
        "the protected title."
    ),
    "step.teacher_subjects": _(
        "The authority compares your training with German teacher training in two subjects; a "
        "one-subject qualification usually needs an adaptation period or an aptitude test."
    ),
    # Documents
    "doc.application_form": _("The authority's application form"),
    "doc.cv_german": _("A curriculum vitae in German, in table form"),
    "doc.identity": _("Proof of identity (passport or identity card)"),
    "doc.qualification": _("The certificate of your qualification"),
    "doc.content": _("Proof of the content and length of your training (subjects and hours)"),
    "doc.experience": _("Proof of relevant work experience (references from employers)"),
    "doc.licence_abroad": _(
        "The licence to practise from the country of training, if there is one"
    ),
    "doc.translations": _("Translations into German by a sworn (publicly appointed) translator"),
    "doc.certified_copies": _("Officially certified copies of the documents, not the originals"),
    "doc.declaration": _("A declaration that you have not applied elsewhere in Germany"),
    "doc.intent_to_work": _(
        "If you live abroad: proof that you want to work here (a job application or offer)"
    ),
    "doc.health_certificate": _("A medical certificate that you are fit to work"),
    "doc.police_certificate": _("A certificate of good conduct, not older than three months"),
    "doc.language_certificate": _("A certificate of your German language skills"),
    "doc.zab_degree": _("Your degree certificate and the transcript of records"),
    "doc.zab_translation": _("Translations, if the documents are not in German, English or French"),
    # Fees and duration
    "fees.ihk": _(
        "Fee: %(min)s to %(max)s euros, on average about %(average)s euros. Translations and "
        "certified copies cost extra."
    ),
    "fees.range": _(
        "Fee: %(min)s to %(max)s euros, depending on the effort. Translations and certified "
        "copies cost extra."
    ),
    "fees.authority": _(
        "Fee: set by the authority according to the effort; ask for it before you apply."
    ),
    "fees.free": _("The procedure is free of charge."),
    "fees.zab": _(
        "Fee: %(first)s euros for the first statement, %(further)s euros for each further one."
    ),
    "duration.bqfg": _(
        "Usually three to four months once the file is complete (by law three months, once "
        "extendable)."
    ),
    "duration.months": _("About %(months)s months once the file is complete."),
    "duration.zab": _(
        "Several weeks to a few months; the ZAB states its current processing times."
    ),
    # Language
    "lang.none": _(
        "The procedure itself needs no German certificate; employers expect German for the work."
    ),
    "lang.driver": _(
        "Professional drivers need the German driving licence and the driver qualification; "
        "ask the authority about the language of the exams."
    ),
    "lang.doctors": _(
        "German at level B2 in general and the specialist language exam (C1) at the medical "
        "chamber."
    ),
    "lang.health_b2": _("German at level B2, proven by a certificate."),
    "lang.b2_nursing": _("German at level B2 (nursing), proven by a certificate."),
    "lang.teachers_c1": _("German at level C1 (C2 for German as a subject)."),
    "lang.teachers_nw": _("German at level C1, proven by a certificate or a school-leaving exam."),
    "lang.state_sets": _("The Land sets the German level; ask the authority."),
    # Alternatives
    "alt.skills_analysis": _(
        "Documents missing through no fault of your own: a skills analysis (work sample, "
        "interview) can prove what you can do."
    ),
    "alt.adaptation": _(
        "Partial equivalence: an adaptation qualification closes the differences; then you can "
        "apply for full equivalence."
    ),
    "alt.external_exam": _(
        "Without a formal qualification: with enough work experience you can take the final "
        "exam as an external candidate."
    ),
    "alt.partnership": _(
        "Recognition partnership (§ 16d AufenthG): you can come to work here and complete the "
        "recognition alongside, if your employer agrees."
    ),
    "alt.zab": _(
        "A statement of comparability from the ZAB helps, for example, with a visa for "
        "skilled workers or an application."
    ),
    "alt.master_exception": _(
        "With a qualification from the EU, EEA or Switzerland: an exception permit or an EU "
        "permission lets you run a craft business."
    ),
    "alt.knowledge_exam_no_docs": _(
        "Documents missing through no fault of your own: a knowledge exam can replace them."
    ),
    "alt.compensation": _(
        "With substantial differences: you choose between an adaptation course and an aptitude "
        "test or knowledge exam."
    ),
    # Funding, counselling, second source
    "fund.zuschuss": _(
        "Recognition grant (Anerkennungszuschuss): %(procedure_min)s to %(procedure_max)s "
        "euros for the procedure, up to %(analysis)s euros for a skills analysis and up to "
        "%(measures)s euros for qualification measures. Apply before any costs arise."
    ),
    "fund.jobcenter": _(
        "If you receive benefits, the Jobcenter or the employment agency may pay the costs: "
        "ask them before you apply."
    ),
    "counselling.offers": _(
        "Recognition counselling is free. The counselling offers nearest to you are listed here."
    ),
    "finder.second_source": _(
        "Check the answer with the Federal Government's Recognition Finder as a second source."
    ),
    # When the rules cannot decide
    "undecided.no_occupation": _("No occupation was found for what you entered."),
    "undecided.no_rule": _(
        "Lotse has no rule yet for this kind of competent body (%(body)s): a counselling "
        "service will tell you who decides."
    ),
    "undecided.place_needed": _(
        "Several authorities are competent in this Land: enter the postcode where you want to work."
    ),
    "undecided.outside_states": _(
        "This place is not in one of the German Länder, so no German authority can be named: "
        "ask a counselling service."
    ),
    "undecided.academic_mismatch": _(
        "This is an academic profession, but you said your qualification is vocational: ask a "
        "counselling service which occupation fits."
    ),
    "undecided.nrw_other_countries": _(
        "For qualifications from this country the responsible authority in "
        "North Rhine-Westphalia depends on the case: ask a counselling service."
    ),
    "undecided.no_authority_state": _(
        "Lotse does not know the competent authority for this profession in this Land: ask a "
        "counselling service."
    ),
    "undecided.heilpraktiker": _(
        "A foreign qualification is not recognised for this profession: the local health "
        "office grants the permission after checking your knowledge."
    ),
    "undecided.vets": _(
        "Veterinarians are licensed by an authority each Land names; Lotse does not list them "
        "yet: ask a counselling service."
    ),
    "shared.other_body": _(
        "If your work lies in the field of this body, it decides instead: %(body)s."
    ),
}


def _formatted(params: Mapping[str, Any]) -> dict[str, str]:
    return {
        name: formats.number_format(value, force_grouping=True)
        if isinstance(value, int) and not isinstance(value, bool)
        else str(value or "–")
        for name, value in params.items()
    }


def text(key: str, params: Mapping[str, Any] | None = None) -> str:
    """The sentence of a text key in the active language."""
    sentence = str(TEXTS[key])
    return sentence % _formatted(params) if params else sentence
