"""Bounds on what users type: a value the database cannot hold is a form error.

A number too big for its column is not refused by Django's form fields: 10**23
overflows SQLite's integers and 2**31 PostgreSQL's `integer`, both as server
errors, and SQLite stores 2**31 quietly where PostgreSQL would refuse it. A
NUL byte is refused by PostgreSQL's text types. So every integer field of a
form the project shows gets the range of the column it fills (PostgreSQL's,
the strictest, from Django's own table of ranges), long texts get a length,
and NUL bytes are stripped from the query string and form posts before any
view reads them (`NulBytesMiddleware`), since views also read raw parameters
(facets, filters, actions).
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db.backends.base.operations import BaseDatabaseOperations
from django.http import QueryDict

#: Django's integer columns and the range PostgreSQL gives each.
COLUMN_RANGES = BaseDatabaseOperations.integer_field_ranges
INTEGER_RANGE = COLUMN_RANGES["IntegerField"]

NUL = "\x00"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def field_bound_numbers(
    field: forms.Field, *, min_value=None, max_value=None
) -> forms.Field:
    """Narrow a number field to [min_value, max_value] (validators and the
    browser's `min`/`max`), keeping a narrower range it already has."""
    if min_value is not None and (
        field.min_value is None or field.min_value < min_value
    ):
        field.min_value = min_value
        field.validators.append(MinValueValidator(min_value))
        field.widget.attrs["min"] = min_value
    if max_value is not None and (
        field.max_value is None or field.max_value > max_value
    ):
        field.max_value = max_value
        field.validators.append(MaxValueValidator(max_value))
        field.widget.attrs["max"] = max_value
    return field


def field_bound_length(field: forms.CharField, max_length: int) -> forms.CharField:
    """Give a text field a maximum length (a TextField column has none)."""
    if field.max_length is None or field.max_length > max_length:
        field.max_length = max_length
        field.validators.append(MaxLengthValidator(max_length))
        field.widget.attrs["maxlength"] = max_length
    return field


def form_bound_integers(form: forms.BaseForm) -> None:
    """Give each integer field of `form` the range of its column.

    A model form's field takes its model field's column (a positive small
    integer is 0..32767); any other integer field (Oscar's typed attribute
    fields fill `value_integer`) takes `integer`'s range.
    """
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        # Django's FloatField and DecimalField are IntegerField's subclasses.
        if not isinstance(field, forms.IntegerField) or isinstance(
            field, (forms.FloatField, forms.DecimalField)
        ):
            continue
        lo, hi = INTEGER_RANGE
        if model is not None:
            try:
                internal_type = model._meta.get_field(name).get_internal_type()
            except FieldDoesNotExist:  # a form-only field
                internal_type = None
            lo, hi = COLUMN_RANGES.get(internal_type, INTEGER_RANGE)
        field_bound_numbers(field, min_value=lo, max_value=hi)


def text_clean(value: str, *, max_length: int) -> str:
    """A typed text as a column can keep it: no NUL byte, at most max_length."""
    return value.replace(NUL, "")[:max_length]


def _querydict_without_nul(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(
            key.replace(NUL, ""),
            [v.replace(NUL, "") if isinstance(v, str) else v for v in values],
        )
    cleaned._mutable = False
    return cleaned


def _has_nul(data: QueryDict) -> bool:
    return any(
        NUL in key or any(isinstance(v, str) and NUL in v for v in values)
        for key, values in data.lists()
    )


class NulBytesMiddleware:
    """Strip NUL bytes from the query string and from form posts.

    No text a person types holds one, and PostgreSQL refuses them in text
    (a server error wherever a view passes a parameter to a query). Bodies
    that are not forms (Stripe's JSON) are left as they are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET):
            request.GET = _querydict_without_nul(request.GET)
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith(FORM_CONTENT_TYPES):
            if _has_nul(request.POST):
                request.POST = _querydict_without_nul(request.POST)
        return self.get_response(request)
