"""The registry import: upserts, reports, atomicity, sellers kept in step."""

import pytest
from django.core.management import CommandError, call_command

from artisans.models import RegistryEntry, Seller
from artisans.registry_csv import RegistryFileError
from artisans.registry_import import registry_import
from artisans.signals import seller_status_changed
from tests.factories import RegistryEntryFactory, verified_seller

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

SAMPLE = "/work/shared/spec/registry-sample.csv"


def ours():
    """The entries these tests import (the session's demo data may be there too)."""
    return RegistryEntry.objects.filter(registry_id__startswith="RNA-07-000")


HEADER = "registry_id,kind,name_latin,name_arabic,craft_code,region_code,status"


def export(tmp_path, *lines, name="registry.csv", header=HEADER, encoding="utf-8"):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding=encoding)
    return path


def row(number: int, status="active", name="Fatima Zahra El Idrissi", region="07"):
    return f"RNA-{region}-{number:07d},artisan,{name},فاطمة,TAP01,{region},{status}"


def test_the_sample_export_imports_every_row():
    result = registry_import(path=SAMPLE)
    assert (result.read, result.created, result.rejected) == (12, 12, 0)
    entry = RegistryEntry.objects.get(registry_id="RNA-09-0003141")
    assert entry.kind == "cooperative"
    assert entry.members == 60
    assert entry.name_arabic == "تعاونية تيغانيمين"
    assert entry.cnss == "registered"
    assert RegistryEntry.objects.get(registry_id="RNA-01-0007777").status == (
        "suspended"
    )


def test_a_re_import_of_the_same_file_changes_nothing():
    registry_import(path=SAMPLE)
    sample = RegistryEntry.objects.filter(
        registry_id__in=[line.split(",")[0] for line in open(SAMPLE)][1:]
    ).order_by("pk")
    before = list(sample.values())
    assert len(before) == 12
    result = registry_import(path=SAMPLE)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 12)
    assert list(sample.values()) == before


def test_a_re_import_updates_changed_rows_in_place(tmp_path):
    registry_import(path=export(tmp_path, row(1), row(2)))
    result = registry_import(path=export(tmp_path, row(1), row(2, name="Aicha Tazi")))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert ours().count() == 2
    assert RegistryEntry.objects.get(registry_id="RNA-07-0000002").name_latin == (
        "Aicha Tazi"
    )


def test_rejected_rows_are_reported_with_line_and_reason_and_others_import(tmp_path):
    path = export(
        tmp_path,
        row(1),
        "",
        "RNA-07-0000002,artisan,,فاطمة,TAP01,07,active",
        "RNA-99-0000003,artisan,Nadia,,TAP01,07,active",
        row(4, status="dormant"),
        row(5),
    )
    problems = []
    result = registry_import(
        path=path, on_problem=lambda line, reason: problems.append((line, reason))
    )
    assert (result.read, result.created, result.rejected) == (5, 2, 3)
    assert [line for line, _ in problems] == [4, 5, 6]
    assert "name_latin is missing" in problems[0][1]
    assert "registry_id" in problems[1][1]
    assert "status 'dormant'" in problems[2][1]


@pytest.mark.parametrize("members", ["100000000000000000000", "2147483648", "²"])
def test_an_absurd_member_count_rejects_its_line_and_the_rest_imports(
    tmp_path, members
):
    """10**20 members once aborted the whole import (an integer column)."""
    path = export(
        tmp_path,
        f"{row(1, name='Cooperative Tifawin')},{members}",
        f"{row(2, name='Cooperative Amal')},12",
        header=f"{HEADER},members",
    )
    problems = []
    result = registry_import(
        path=path, on_problem=lambda line, reason: problems.append((line, reason))
    )
    assert (result.created, result.rejected) == (1, 1)
    assert problems and problems[0][0] == 2
    assert "members" in problems[0][1]
    assert RegistryEntry.objects.get(registry_id="RNA-07-0000002").members == 12
    assert not RegistryEntry.objects.filter(registry_id="RNA-07-0000001").exists()


def test_a_repeated_number_keeps_the_later_row_and_reports_the_earlier(tmp_path):
    path = export(
        tmp_path,
        row(1, name="First Name"),
        row(2),
        row(1, name="Later Name"),
    )
    problems = []
    result = registry_import(
        path=path, on_problem=lambda line, reason: problems.append((line, reason))
    )
    assert RegistryEntry.objects.get(registry_id="RNA-07-0000001").name_latin == (
        "Later Name"
    )
    assert result.duplicates == 1
    assert problems == [
        (2, "registry_id RNA-07-0000001 appears again on line 4; the later row wins")
    ]
    assert result.created + result.updated + result.unchanged == 2


