"""The twelve regions of Morocco and their Chambers of Artisanat.

Codes and names as in the registry file format (`shared/spec/registry-csv.md`).
"""

REGIONS: list[tuple[str, str, str]] = [
    ("01", "Tanger-Tétouan-Al Hoceïma", "طنجة تطوان الحسيمة"),
    ("02", "L'Oriental", "الشرق"),
    ("03", "Fès-Meknès", "فاس مكناس"),
    ("04", "Rabat-Salé-Kénitra", "الرباط سلا القنيطرة"),
    ("05", "Béni Mellal-Khénifra", "بني ملال خنيفرة"),
    ("06", "Casablanca-Settat", "الدار البيضاء سطات"),
    ("07", "Marrakech-Safi", "مراكش آسفي"),
    ("08", "Drâa-Tafilalet", "درعة تافيلالت"),
    ("09", "Souss-Massa", "سوس ماسة"),
    ("10", "Guelmim-Oued Noun", "كلميم واد نون"),
    ("11", "Laâyoune-Sakia El Hamra", "العيون الساقية الحمراء"),
    ("12", "Dakhla-Oued Ed-Dahab", "الداخلة وادي الذهب"),
]

REGION_CODES = frozenset(code for code, _, _ in REGIONS)


def chamber_name(region_name: str) -> str:
    return f"Chambre d'Artisanat de la région {region_name}"


def chamber_name_ar(region_name_ar: str) -> str:
    return f"غرفة الصناعة التقليدية لجهة {region_name_ar}"
