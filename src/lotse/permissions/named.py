"""Named permissions: questions about an actor that no single record answers.

"May this actor browse the audit log?", "does the People page appear in the menu?". An app
defines its names in ``AppConfig.ready()`` (through its ``policies`` module); views, menus and
dashboard panels ask ``permissions.has(actor, name)``. An unknown name is an error, not a "no",
so a typo cannot silently hide (or show) a page.
"""

from __future__ import annotations

from collections.abc import Callable

from lotse.permissions.actor import Actor

Rule = Callable[[Actor], bool]

_rules: dict[str, Rule] = {}


class UnknownPermission(LookupError):
    pass


def define(name: str, rule: Rule) -> None:
    """Define ``name`` (``"<app>.<verb>_<thing>"``). The rule sees authenticated people only."""
    if name in _rules:
        raise ValueError(f"permission {name!r} is already defined")
    _rules[name] = rule


def has(actor: Actor, name: str) -> bool:
    try:
        rule = _rules[name]
    except KeyError:
        raise UnknownPermission(f"no permission named {name!r}") from None
    if actor.is_system:
        return True
    return actor.is_authenticated and rule(actor)


def defined_permissions() -> list[str]:
    return sorted(_rules)
