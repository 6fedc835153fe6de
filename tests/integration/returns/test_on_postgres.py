"""Returns' money again in the PostgreSQL pass (`-m postgres`): each step's
refund and ledger entries, both payment methods' ways back (cash by transfer
or voucher here, the card's with stripe-mock), payouts held for the window,
and the random sequence of orders, refunds and settlements."""

import pytest

from tests.integration.returns.test_card_refunds import (  # noqa: F401
    card_part,
    test_a_second_line_then_the_rest_of_the_part_never_refund_beyond_the_total,
    test_one_line_is_refunded_to_the_card_and_debited,
)
from tests.integration.returns.test_ledger_property import (  # noqa: F401
    test_a_random_sequence_keeps_every_balance_equal_to_its_entries,
)
from tests.integration.returns.test_returns import (  # noqa: F401
    cod,
    test_a_damaged_line_is_returned_received_and_refunded_by_transfer,
    test_a_partial_offer_taken_by_the_shopper_refunds_the_offer_only,
    test_a_refund_after_the_payout_leaves_a_negative_balance_netted_next_time,
    test_a_refused_request_goes_to_staff_who_refund_in_part,
    test_a_sale_is_payable_once_its_window_passed_with_no_open_request,
    test_a_second_damaged_return_of_the_parcel_gets_no_second_shipping,
    test_a_voucher_is_issued_when_the_shopper_prefers_one,
    test_the_shoppers_refund_transfer_is_paid_in_the_next_settlement_file,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# The card's refunds reach stripe-mock: skipped (or failed in CI) without it.
test_one_line_is_refunded_to_the_card_and_debited = pytest.mark.stripe(
    test_one_line_is_refunded_to_the_card_and_debited
)
test_a_second_line_then_the_rest_of_the_part_never_refund_beyond_the_total = (
    pytest.mark.stripe(
        test_a_second_line_then_the_rest_of_the_part_never_refund_beyond_the_total
    )
)
