"""Where messages' photos are kept: a private storage, never under MEDIA_ROOT
(whatever serves /media/ cannot reach them). They are served only by the
guarded view (`views.photo`), to the conversation's two sides and staff.

`private_storage` is the field's storage (a callable: the migration names it,
not its settings). It is `STORAGES["private"]`: local files under
PRIVATE_MEDIA_ROOT by default (`PrivateFileSystemStorage`, which has no
public address); PRIVATE_STORAGE_BACKEND (and its OPTIONS in
settings) swap it for an S3 bucket with a private ACL (django-storages'
S3Storage, `default_acl="private"`, `querystring_auth=True`) without code
changes.
"""

from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Local files with no URL: a link to /media/ would not serve them."""

    def url(self, name):
        raise ValueError(f"{name!r} is private: served by a guarded view only")


def private_storage():
    return storages["private"]
