"""Daily runs wait in the queue once, for the next morning at their hour."""

from datetime import time

import pytest
from django_tasks_db.models import DBTaskResult

from lotse.companies.tasks import remind_next_contacts_daily
from lotse.recognition.tasks import remind_deadlines_daily
from lotse.schedule import ensure_daily, tomorrow_at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("task", "hour"),
    [(remind_deadlines_daily, time(7, 15)), (remind_next_contacts_daily, time(7, 30))],
)
def test_a_daily_run_waits_once_for_tomorrow_morning(task, hour):
    path = f"{task.func.__module__}.{task.func.__qualname__}"
    DBTaskResult.objects.filter(task_path=path).delete()
    ensure_daily(task, hour)
    ensure_daily(task, hour)
    waiting = DBTaskResult.objects.filter(task_path=path, status="READY")
    assert waiting.count() == 1
    assert waiting.get().run_after == tomorrow_at(hour)
