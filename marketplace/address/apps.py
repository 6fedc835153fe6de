import oscar.apps.address.apps as apps


class AddressConfig(apps.AddressConfig):
    """Oscar's addresses, forked for the address book's form: the country
    select reads in the page's language (`forms`); its migrations are Oscar's."""

    name = "marketplace.address"