def test_a_number_repeated_across_batches_keeps_the_later_row(tmp_path):
    path = export(tmp_path, row(1, name="First"), row(2), row(3), row(1, name="Last"))
    problems = []
    result = registry_import(
        path=path,
        batch_size=2,
        on_problem=lambda line, reason: problems.append((line, reason)),
    )
    assert RegistryEntry.objects.get(registry_id="RNA-07-0000001").name_latin == "Last"
    assert result.created == 3
    assert result.duplicates == 1
    assert problems[0][0] == 2


def test_an_interrupted_import_leaves_the_registry_as_it_was(tmp_path):
    """Interrupted after its first batch was written, nothing of it remains."""
    RegistryEntryFactory(registry_id="RNA-07-0000001", name_latin="Before")
    path = export(tmp_path, *(row(n, name="After") for n in range(1, 7)))

    def interrupt(done, total, rows):
        if rows < 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        registry_import(path=path, batch_size=2, on_progress=interrupt)
    assert list(ours().values_list("registry_id", "name_latin")) == [
        ("RNA-07-0000001", "Before")
    ]


@pytest.mark.parametrize("status", ["suspended", "struck_off"])
def test_an_entry_suspended_by_the_registry_suspends_its_seller(
    tmp_path, status, django_capture_on_commit_callbacks
):
    seller = verified_seller(entry=RegistryEntryFactory(registry_id="RNA-07-0000001"))
    received = []
    seller_status_changed.connect(
        lambda **kwargs: received.append(kwargs), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = registry_import(path=export(tmp_path, row(1, status=status)))
    finally:
        seller_status_changed.disconnect(dispatch_uid="t")
    seller.refresh_from_db()
    assert seller.status == Seller.Status.SUSPENDED
    assert result.sellers_suspended == 1
    decision = seller.decisions.get()
    assert decision.source == "registry import"
    assert decision.status == "suspended"
    assert decision.decided_by is None
    assert [(r["old_status"], r["new_status"]) for r in received] == [
        ("verified", "suspended")
    ]


def test_an_entry_active_again_flags_its_suspended_seller_for_the_chamber(tmp_path):
    entry = RegistryEntryFactory(registry_id="RNA-07-0000001")
    seller = verified_seller(entry=entry)
    registry_import(path=export(tmp_path, row(1, status="suspended")))
    registry_import(path=export(tmp_path, row(1, status="active")))
    seller.refresh_from_db()
    assert seller.status == Seller.Status.SUSPENDED
    assert seller.needs_reinstatement is True


def test_the_command_prints_a_summary_and_writes_a_report(tmp_path, capsys):
    path = export(tmp_path, row(1), row(2, status="dormant"))
    report = tmp_path / "report.txt"
    call_command("import_registry", str(path), "--report", str(report))
    out, err = capsys.readouterr()
    assert "read 2, created 1, updated 0, unchanged 0, rejected 1" in out
    assert f"Report: {report}" in out
    assert "line 3: status 'dormant'" in err
    assert "line 3: status 'dormant'" in report.read_text()


def test_the_command_reads_semicolons_bom_crlf_and_arabic(tmp_path, capsys):
    path = tmp_path / "export.csv"
    content = (HEADER + "\r\n" + row(1) + "\r\n").replace(",", ";")
    path.write_bytes(b"\xef\xbb\xbf" + content.encode())
    call_command("import_registry", str(path), "--report", str(tmp_path / "r.txt"))
    assert ours().get().name_arabic == "فاطمة"


def test_the_command_fails_clearly_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_registry", str(tmp_path / "nope.csv"))


def test_the_command_fails_clearly_on_a_file_that_is_not_csv(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    before = RegistryEntry.objects.count()
    with pytest.raises(CommandError, match="not a CSV file"):
        call_command("import_registry", str(path))
    assert RegistryEntry.objects.count() == before


def test_a_file_that_stops_being_utf8_part_way_imports_nothing(tmp_path):
    """The bad bytes come after the part sniffed and after a written batch."""
    lines = [row(n) for n in range(1, 2001)]
    path = tmp_path / "export.csv"
    path.write_bytes(
        ("\n".join([HEADER, *lines]) + "\n").encode()
        + "RNA-07-0009999,artisan,Fès,,TAP01,07,active\n".encode("latin-1")
    )
    assert path.stat().st_size > 64 * 1024
    with pytest.raises(RegistryFileError, match="not UTF-8"):
        registry_import(path=path, batch_size=500)
    assert not ours().exists()
