"""Messages' photos live in the private storage, outside MEDIA_ROOT: what
serves /media/ cannot reach them; the guarded view serves them to the two
sides (and staff) only."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.http import Http404
from django.test import RequestFactory
from django.views.static import serve

from marketplace.messaging.models import Conversation
from marketplace.messaging.storage import private_storage

from .conftest import png, shopper, signed_in
from .test_conversations import _post

pytestmark = pytest.mark.django_db


def test_the_private_root_is_outside_the_public_one():
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = Path(settings.MEDIA_ROOT).resolve()
    assert not private.is_relative_to(public)
    assert not public.is_relative_to(private)
    assert private_storage() is storages["private"]
    with pytest.raises(ValueError, match="private"):
        storages["private"].url("messages/x.png")  # no public address


def test_a_photo_is_kept_privately_and_served_only_by_the_guarded_view(
    shops, outbox_mail
):
    potter, weaver, tajine, *_ = shops
    amina = shopper("Amina")
    _post(
        outbox_mail,
        signed_in(amina),
        f"/en/messages/product/{tajine.pk}/",
        {"body": "Cracked?", "photo": png()},
    )
    message = Conversation.objects.get().messages.get()
    name = message.photo.name
    assert name.startswith("messages/")
    assert message.photo.storage is storages["private"]
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / name).is_file()
    assert not (Path(settings.MEDIA_ROOT) / name).exists()

    # /media/ (Django's file server over MEDIA_ROOT, as any web server there)
    # does not find it, under its name or by climbing out of MEDIA_ROOT.
    request = RequestFactory().get(f"/media/{name}")
    with pytest.raises(Http404):
        serve(request, name, document_root=settings.MEDIA_ROOT)
    climbing = Path("..") / Path(settings.PRIVATE_MEDIA_ROOT).name / name
    with pytest.raises((Http404, SuspiciousFileOperation)):
        serve(request, str(climbing), document_root=settings.MEDIA_ROOT)
    assert signed_in(amina).get(f"/media/{name}").status_code == 404

    url = f"/en/messages/photo/{message.pk}/"
    for client in (signed_in(amina), signed_in(potter.owner)):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, max-age=3600"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert signed_in(weaver.owner).get(url).status_code == 404
    assert signed_in(shopper("Karim")).get(url).status_code == 404
