"""The schema module: vocabularies, labels, relationship types and input tables agree."""

from __future__ import annotations

import json

import pytest

from netan.graphdb import schema


@pytest.mark.parametrize(
    ("vocabulary", "raw", "canonical"),
    [
        (schema.SECTOR, "Social Services", "social_care"),
        (schema.SECTOR, "SSD", "social_care"),
        (schema.SECTOR, "  social-care ", "social_care"),
        (schema.PERSON_ROLE, "General Practitioner", "gp"),
        (schema.LEVEL, "Practice", "practice"),
    ],
)
def test_aliases_reach_canonical_values(vocabulary: schema.Vocabulary, raw: str,
                                        canonical: str) -> None:
    assert vocabulary.canonical(raw) == canonical


def test_unknown_value_gets_a_suggestion() -> None:
    assert schema.SECTOR.canonical("socail care") is None
    assert schema.SECTOR.suggest("socail care") == "social_care"


def test_ordered_vocabularies_rank() -> None:
    assert schema.LEVEL.rank("practice") < schema.LEVEL.rank("locality") < schema.LEVEL.rank("area")
    with pytest.raises(TypeError):
        schema.SECTOR.rank("social_care")


def test_every_relationship_connects_known_labels() -> None:
    for rel in schema.REL_TYPES.values():
        assert rel.endpoints, rel.name
        for source, target in rel.endpoints:
            assert source in schema.NODE_LABELS and target in schema.NODE_LABELS, rel.name
        for key in rel.identity:
            assert key in rel.property_names, (rel.name, key)
        assert rel.name in schema.LAYERS[rel.layer]


def test_properties_name_real_vocabularies_and_core_sectors_exist() -> None:
    props = [p for n in schema.NODE_LABELS.values() for p in n.properties]
    props += [p for r in schema.REL_TYPES.values() for p in r.properties]
    for prop in props:
        if prop.vocabulary:
            assert prop.vocabulary in schema.VOCABULARIES, prop.name
    for sector in schema.CORE_SECTORS:
        assert sector in schema.SECTOR.values


def test_input_columns_refer_to_labels_and_vocabularies() -> None:
    for table in (*schema.INPUT_TABLES.values(), *schema.GENERIC_TABLES.values()):
        for column in table.columns:
            assert set(column.refers_to) <= set(schema.NODE_LABELS), (table.name, column.name)
            if column.vocabulary:
                assert column.vocabulary in schema.VOCABULARIES, (table.name, column.name)
    assert set(schema.REQUIRED_ONE_OF) <= set(schema.INPUT_TABLES)


def test_generic_spellings_map_to_schema_names() -> None:
    assert schema.canonical_label("organisation") == schema.AGENCY
    assert schema.canonical_label("PERSON") == schema.PERSON
    assert schema.canonical_label("spaceship") is None
    assert schema.canonical_rel_type("member of") == schema.MEMBER_OF
    assert schema.canonical_rel_type("knows") is None


def test_describe_is_json_and_complete() -> None:
    model = json.loads(json.dumps(schema.describe()))
    assert set(model["labels"]) == set(schema.NODE_LABELS)
    assert set(model["relationship_types"]) == set(schema.REL_TYPES)
    assert "social_care" in model["vocabularies"]["sector"]["values"]
