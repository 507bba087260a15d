"""Load and check the codebook: areas (parent codes) and the themes under them."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from qualsynth.config import did_you_mean
from qualsynth.errors import InputError, Problems


@dataclass(frozen=True)
class Theme:
    """A codable theme and the area it belongs to."""

    id: str
    label: str
    area_id: str
    area_label: str
    definition: str
    keywords: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    inclusion: str = ""
    exclusion: str = ""
    examples: tuple[str, ...] = ()
    # Survey rating items (question text or item id) that speak to the theme: they say whether it is raised
    # as a strength or a need.
    survey_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    """The themes in codebook order, with the version and hash of the file they came from."""

    version: str
    sha256: str
    themes: tuple[Theme, ...]

    def require_themes(self, ids: list[str], where: str) -> None:
        """Fail, naming the config key ``where``, when one of ``ids`` is not a theme of the codebook."""
        known = {t.id for t in self.themes}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise InputError(
                f"config key {where!r}: {', '.join(map(repr, unknown))} "
                f"{'is not a theme' if len(unknown) == 1 else 'are not themes'} of the codebook (version "
                f"{self.version}). Use theme ids from the codebook, e.g. {', '.join(sorted(known)[:3])}."
            )

    def areas(self) -> list[tuple[str, str]]:
        """(area id, area label) in codebook order."""
        return list(dict.fromkeys((t.area_id, t.area_label) for t in self.themes))


def load_codebook(path: Path, schema: dict[str, Any]) -> Codebook:
    """Read ``path``, check it against ``schema`` and return its themes."""
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc}). Fix the indentation or quoting there.") from exc
    problems = Problems()
    for error in sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]
    ):
        where = _describe(data, list(error.absolute_path))
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            for name in sorted(set(error.instance) - set(allowed)):
                problems.add(
                    f"{path}: {where}: unknown field {name!r}{did_you_mean(name, allowed)}; the fields are "
                    f"{', '.join(allowed)}. Rename or remove it in the codebook."
                )
        elif error.validator in ("anyOf", "oneOf") and all("required" in option for option in error.validator_value):
            fields = " or ".join(repr(f) for option in error.validator_value for f in option["required"])
            problems.add(f"{path}: {where}: needs {fields}. Add one to the theme in the codebook.")
        elif error.validator == "type" and "description" in error.schema:
            problems.add(
                f"{path}: {where}: {error.instance!r} is not {error.schema['description']}. Fix that field in the codebook."
            )
        else:
            problems.add(f"{path}: {where}: {error.message}. Fix that field in the codebook.")
    problems.raise_if_any()
    themes: list[Theme] = []
    seen: set[str] = set()
    for area in data["areas"]:
        for item in area["themes"]:
            if item["id"] in seen or item["id"] in {a["id"] for a in data["areas"]}:
                problems.add(
                    f"{path}: theme {item['id']!r}, field 'id': the id is used twice. "
                    "Give every area and theme its own id."
                )
            seen.add(item["id"])
            for pattern in _listed(item.get("patterns")):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    problems.add(
                        f"{path}: theme {item['id']!r}, field 'patterns': {pattern!r} is not a valid "
                        f"regular expression ({exc}). Fix or remove it."
                    )
            themes.append(
                Theme(
                    item["id"],
                    item["label"],
                    area["id"],
                    area["label"],
                    item["definition"].strip(),
                    _listed(item.get("keywords")),
                    _listed(item.get("patterns")),
                    _noted(item.get("inclusion")),
                    _noted(item.get("exclusion")),
                    _listed(item.get("examples")),
                    _listed(item.get("survey_items")),
                )
            )
    problems.raise_if_any()
    return Codebook(str(data["version"]), hashlib.sha256(raw).hexdigest(), tuple(themes))


def _listed(value: str | list[str] | None) -> tuple[str, ...]:
    """A field that holds one text or a list of them, as a tuple."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _noted(value: str | list[str] | None) -> str:
    """A note that may be written as a list of notes, as one text."""
    return " ".join(v.strip() for v in _listed(value) if v.strip())


def _describe(data: Any, path: list[Any]) -> str:
    """Name the area or theme an error sits in, e.g. "theme 'goal_clarity', field 'keywords'"."""
    names: list[str] = []
    node = data
    for step in path:
        node = node[step]
        if isinstance(step, int) and isinstance(node, dict) and "themes" in node:
            names.append(f"area {node.get('id', '?')!r}")
        elif isinstance(step, int) and isinstance(node, dict):
            names.append(f"theme {node.get('id', '(no id)')!r}")
        elif isinstance(step, str) and step not in ("areas", "themes"):
            names.append(f"field {step!r}")
    return ", ".join(names) or "top level"
