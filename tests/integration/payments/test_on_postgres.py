"""The money flows again in the PostgreSQL pass (`-m postgres`).

The same tests as on SQLite, collected here under the `postgres` marker so
that `scripts/test.sh` runs them on the real server too: cash on delivery end
to end, the per-seller split of shipping and commission into the ledger, the
webhook cases, a settlement run done twice, cash on delivery credited only
on a carrier's remittance, a paid card order never cancelled unrefunded, and
the database refusing to change or delete a ledger row (its triggers are per
vendor).
"""

import pytest

from tests.integration.checkout.test_multi_seller_checkout import (  # noqa: F401
    test_a_guest_pays_cash_on_delivery_for_one_order_split_by_seller,
    test_the_shopper_and_each_seller_get_their_own_email,
)
from tests.integration.payments.test_append_only import (  # noqa: F401
    entry,
    test_a_queryset_delete_of_a_ledger_row_is_refused_by_the_database,
    test_a_queryset_update_of_a_ledger_row_is_refused_by_the_database,
    test_new_entries_are_still_appended,
    test_raw_sql_cannot_change_nor_delete_a_ledger_row,
)
from tests.integration.payments.test_cash_on_delivery import (  # noqa: F401
    cod_part,
    test_a_carrier_remittance_credits_the_seller_once,
    test_a_seller_clicking_everything_gets_no_positive_balance_nor_payout,
    test_a_statement_imported_twice_credits_once_and_reports_bad_lines,
    test_what_a_seller_owes_shows_on_the_staff_and_seller_payout_pages,
)
from tests.integration.payments.test_ledger import (  # noqa: F401
    cod_order,
    test_a_craft_category_overrides_the_default_commission,
    test_a_paid_part_credits_lines_and_shipping_minus_commission,
    test_a_refund_debits_what_the_part_credited,
    test_cash_collected_by_the_seller_credits_nothing_it_owes_the_commission,
)
from tests.integration.payments.test_settlement import (  # noqa: F401
    test_a_settlement_pays_each_balance_and_running_it_again_pays_nobody_twice,
    test_the_settle_payouts_command_writes_the_file_and_is_safe_to_rerun,
)
from tests.integration.payments.test_staff_cancel import (  # noqa: F401
    paid_order,
    test_staff_cannot_cancel_a_paid_order_a_parcel_of_which_has_left,
    test_the_cancel_service_refuses_a_paid_card_order,
)
from tests.integration.payments.test_webhooks import (  # noqa: F401
    test_a_bad_signature_gets_400_and_records_nothing,
    test_a_refund_arriving_before_the_success_ends_refunded,
    test_a_stale_timestamp_gets_400_and_records_nothing,
    test_payment_succeeded_marks_the_order_paid_and_credits_each_seller,
    test_the_same_event_five_times_is_processed_once,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
