"""The ZIP of photos uploaded beside a catalogue file.

Nothing is extracted to disk and nothing is trusted before it is checked: the
archive's entry count and declared total size are bounded when it is opened,
each photo is read at most `photo_clean`'s limit plus one byte (a declared
size can lie), and each goes through the same checks as a photo uploaded on
its own (`catalogue.photos.photo_clean`).

A photo is known again by the SHA-256 of its bytes in the ZIP, kept in the
stored file's name (`csv-<digest>.jpg`): importing the same ZIP twice adds no
photo the second time, and no column or table is needed for it.
"""

from __future__ import annotations

import hashlib
import posixpath
import zipfile
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from catalogue.photos import MAX_BYTES, photo_clean

from .reading import CatalogueFileError, RowError

MAX_ZIP_BYTES = 500 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000
MAX_ZIP_UNCOMPRESSED = 2 * 1024 * 1024 * 1024
DIGEST_LENGTH = 32
PREFIX = "csv-"


def digest_of_stored(name: str) -> str | None:
    """The ZIP digest a stored photo was imported from, or None."""
    base = posixpath.basename(name)
    if not base.startswith(PREFIX):
        return None
    return base[len(PREFIX) : len(PREFIX) + DIGEST_LENGTH]


def photo_export_name(name: str) -> str:
    """How the catalogue file names a stored photo (the `images` column of
    the export): its file name, without folders."""
    return posixpath.basename(name)


class PhotoArchive:
    """Photos of a ZIP by file name (folders inside the ZIP are ignored)."""

    def __init__(self, binary: BinaryIO):
        binary.seek(0, 2)
        if binary.tell() > MAX_ZIP_BYTES:
            raise CatalogueFileError(
                _("The ZIP of photos is larger than %(max)s MB.")
                % {"max": MAX_ZIP_BYTES // (1024 * 1024)}
            )
        binary.seek(0)
        try:
            self.zip = zipfile.ZipFile(binary)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            raise CatalogueFileError(
                _("The photos file is not a ZIP archive.")
            ) from None
        if len(infos) > MAX_ZIP_ENTRIES:
            raise CatalogueFileError(
                _("The ZIP holds more than %(max)s files.") % {"max": MAX_ZIP_ENTRIES}
            )
        if sum(info.file_size for info in infos) > MAX_ZIP_UNCOMPRESSED:
            raise CatalogueFileError(
                _("The ZIP's files add up to more than %(max)s GB once unpacked.")
                % {"max": MAX_ZIP_UNCOMPRESSED // 1024**3}
            )
        self.entries: dict[str, zipfile.ZipInfo | None] = {}
        for info in infos:
            if info.is_dir():
                continue
            name = posixpath.basename(info.filename.replace("\\", "/"))
            # The same name in two folders: which one the row means is unknown.
            self.entries[name] = None if name in self.entries else info
        self._digests: dict[str, str] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.entries

    def _info(self, name: str) -> zipfile.ZipInfo:
        if name not in self.entries:
            raise RowError("images", _("%(name)s is not in the ZIP") % {"name": name})
        info = self.entries[name]
        if info is None:
            raise RowError(
                "images",
                _("%(name)s is in the ZIP twice, in different folders")
                % {"name": name},
            )
        if info.file_size > MAX_BYTES:
            raise RowError(
                "images",
                _("%(name)s: the photo is too large: %(max)s MB at most.")
                % {"name": name, "max": MAX_BYTES // (1024 * 1024)},
            )
        return info

    def _read(self, name: str) -> bytes:
        info = self._info(name)
        try:
            with self.zip.open(info) as entry:
                data = entry.read(MAX_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            raise RowError(
                "images", _("%(name)s cannot be read from the ZIP") % {"name": name}
            ) from None
        if len(data) > MAX_BYTES:
            raise RowError(
                "images",
                _("%(name)s: the photo is too large: %(max)s MB at most.")
                % {"name": name, "max": MAX_BYTES // (1024 * 1024)},
            )
        return data

    def digest(self, name: str) -> str:
        """The photo's digest (reads it once; only the digest is kept)."""
        if name not in self._digests:
            data = self._read(name)
            self._digests[name] = hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]
        return self._digests[name]

    def cleaned(self, name: str) -> ContentFile:
        """The photo, checked and re-encoded, named after its digest."""
        data = self._read(name)
        try:
            photo = photo_clean(upload=ContentFile(data, name=name))
        except ValidationError as error:
            raise RowError("images", f"{name}: {' '.join(error.messages)}") from None
        extension = posixpath.splitext(photo.name)[1]
        photo.name = f"{PREFIX}{self.digest(name)}{extension}"
        return photo
