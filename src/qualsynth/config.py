"""Configuration checks with messages a researcher can act on."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from qualsynth.errors import ConfigError, Problems


def load_schema(path: Path) -> dict[str, Any]:
    """Read a JSON Schema written as YAML."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _key_path(error: jsonschema.ValidationError) -> str:
    parts = [str(p) for p in error.absolute_path]
    return ".".join(parts) if parts else "(top level)"


def _expected(error: jsonschema.ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        return "one of the known keys: " + ", ".join(allowed)
    if error.validator == "enum":
        return "one of " + ", ".join(repr(v) for v in error.validator_value)
    if error.validator == "type":
        expected = f"a value of type {error.validator_value}"
        if "minimum" in schema:
            expected += f" ≥ {schema['minimum']}"
        return expected
    if error.validator in {"minimum", "maximum", "minItems", "minLength", "pattern", "format"}:
        return f"{error.validator} {error.validator_value!r}"
    if error.validator == "required":
        return "the missing key to be added"
    return str(schema.get("description", error.validator))


def check_config(config: dict[str, Any], schema: dict[str, Any], source: str) -> None:
    """Raise ConfigError listing every offending key, what was expected and the fix.

    Dates written without quotes in YAML arrive as ``datetime.date``; they are
    accepted wherever the schema asks for a date string.
    """
    problems = Problems()
    problems.extend(config_problems(config, schema, source))
    problems.raise_if_any(ConfigError)


def config_problems(config: dict[str, Any], schema: dict[str, Any], source: str) -> list[str]:
    """Every key of ``config`` that the schema refuses: the key, the problem, what was expected, the fix."""
    validator_cls = jsonschema.validators.validator_for(schema)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    errors = sorted(
        validator.iter_errors(_dates_as_text(config)),
        key=lambda e: (list(map(str, e.absolute_path)), e.validator),
    )
    problems = []
    for error in [leaf for e in errors for leaf in _leaves(e)]:
        key = _key_path(error)
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            for unknown in sorted(set(error.instance) - set(allowed)):
                where = ".".join(filter(None, [key if key != "(top level)" else "", unknown]))
                problems.append(
                    f"{source}: config key '{where}': unknown key {unknown!r}{did_you_mean(unknown, allowed)}; "
                    f"expected {_expected(error)}. Fix the key in {source}."
                )
            continue
        problem = error.message if error.validator == "required" else f"{error.instance!r} is not valid"
        problems.append(
            f"{source}: config key '{key}': {problem}; expected {_expected(error)}. "
            f"Fix the value in {source} (allowed keys and values are in the schema)."
        )
    return problems


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The errors to report for ``error``: for a value that may take one of several forms (a mapping or a
    list of mappings, say), the errors within the form it was written in, not "is not valid under any"."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    options: dict[int, list[jsonschema.ValidationError]] = {}
    for sub in error.context:
        options.setdefault(sub.relative_schema_path[0], []).append(sub)
    # The form the value was written in: the option whose errors do not start with the value's type.
    fitting = [
        subs for subs in options.values() if not any(s.validator == "type" and not s.relative_path for s in subs)
    ]
    if len(fitting) != 1:
        return [error]
    return [leaf for sub in fitting[0] for leaf in _leaves(sub)]


# Names people reach for that the schemas call something else.
SYNONYMS = {
    "include": "inclusion",
    "includes": "inclusion",
    "exclude": "exclusion",
    "excludes": "exclusion",
    "keyword": "keywords",
    "regex": "patterns",
    "description": "definition",
    "name": "label",
    "title": "label",
    "min_cell": "min_cell_size",
}


def did_you_mean(word: str, allowed: list[str]) -> str:
    """' (did you mean 'x'?)' for a misspelt or wrongly named key, or nothing when no key is near."""
    import difflib

    if SYNONYMS.get(word.casefold()) in allowed:
        return f" (did you mean {SYNONYMS[word.casefold()]!r}?)"
    close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _dates_as_text(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def project_folder(config_file: Path) -> Path:
    """The project folder a config's relative paths start from: the folder the config is in, or the one
    above when that is a ``config/`` folder (Snakemake's usual layout, and the demo's ``config/config.yaml``).
    ``make`` works it out the same way (PROJECT in the Makefile)."""
    folder = Path(config_file).resolve().parent
    return folder.parent if folder.name == "config" else folder


def merge_config(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` merged into ``base`` section by section, as Snakemake merges a --configfile over the config."""
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            merge_config(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def normalise_dates(config: dict[str, Any]) -> None:
    """Turn YAML dates in ``config`` into ISO strings in place, as the schema expects."""
    for key, value in list(config.items()):
        config[key] = _dates_as_text(value)


def coerce_scalars(config: Any, schema: dict[str, Any]) -> Any:
    """``config`` with text the schema wants as a number, a flag or nothing turned into one.

    Snakemake reads a nested ``--config`` value (``ingest={segment_max_words: 80}``) as text throughout;
    where the schema asks for an integer, a number, a boolean or nothing and the text is one, it becomes one,
    so a section's key can be set from the command line as it is in the file. Anything else is left
    for :func:`check_config` to judge."""
    kinds = schema.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if isinstance(config, dict):
        properties = schema.get("properties", {})
        return {k: coerce_scalars(v, properties.get(k, {})) for k, v in config.items()}
    if isinstance(config, list):
        return [coerce_scalars(v, schema.get("items", {})) for v in config]
    if not isinstance(config, str):
        return config
    text = config.strip()
    if "null" in kinds and text.lower() in ("null", "~"):
        return None
    if "string" in kinds:
        return config
    if "boolean" in kinds and text.lower() in ("true", "false"):
        return text.lower() == "true"
    for kind, parse in (("integer", int), ("number", float)):
        if kind in kinds:
            try:
                return parse(text)
            except ValueError:
                pass
    return config
