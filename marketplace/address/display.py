"""An address as a page (or an e-mail) in the reader's language shows it.

Oscar's `active_address_fields` end with the country's `printable_name`, one
stored name (French in the demo); these read it from Babel in the active
language (`marketplace.translated.country_name`).
"""

from marketplace.translated import country_name


class AddressForPage:
    """An address whose country reads in the active language (Babel's names)."""

    def __init__(self, address) -> None:
        self._address = address

    def __getattr__(self, name: str):
        return getattr(self._address, name)

    def __str__(self) -> str:
        return self.summary

    def __bool__(self) -> bool:
        return bool(self._address)

    def country_name(self) -> str:
        code = getattr(self._address, "country_id", None)
        return country_name(code) if code else ""

    def active_address_fields(self) -> list[str]:
        fields = list(self._address.active_address_fields())
        code = getattr(self._address, "country_id", None)
        if not code:
            return fields
        stored = (self._address.country.printable_name or "").strip()
        # The country is the last of Oscar's address fields.
        if fields and fields[-1] == stored:
            fields[-1] = self.country_name()
        return fields

    @property
    def summary(self) -> str:
        return ", ".join(self.active_address_fields())


def address_for_page(address):
    return AddressForPage(address) if address else address
