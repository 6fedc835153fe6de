"""Staff name offers and vouchers in three languages in Oscar's dashboard."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import UserFactory
from tests.mfa import force_login_verified

from .test_vocabulary_languages import NAMES, _names

ConditionalOffer = get_model("offer", "ConditionalOffer")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
Range = get_model("offer", "Range")
Voucher = get_model("voucher", "Voucher")
VoucherSet = get_model("voucher", "VoucherSet")

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    force_login_verified(client, user)
    return user


def _voucher_offer():
    everything = Range.objects.create(name="Tout", includes_all_products=True)
    return ConditionalOffer.objects.create(
        name="Bon",
        name_fr="Bon",
        offer_type=ConditionalOffer.VOUCHER,
        condition=Condition.objects.create(
            range=everything, type=Condition.COUNT, value=1
        ),
        benefit=Benefit.objects.create(range=everything, type=Benefit.FIXED, value=5),
    )


@pytest.mark.parametrize(
    "url_name, fields",
    [
        ("dashboard:offer-metadata", NAMES + ["description_fr", "description_ar"]),
        ("dashboard:voucher-create", NAMES),
        ("dashboard:voucher-set-create", NAMES),
    ],
)
def test_the_offer_and_voucher_forms_show_the_three_languages(
    client, staff, url_name, fields
):
    html = client.get(reverse(url_name)).content.decode()
    found = _names(html)
    for name in fields:
        code = name[-2:]
        assert found[name] == (code, "rtl" if code == "ar" else "ltr"), name
    assert "name" not in found


def test_an_offers_names_are_written_in_the_dashboards_first_step(client, staff):
    response = client.post(
        reverse("dashboard:offer-metadata"),
        {
            "name_fr": "Fête des artisans",
            "name_ar": "عيد الصناع",
            "name_en": "",
            "description_fr": "Dix pour cent",
            "offer_type": ConditionalOffer.SITE,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    offer = client.session["offer_wizard"]
    assert "عيد الصناع" in str(offer)


def test_a_voucher_is_named_in_three_languages_in_the_dashboard(client, staff):
    offer = _voucher_offer()
    response = client.post(
        reverse("dashboard:voucher-create"),
        {
            "name_fr": "Bon des artisans",
            "name_ar": "قسيمة الصناع",
            "name_en": "Artisans' voucher",
            "code": "fete10",
            "start_datetime": "2027-01-01 00:00",
            "end_datetime": "2027-12-31 23:59",
            "usage": Voucher.MULTI_USE,
            "offers": [offer.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    voucher = Voucher.objects.get(code="FETE10")
    assert (voucher.name_fr, voucher.name_ar, voucher.name_en) == (
        "Bon des artisans",
        "قسيمة الصناع",
        "Artisans' voucher",
    )


def test_two_vouchers_may_both_lack_an_arabic_name(client, staff):
    offer = _voucher_offer()
    for code in ("UN", "DEUX"):
        response = client.post(
            reverse("dashboard:voucher-create"),
            {
                "name_fr": f"Bon {code}",
                "name_ar": "",
                "name_en": "",
                "code": code,
                "start_datetime": "2027-01-01 00:00",
                "end_datetime": "2027-12-31 23:59",
                "usage": Voucher.MULTI_USE,
                "offers": [offer.pk],
            },
        )
        assert response.status_code == 302, response.context["form"].errors
    assert list(Voucher.objects.values_list("name_ar", flat=True)) == [None, None]


def _voucher_set_post(client, offer, **names):
    return client.post(
        reverse("dashboard:voucher-set-create"),
        {
            "name_fr": "",
            "name_ar": "",
            "name_en": "",
            **names,
            "code_length": 10,
            "description": "Pour la foire",
            "start_datetime": "2027-01-01 00:00",
            "end_datetime": "2027-12-31 23:59",
            "count": 2,
            "usage": Voucher.SINGLE_USE,
            "offers": [offer.pk],
        },
    )


def test_a_voucher_set_is_named_in_three_languages_and_so_are_its_vouchers(
    client, staff
):
    offer = _voucher_offer()
    response = _voucher_set_post(
        client, offer, name_fr="Foire de Fès", name_ar="معرض فاس"
    )
    assert response.status_code == 302, response.context["form"].errors
    voucher_set = VoucherSet.objects.get()
    assert (voucher_set.name_fr, voucher_set.name_ar, voucher_set.name_en) == (
        "Foire de Fès",
        "معرض فاس",
        None,
    )
    names = list(
        voucher_set.vouchers.order_by("date_created", "pk").values_list(
            "name_fr", "name_ar", "name_en"
        )
    )
    assert names == [
        ("Foire de Fès - 1", "معرض فاس - 1", None),
        ("Foire de Fès - 2", "معرض فاس - 2", None),
    ]

    # Renamed: the vouchers follow, in each language.
    response = client.post(
        reverse("dashboard:voucher-set-update", kwargs={"pk": voucher_set.pk}),
        {
            "name_fr": "Foire de Fès",
            "name_ar": "معرض فاس",
            "name_en": "Fez fair",
            "code_length": 10,
            "description": "Pour la foire",
            "start_datetime": "2027-01-01 00:00",
            "end_datetime": "2027-12-31 23:59",
            "count": 2,
            "usage": Voucher.SINGLE_USE,
            "offers": [offer.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert sorted(voucher_set.vouchers.values_list("name_en", flat=True)) == [
        "Fez fair - 1",
        "Fez fair - 2",
    ]


def test_a_voucher_sets_french_name_is_required(client, staff):
    response = _voucher_set_post(client, _voucher_offer(), name_ar="معرض فاس")
    assert response.status_code == 200
    assert "name_fr" in response.context["form"].errors
    assert not VoucherSet.objects.exists()


def test_two_voucher_sets_may_both_lack_an_english_name(client, staff):
    offer = _voucher_offer()
    for name in ("Foire de Fès", "Foire de Safi"):
        response = _voucher_set_post(client, offer, name_fr=name)
        assert response.status_code == 302, response.context["form"].errors
    assert list(VoucherSet.objects.values_list("name_en", flat=True)) == [None, None]
