from django.apps import AppConfig


class HealthConfig(AppConfig):
    """`/healthz` and `/readyz` for load balancers and orchestrators."""

    name = "marketplace.health"
    label = "health"
