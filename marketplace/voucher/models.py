from oscar.apps.voucher.models import *  # noqa: F403
