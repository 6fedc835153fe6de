from oscar.apps.address.models import *  # noqa: F403
