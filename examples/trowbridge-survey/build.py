"""Write the trowbridge-survey example's CSVs (deterministic; run from anywhere).

The roster is the Trowbridge site of the King's Fund joint commissioning
project as the kingsfund-1998 example encodes it from Poxton (1999): the
health authority, social services, the total purchasing project, the health
and social care alliance, the housing department, the users and carers
network and the Lovemead practice. **Every rating is illustrative**: the paper
reports no survey. The ratings are written to show what the survey section
does with non-response (two members did not respond), disagreement (two pairs
rate each other 2 or more levels apart) and trust and value received.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

ROSTER = [
    # id, name, sector, provenance (the roster's names are published)
    ("ha-wiltshire", "Wiltshire Health Authority", "commissioner"),
    ("ssd-wiltshire", "Wiltshire Social Services", "social_care"),
    ("tpp-trowbridge", "Trowbridge Total Purchasing Project", "primary_care"),
    ("alliance-trowbridge", "Trowbridge Health and Social Care Alliance", "voluntary"),
    ("housing-west-wilts", "West Wiltshire District Council housing department", "housing"),
    ("ucf-wiltshire", "Wiltshire users and carers network", "user_carer"),
    ("gp-lovemead", "Lovemead practice", "primary_care"),
]

#: respondent -> {rated: (frequency, collaboration, trust x3, value x3)}; illustrative.
ANSWERS: dict[str, dict[str, tuple[str, int, int, int, int, int, int, int]]] = {
    "ha-wiltshire": {
        "ssd-wiltshire": ("weekly", 4, 3, 4, 3, 4, 3, 4),
        "tpp-trowbridge": ("monthly", 3, 3, 3, 3, 3, 3, 3),
        "alliance-trowbridge": ("monthly", 2, 3, 3, 3, 2, 3, 2),
        "housing-west-wilts": ("yearly", 1, 2, 2, 2, 2, 1, 1),
        "ucf-wiltshire": ("quarterly", 1, 3, 3, 4, 1, 2, 1),
        "gp-lovemead": ("quarterly", 1, 2, 3, 2, 3, 2, 2),
    },
    "ssd-wiltshire": {
        "ha-wiltshire": ("weekly", 4, 3, 3, 3, 4, 4, 4),
        "tpp-trowbridge": ("monthly", 3, 3, 4, 3, 3, 3, 3),
        "alliance-trowbridge": ("weekly", 4, 4, 4, 4, 3, 4, 3),
        "housing-west-wilts": ("monthly", 2, 3, 3, 3, 2, 2, 2),
        "ucf-wiltshire": ("monthly", 2, 4, 4, 4, 2, 3, 1),
        "gp-lovemead": ("weekly", 3, 4, 4, 3, 3, 3, 3),
    },
    "tpp-trowbridge": {
        "ha-wiltshire": ("monthly", 3, 3, 3, 2, 4, 3, 4),
        "ssd-wiltshire": ("monthly", 1, 2, 2, 2, 3, 2, 3),  # 3 from social services: a gap of 2
        "alliance-trowbridge": ("weekly", 5, 4, 4, 4, 4, 4, 4),
        "housing-west-wilts": ("never", 0, None, None, None, None, None, None),
        "ucf-wiltshire": ("quarterly", 1, 3, 3, 3, 2, 2, 1),
        "gp-lovemead": ("daily", 5, 4, 4, 4, 4, 4, 3),
    },
    "alliance-trowbridge": {
        "ha-wiltshire": ("monthly", 2, 3, 3, 3, 4, 3, 4),
        "ssd-wiltshire": ("weekly", 4, 4, 4, 4, 4, 4, 3),
        "tpp-trowbridge": ("weekly", 5, 4, 4, 4, 4, 4, 4),
        "housing-west-wilts": ("quarterly", 2, 3, 3, 3, 2, 2, 2),
        "ucf-wiltshire": ("monthly", 3, 4, 4, 4, 3, 3, 2),
        "gp-lovemead": ("weekly", 2, 3, 3, 3, 3, 3, 2),  # 4 from Lovemead: a gap of 2
    },
    "gp-lovemead": {
        "ha-wiltshire": ("quarterly", 1, 2, 2, 2, 3, 2, 3),
        "ssd-wiltshire": ("weekly", 3, 3, 3, 3, 3, 3, 3),
        "tpp-trowbridge": ("daily", 5, 4, 4, 4, 4, 4, 4),
        "alliance-trowbridge": ("weekly", 4, 4, 4, 4, 4, 4, 3),
        "housing-west-wilts": ("never", 0, None, None, None, None, None, None),
        "ucf-wiltshire": ("yearly", 1, 3, 3, 3, 2, 2, 1),
    },
    # housing-west-wilts and ucf-wiltshire did not respond
}

SURVEY_COLUMNS = ["respondent", "alter", "frequency", "collaboration", "trust_reliability",
                  "trust_mission", "trust_openness", "value_power", "value_involvement",
                  "value_resources", "provenance", "provenance_note"]


def main() -> None:
    with (HERE / "roster.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "name", "type", "sector", "survey", "provenance",
                         "provenance_note"])
        for member, name, sector in ROSTER:
            writer.writerow([member, name, "organisation", sector,
                             "Trowbridge partnership survey (illustrative)",
                             "published", "Poxton 1999, the Trowbridge development site"])
    with (HERE / "survey.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SURVEY_COLUMNS)
        for respondent, rated in ANSWERS.items():
            for alter, answer in rated.items():
                writer.writerow([respondent, alter, *("" if v is None else v for v in answer),
                                 "illustrative", "written to show the survey section"])


if __name__ == "__main__":
    main()
