"""Reading registry exports: every shape the spec allows, every rejection."""

import io

import pytest

from artisans.registry_csv import (
    RegistryFileError,
    normalise_registry_id,
    open_registry_text,
    registry_rows,
)

HEADER = (
    "registry_id,kind,name_latin,name_arabic,craft_code,craft_label,region_code,"
    "province,cnss,status,registered_on,members"
)
ROW = (
    "RNA-07-0012345,artisan,Fatima Zahra El Idrissi,فاطمة الزهراء الإدريسي,TAP01,"
    "Tapis,07,Marrakech,pre_registered,active,2022-03-14,"
)


def rows(data: bytes | str) -> list:
    if isinstance(data, str):
        data = data.encode()
    return list(registry_rows(open_registry_text(io.BytesIO(data))))


def only_values(data) -> dict:
    (row,) = rows(data)
    assert row.error is None, row.error
    return row.values


def test_a_valid_row_is_cleaned_with_its_line_number():
    (row,) = rows(f"{HEADER}\n{ROW}\n")
    assert row.line == 2
    assert row.values["registry_id"] == "RNA-07-0012345"
    assert row.values["name_arabic"] == "فاطمة الزهراء الإدريسي"
    assert row.values["registered_on"].isoformat() == "2022-03-14"
    assert row.values["members"] is None
    assert len(row.values["row_hash"]) == 32


def test_a_byte_order_mark_is_ignored():
    values = only_values(b"\xef\xbb\xbf" + f"{HEADER}\n{ROW}\n".encode())
    assert values["registry_id"] == "RNA-07-0012345"


def test_semicolon_separator_is_detected_from_the_header():
    data = f"{HEADER}\n{ROW}\n".replace(",", ";")
    assert only_values(data)["province"] == "Marrakech"


def test_crlf_line_ends_are_read_like_lf():
    (row,) = rows(f"{HEADER}\r\n{ROW}\r\n")
    assert row.values["members"] is None
    assert row.values == only_values(f"{HEADER}\n{ROW}\n")


def test_quoted_fields_may_hold_the_separator_and_quotes():
    row = ROW.replace("Fatima Zahra El Idrissi", '"El Idrissi, Fatima ""Zahra"""')
    assert only_values(f"{HEADER}\n{row}\n")["name_latin"] == (
        'El Idrissi, Fatima "Zahra"'
    )


def test_blank_lines_are_ignored_and_line_numbers_stay_true():
    found = rows(f"\n{HEADER}\n\n{ROW}\n   \n\n{ROW.replace('2345', '2346')}\n\n")
    assert [row.line for row in found] == [4, 7]


def test_header_names_are_case_insensitive_in_any_order_with_unknown_columns():
    data = (
        " STATUS ,Extra,Registry_ID,Kind,Name_Latin,Craft_Code,Region_Code\n"
        "active,ignored,rna07-0012345,Maalem,Youssef,BOI02,07\n"
    )
    values = only_values(data)
    assert values["registry_id"] == "RNA-07-0012345"
    assert values["kind"] == "maalem"
    assert values["cnss"] == "none"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("RNA-07-0012345", "RNA-07-0012345"),
        ("  rna-07-0012345 ", "RNA-07-0012345"),
        ("rna07-0012345", "RNA-07-0012345"),
        ("RNA-13-0012345", None),
        ("RNA-07-012345", None),
        ("07-0012345", None),
    ],
)
def test_registry_numbers_are_normalised(raw, canonical):
    assert normalise_registry_id(raw) == canonical


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("registry_id", "", "registry_id is missing"),
        ("registry_id", "RNA-7-12", "is not RNA-RR-NNNNNNN"),
        ("kind", "vendor", "kind 'vendor'"),
        ("name_latin", "  ", "name_latin is missing"),
        ("craft_code", "T!", "craft_code"),
        ("region_code", "13", "region_code '13'"),
        ("status", "dormant", "status 'dormant'"),
        ("cnss", "maybe", "cnss 'maybe'"),
        ("registered_on", "14/03/2022", "registered_on"),
        ("members", "0", "members '0'"),
        ("members", "100000000000000000000", "not an integer from 1 to"),
        ("members", "2147483648", "not an integer from 1 to"),
        ("members", "1000001", "not an integer from 1 to"),
        ("members", "²", "members '²'"),
        ("members", "-3", "members '-3'"),
    ],
)
def test_missing_or_invalid_fields_reject_the_row_with_a_reason(field, value, reason):
    columns = HEADER.split(",")
    fields = ROW.split(",")
    fields[columns.index(field)] = value
    (row,) = rows(f"{HEADER}\n{','.join(fields)}\n")
    assert row.values is None
    assert reason in row.error
    assert row.line == 2


def test_a_row_with_too_few_fields_is_rejected():
    (row,) = rows(f"{HEADER}\nRNA-07-0012345,artisan\n")
    assert "2 fields where the header has 12" in row.error


def test_a_file_without_the_required_columns_has_no_valid_header():
    with pytest.raises(RegistryFileError, match="no valid header.*registry_id"):
        rows("hello,world\n1,2\n")


def test_an_empty_file_is_refused():
    with pytest.raises(RegistryFileError, match="empty"):
        rows("\n\n")


def test_a_binary_file_is_not_csv():
    with pytest.raises(RegistryFileError, match="not a CSV file"):
        rows(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_a_file_in_another_encoding_is_refused():
    latin1 = f"{HEADER}\nRNA-03-0045678,artisan,Bennani,,ZEL01,,03,Fès,,active,,\n"
    with pytest.raises(RegistryFileError, match="not UTF-8"):
        rows(latin1.encode("latin-1"))


def test_utf16_is_refused_as_binary():
    with pytest.raises(RegistryFileError, match="not a CSV file"):
        rows(f"{HEADER}\n{ROW}\n".encode("utf-16"))
