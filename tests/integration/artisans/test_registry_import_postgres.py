"""The registry import's tests again on PostgreSQL, whose write path differs
(one `INSERT ... SELECT FROM unnest(...)` per batch instead of executemany)."""

import pytest

from .test_registry_import import (  # noqa: F401  (collected here with the mark)
    test_a_file_that_stops_being_utf8_part_way_imports_nothing,
    test_a_number_repeated_across_batches_keeps_the_later_row,
    test_a_re_import_of_the_same_file_changes_nothing,
    test_a_re_import_updates_changed_rows_in_place,
    test_an_absurd_member_count_rejects_its_line_and_the_rest_imports,
    test_an_entry_active_again_flags_its_suspended_seller_for_the_chamber,
    test_an_entry_suspended_by_the_registry_suspends_its_seller,
    test_an_interrupted_import_leaves_the_registry_as_it_was,
    test_the_sample_export_imports_every_row,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
