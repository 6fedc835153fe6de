"""Notification e-mails: a subject, a plain-text and an HTML part, written in
the recipient's language with an absolute link to act on."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from oscar.templatetags.currency_filters import currency

from .kinds import kind_get
from .names import names_resolved


def localised_path(path: str, language: str) -> str:
    """A stored path ("/seller/orders/3/") under a language's prefix."""
    return f"/{language}{path}"


def absolute_url(path: str) -> str:
    """As Oscar writes its e-mails' links: the current site's domain."""
    domain = Site.objects.get_current().domain
    return f"{settings.OSCAR_URL_SCHEMA}://{domain}{path}"


def _formatted(context: dict) -> dict:
    """Amounts ("amount": "1250.00") written as money in the active language."""
    values = dict(context)
    if "amount" in values:
        try:
            values["amount"] = currency(
                Decimal(str(values["amount"])), values.get("currency", "MAD")
            )
        except (InvalidOperation, TypeError, ValueError):
            pass
    return values


def summary_text(*, kind: str, context: dict) -> str:
    """The notification's line, in the active language."""
    return str(kind_get(kind).summary) % _formatted(context)


def subject_text(*, kind: str, context: dict) -> str:
    return str(kind_get(kind).subject) % _formatted(context)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def email_render(*, kind: str, context: dict, url: str, language: str) -> RenderedEmail:
    with translation.override(language):
        spec = kind_get(kind)
        # Names given by code (a carrier's) in the recipient's language: only
        # the e-mail shows them (the bell's line does not; no query there).
        values = _formatted(names_resolved(context))
        template_context = {
            "kind": spec,
            "summary": summary_text(kind=kind, context=context),
            # Text typed by someone (a chamber's reason, a moderator's note):
            # escaped by the HTML template, as any text.
            "detail": context.get("detail", ""),
            "lines": context.get("lines", []),
            "amount": values.get("amount", ""),
            "awaiting_confirmation": context.get("awaiting_confirmation", False),
            "carrier": values.get("carrier", ""),
            "shipping_method": values.get("shipping_method", ""),
            "tracking_number": context.get("tracking_number", ""),
            # The carrier's page for the parcel (built from staff's pattern).
            "tracking_url": context.get("tracking_url", ""),
            "voucher_code": context.get("voucher_code", ""),
            "url": absolute_url(localised_path(url, language)),
            "preferences_url": (
                None
                if spec.transactional
                else absolute_url(reverse("notifications:preferences"))
            ),
            "language": language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
        }
        subject = subject_text(kind=kind, context=context)
        # One line: a header cannot hold a line break.
        subject = " ".join(subject.split())
        text = render_to_string("notifications/email/body.txt", template_context)
        html = render_to_string("notifications/email/body.html", template_context)
    return RenderedEmail(subject=subject, text=text, html=html)


def email_send(*, to: str, kind: str, context: dict, url: str, language: str) -> None:
    if not to:
        return
    rendered = email_render(kind=kind, context=context, url=url, language=language)
    message = EmailMultiAlternatives(
        rendered.subject, rendered.text, settings.DEFAULT_FROM_EMAIL, [to]
    )
    message.attach_alternative(rendered.html, "text/html")
    message.send()
