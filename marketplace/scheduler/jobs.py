"""What runs periodically: a management command each, every so many seconds.

SCHEDULED_JOBS (settings) may override or add jobs:
``{"name": {"command": "name", "args": [...], "every": seconds}}``.
"""

from dataclasses import dataclass, field

from django.conf import settings


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    every: int
    args: tuple[str, ...] = field(default=())


DEFAULT_JOBS = {
    # The outbox hands due work to the queue; after an outage, it catches up.
    "drain-outbox": {"command": "drain_outbox", "every": 30},
    # View counters (Redis) folded into the daily table.
    "fold-view-counts": {"command": "fold_view_counts", "every": 300},
    # Card orders left unpaid give their stock back.
    "cancel-unpaid-orders": {"command": "cancel_unpaid_orders", "every": 300},
    # Cash-on-delivery orders nobody confirmed give their stock back.
    "expire-unconfirmed-cod": {
        "command": "expire_unconfirmed_cod_orders",
        "every": 900,
    },
    # The sellers' balances due gathered into a payout batch, once a day.
    "settle-payouts": {"command": "settle_payouts", "every": 86400},
}


def jobs() -> list[Job]:
    spec = {**DEFAULT_JOBS, **getattr(settings, "SCHEDULED_JOBS", {})}
    return [
        Job(
            name=name,
            command=value["command"],
            every=int(value["every"]),
            args=tuple(value.get("args", ())),
        )
        for name, value in sorted(spec.items())
        if value
    ]
