import json

from django.http import HttpResponse

from .checks import readiness


def _json(body: dict, status: int) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body), content_type="application/json", status=status
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    """First of all: probes come from the orchestrator by the pod's address
    over plain HTTP, so they skip the host check, the HTTPS redirect, the
    session and the page cache, and touch nothing but what they check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return _json({"status": "alive"}, 200)
        if request.path == "/readyz":
            ready, checks = readiness()
            return _json(
                {"status": "ready" if ready else "unready", "checks": checks},
                200 if ready else 503,
            )
        return self.get_response(request)
