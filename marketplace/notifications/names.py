"""Names a notification refers to by code, read in the recipient's language.

A notification's context is stored once (JSON) and its e-mail written later,
in the recipient's language: a name stored as text (a carrier's, a shipping
method's, in the language of whoever caused the event) would stay in that
language. So the context keeps the code beside the text (`carrier_code`
beside `carrier`), and the room that owns the names registers a lookup here
(`name_lookup_register`, from its AppConfig.ready): rendering replaces the
text by the name in the active language, keeping the stored text when the
code is unknown. This module imports no room: the rooms above call it.
"""

from collections.abc import Callable

#: context key -> lookup(code) giving the name in the active language, or "".
_LOOKUPS: dict[str, Callable[[str], str]] = {}


def name_lookup_register(*, key: str, lookup: Callable[[str], str]) -> None:
    _LOOKUPS[key] = lookup


def names_resolved(context: dict) -> dict:
    """`context` with each registered `key` read from its `key_code`."""
    values = dict(context)
    for key, lookup in _LOOKUPS.items():
        code = values.get(f"{key}_code")
        if not code:
            continue
        name = lookup(str(code))
        if name:
            values[key] = str(name)
    return values
