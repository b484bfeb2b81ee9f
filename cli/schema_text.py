"""``netan schema`` as readable text: the model from :func:`netan.graphdb.schema.describe`."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from netan.cli.output import console


def _property_text(prop: dict[str, Any]) -> str:
    kind = prop.get("vocabulary") or prop["type"]
    return f"{prop['name']} ({kind})"


def print_schema(model: dict[str, Any]) -> None:
    labels = Table(title="Node labels (key: id)")
    labels.add_column("label")
    labels.add_column("properties")
    labels.add_column("what it is")
    for name, label in model["labels"].items():
        props = ", ".join(_property_text(p) for p in label["properties"])
        labels.add_row(name, props, label["description"])
    console.print(labels)

    rels = Table(title="Relationship types")
    rels.add_column("type")
    rels.add_column("from -> to")
    rels.add_column("properties")
    rels.add_column("layer")
    for name, rel in model["relationship_types"].items():
        ends = ", ".join(f"{a}->{b}" for a, b in rel["endpoints"])
        props = ", ".join(_property_text(p) for p in rel["properties"])
        rels.add_row(name, ends, props, rel["layer"])
    console.print(rels)

    vocab = Table(title="Vocabularies")
    vocab.add_column("vocabulary")
    vocab.add_column("values")
    for name, v in model["vocabularies"].items():
        order = " < " if v["ordered"] else ", "
        vocab.add_row(name, order.join(v["values"]))
    console.print(vocab)

    tables = Table(title=f"Input tables (one of {', '.join(model['required_one_of'])} required)")
    tables.add_column("file")
    tables.add_column("columns (* required)")
    for name, table in model["input_tables"].items():
        cols = ", ".join(c["name"] + ("*" if c.get("required") else "") for c in table["columns"])
        tables.add_row(f"{name}.csv", cols)
    console.print(tables)
