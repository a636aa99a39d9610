"""The content model: localized text, versioning, and the exported JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import ValidationError

from clientcraft.core.schema import SCHEMA_VERSION, ContentFile, Misconception, json_schema, text

REPO = Path(__file__).resolve().parents[2]


def test_plain_string_is_english_and_translations_are_kept():
    m = Misconception(id="getting-defensive", label="Getting defensive", description={"en": "x", "de": "y"})
    assert m.label == {"en": "Getting defensive"}
    assert text(m.description, "de") == "y"
    assert text(m.description, "tl") == "x"  # falls back to English


@pytest.mark.parametrize("bad", [{"de": "nur Deutsch"}, {"en": ""}, {"en": "ok", "fr": "non"}])
def test_english_is_required_and_languages_are_limited(bad):
    with pytest.raises(ValidationError):
        Misconception(id="abc", label=bad, description="d")


def test_ids_are_slugs():
    with pytest.raises(ValidationError, match="pattern"):
        Misconception(id="Has Spaces", label="l", description="d")


def test_exported_schema_validates_every_shipped_content_file():
    schema = json_schema()
    assert f"schema version {SCHEMA_VERSION}" in schema["title"]
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((REPO / "data" / "curriculum").rglob("*.yaml"))
    assert len(files) >= 6
    for f in files:
        errors = list(validator.iter_errors(yaml.safe_load(f.read_text(encoding="utf-8"))))
        assert not errors, f"{f}: {errors[0].message}"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"schema_version": 1, "lessons": [{"id": "x"}]})


def test_committed_schema_file_is_current():
    committed = json.loads((REPO / "data" / "schema" / "content.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(json_schema()))


def test_content_file_round_trips():
    data = {"schema_version": 1, "misconceptions": [{"id": "aa", "label": "L", "description": "D"}]}
    assert ContentFile.model_validate(data).misconceptions[0].id == "aa"
