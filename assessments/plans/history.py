"""An action's history as people read it: who changed what, when, old and new values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from assessments.plans.models import Action, ActionIndicator, Agency

# Recorded fields a reader does not need (bookkeeping).
HIDDEN = {"updated_by", "created_by", "created_at", "member_state", "found_in"}


@dataclass
class Entry:
    at: datetime
    by: str
    what: str  # "created", "changed", "deleted"
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (what, old, new)


def _name(model, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:  # a historical m2m field carries the relation's name
        return field_name


def _text(value, agencies: dict[int, str]) -> str:
    """A recorded value as text; agencies (lead: an id, partners: rows with ids) by name."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):  # partners: [{"agency": 3, ...}, ...]
        return ", ".join(agencies.get(row.get("agency"), "?") for row in value)
    return str(value)


def action_history(action: Action) -> list[Entry]:
    """Every recorded change of the action and of its aims, newest first."""
    agencies = dict(
        Agency.objects.filter(member_state_id=action.member_state_id).values_list("pk", "name")
    )
    entries = []
    records = list(action.history.select_related("history_user").order_by("history_date"))
    for previous, record in zip([None, *records], records, strict=False):
        entry = Entry(record.history_date, str(record.history_user or _("someone")), "")
        if previous is None:
            entry.what = _("created the action")
        else:
            entry.what = _("changed")
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN:
                    continue
                old, new = change.old, change.new
                if change.field == "status":
                    old, new = Action.Status(old).label, Action.Status(new).label
                elif change.field == "lead_agency":
                    old, new = agencies.get(old), agencies.get(new)
                name = _name(Action, change.field)
                entry.changes.append((name, _text(old, agencies), _text(new, agencies)))
            if not entry.changes:
                continue
        entries.append(entry)
    aims = ActionIndicator.history.filter(action_id=action.pk).select_related("history_user")
    for aim in aims.order_by("history_date"):
        kind = {"+": _("linked"), "~": _("changed the aim for"), "-": _("unlinked")}
        entries.append(
            Entry(
                aim.history_date,
                str(aim.history_user or _("someone")),
                f"{kind[aim.history_type]} {aim.indicator_code}",
                [(_("aimed level"), "", str(aim.aimed_level))] if aim.history_type != "-" else [],
            )
        )
    return sorted(entries, key=lambda e: e.at, reverse=True)
