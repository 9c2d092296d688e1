"""Demo procedures: added to the synthetic cases at the navigator's authority, valid by the
rules the services enforce, idempotent, audited."""

from lotse.audit.models import AuditEntry
from lotse.participants import demo as cases_demo
from lotse.recognition import demo
from lotse.recognition.engine.deadlines import check
from lotse.recognition.engine.rules import rule_book
from lotse.recognition.models import RecognitionCase
from lotse.recognition.selectors import engine_procedure
from tests.participants.test_demo import staff


def test_demo_procedures_are_plausible_idempotent_and_audited(world):
    cases_demo.generate(count=120, seed=5, staff=staff(world))
    written = demo.add_procedures(seed=5)
    assert written > 10
    assert demo.add_procedures(seed=5) == 0
    book = rule_book()
    for procedure in RecognitionCase.objects.select_related("participant"):
        assert procedure.authority_key in book.authorities
        assert (procedure.decided_on is None) == (procedure.outcome == "")
        check(engine_procedure(procedure))  # the dates agree with each other
    assert {p.state_code for p in RecognitionCase.objects.all()} == {"DE-MV", "DE-NW"}
    audited = AuditEntry.objects.filter(target_type="recognition.recognitioncase", action="create")
    assert audited.count() == written and not audited.filter(organisation_id__isnull=True).exists()
