"""The form Wagtail's image admin is built on (`WAGTAILIMAGES_IMAGE_FORM_BASE`).

Its own module: `cms.forms` is imported while the models load, and Wagtail's
image forms need the models loaded.
"""

from django.core.files.uploadedfile import UploadedFile
from wagtail.images.forms import BaseImageForm

from catalogue.photos import photo_clean


class MetadataFreeImageForm(BaseImageForm):
    """Wagtail's image form, keeping no metadata of the uploaded file.

    A photo from an editor's phone carries where it was taken (EXIF GPS), the
    device and the time; Wagtail keeps the original as uploaded and serves it
    to anyone with its URL. The product photos' cleaning (`catalogue.photos`)
    re-encodes the pixels alone, the orientation applied, before the original
    is stored. Wagtail builds its single and multiple upload forms, and the
    edit form's new file, on this one.
    """

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # the file already stored, unchanged
        cleaned = photo_clean(upload=upload)
        return UploadedFile(
            file=cleaned.file,
            name=cleaned.name,
            content_type=getattr(upload, "content_type", None),
            size=cleaned.size,
        )
