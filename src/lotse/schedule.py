"""Daily background runs (Django Tasks, database queue): one run of a task waits in the queue
at any time, for the next morning at its hour; the task queues the next run when it has run."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django_tasks import default_task_backend


def tomorrow_at(hour: time) -> datetime:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, hour))


def ensure_daily(task: Any, hour: time) -> None:
    """Queue ``task`` for tomorrow at ``hour`` unless a run already waits (call after migrate
    and at the end of each run)."""
    if not default_task_backend.supports_defer:
        return
    from django_tasks_db.models import DBTaskResult

    path = f"{task.func.__module__}.{task.func.__qualname__}"
    if not DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        task.using(run_after=tomorrow_at(hour)).enqueue()
