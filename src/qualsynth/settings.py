"""The configuration as typed settings: one dataclass per config section, built in one place.

Each key names the workflow rules that read it (``key("rule", …, default=…)``). From that one
declaration come the parameters each rule receives (:func:`params_for`: the keys it reads and no
others, so changing a key reruns only the rules that read it) and the settings its script builds
back (:func:`settings_for`), in which reading a key the rule was not given fails loudly rather than
falling back to a default. Keys read by no rule are read by the workflow's wiring (paths, switches);
``code_themes`` is given every key of the coders, as it records them in coding_run.json.

Defaults mirror ``workflow/schemas/config.schema.yaml``, which checks the config before anything runs
(a test keeps the two in step).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from qualsynth.errors import ConfigError, InputError

# Keys that moved into a section: the old top-level name → where it lives now.
MOVED_KEYS = {
    "waves": "inquiry.waves",
    "methods": "inquiry.methods",
    "roles": "inquiry.roles",
    "places": "ingest.places",
    "interviewer_labels": "ingest.interviewer_labels",
    "surveys": "ingest.surveys",
    "segment_max_words": "ingest.segment_max_words",
    "on_bad_document": "ingest.on_bad_document",
    "redact_terms": "ingest.redact_terms",
    "detect_third_party_names": "ingest.detect_third_party_names",
    "human_codes": "coding.human_codes",
    "coders": "coding.coders",
    "qdpx_import": "coding.qdpx_import",
    "qdpx_min_overlap": "coding.qdpx_min_overlap",
    "semantic": "coding.semantic",
    "estimation": "synthesis.estimation",
    "min_cell_size": "synthesis.min_cell_size",
}
MOVED_NESTED = {("coding", "semantic", "topics"): "topics.embeddings"}


def key(
    *rules: str, default: Any = dataclasses.MISSING, factory: Any = dataclasses.MISSING, section: type | None = None
) -> Any:
    """A config key: the rules that read it and its default (``section``: a nested section)."""
    metadata = {"rules": frozenset(rules), "section": section}
    if factory is not dataclasses.MISSING:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


class _NotGiven:
    """Stands for a key the rule was not given: reading it is a bug in the rule's declaration."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}: not given to this rule>"


class Section:
    """Base of the settings dataclasses: refuses to hand out a key its rule was not given."""

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if isinstance(value, _NotGiven):
            raise ConfigError(
                f"config key '{value.name}' is read here but the rule was not given it. Add the rule's name to "
                f"the key's declaration in qualsynth/settings.py. Please report this as a bug."
            )
        return value


@dataclass(frozen=True)
class Wave:
    """A data-collection wave: an inclusive date range."""

    id: str
    start: dt.date
    end: dt.date
    label: str = ""


def waves_from_config(items: Sequence[Mapping[str, Any] | Wave]) -> tuple[Wave, ...]:
    """Waves from config entries, refusing ranges that end before they start or overlap."""
    waves = tuple(
        item
        if isinstance(item, Wave)
        else Wave(
            id=str(item["id"]),
            start=dt.date.fromisoformat(str(item["start"])),
            end=dt.date.fromisoformat(str(item["end"])),
            label=str(item.get("label", item["id"])),
        )
        for item in items
    )
    ordered = sorted(waves, key=lambda w: w.start)
    for wave in ordered:
        if wave.end < wave.start:
            raise InputError(f"config inquiry.waves: wave {wave.id!r} ends before it starts; swap start and end.")
    for earlier, later in zip(ordered, ordered[1:]):
        if later.start <= earlier.end:
            raise InputError(
                f"config inquiry.waves: waves {earlier.id!r} and {later.id!r} overlap; "
                "make each wave end before the next one starts."
            )
    return waves


@dataclass(frozen=True)
class InquirySettings(Section):
    """``inquiry``: what the inquiry collected: its waves, methods and participants' roles."""

    waves: tuple[Wave, ...] = key("validate_inputs", "clean_shard", "synthesise", factory=tuple)
    methods: Sequence[str] = key("validate_inputs", default=())
    roles: Sequence[str] = key("scan_corpus", "clean_shard", "synthesise", "sweep_names", default=())
    labels: Mapping[str, str] = key("render_report", factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.__dict__["waves"], _NotGiven):
            object.__setattr__(self, "waves", waves_from_config(self.__dict__["waves"]))


@dataclass(frozen=True)
class IngestSettings(Section):
    """``ingest``: how sources are read, attributed, de-identified and split into passages."""

    interviewer_labels: Sequence[str] = key("scan_corpus", "clean_shard", "sweep_names", default=())
    not_speakers: Sequence[str] = key("scan_corpus", "clean_shard", default=())
    respondent_labels: Sequence[str] = key(
        "scan_corpus", "clean_shard", default=("Respondent", "Interviewee", "Participant", "R", "IE")
    )
    surveys: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = key(
        "scan_corpus", "clean_shard", "synthesise", default=None
    )
    places: Sequence[str] | None = key("scan_corpus", "clean_shard", "sweep_names", default=None)
    on_bad_document: str = key("scan_corpus", "clean_shard", default="fail")
    redact_terms: Sequence[str] = key("scan_corpus", "clean_shard", "sweep_names", default=())
    detect_third_party_names: bool = key("scan_corpus", "clean_shard", default=True)
    never_redact: Sequence[str] = key("scan_corpus", "clean_shard", "sweep_names", default=())
    always_redact: Sequence[str] = key("clean_shard", default=())
    segment_max_words: int = key("clean_shard", default=120)


@dataclass(frozen=True)
class CoderNames(Section):
    """``coding.coders``: who the reference and second human coders are in the human codes."""

    reference: str = key("training_set", "train_coder", "code_themes", "draw_sample", "import_qdpx", default="A")
    second: str = key("code_themes", default="B")


@dataclass(frozen=True)
class SemanticSettings(Section):
    """``coding.semantic``: the semantic coder (sentence embeddings; needs the semantic extra)."""

    enabled: bool = key("train_coder", "code_themes", default=False)
    in_final: bool = key("code_themes", default=False)
    threshold: float = key("train_coder", "code_themes", default=0.5)
    batch_size: int = key("embed_shard", "train_coder", "code_themes", default=64)


@dataclass(frozen=True)
class CodingSettings(Section):
    """``coding``: the human codes and how the machine coders run and combine."""

    human_codes: str | Sequence[str] | None = key(default=None)
    coders: CoderNames = key(factory=CoderNames, section=CoderNames)
    qdpx_import: str | None = key(default=None)
    qdpx_code_map: str = key(default="qdpx_code_map.csv")
    qdpx_min_overlap: float = key("import_qdpx", default=0.5)
    combine: str = key("code_themes", default="calibrated")
    classifiers: bool = key("train_coder", default=True)
    negation_window: int = key("train_coder", "code_shard", "code_themes", default=0)
    min_human_codes: int = key("train_coder", "code_themes", default=5)
    cv_folds: int = key("train_coder", "code_themes", default=5)
    bootstrap: int = key("code_themes", default=1000)
    seed: int = key("train_coder", "code_themes", default=0)
    threshold_beta: float = key("train_coder", "code_themes", default=1.0)
    semantic: SemanticSettings = key(factory=SemanticSettings, section=SemanticSettings)


@dataclass(frozen=True)
class SamplingSettings(Section):
    """``sampling``: the human-coding sample that `make sample` draws."""

    register: str = key(default="coding_sample.csv")
    strata: Sequence[str] = key("validate_inputs", "draw_sample", "synthesise", default=("place", "wave"))
    seed: int = key("draw_sample", default=0)
    size: int | str | None = key("draw_sample", default=None)
    where: str | None = key("draw_sample", default=None)
    drawn_on: str | None = key("draw_sample", default=None)
    by: str = key("draw_sample", default="strata")


@dataclass(frozen=True)
class TopicSettings(Section):
    """``topics``: inductive topics over participant passages."""

    k_min: int = key("discover_themes", default=15)
    k_max: int = key("discover_themes", default=40)
    top_terms: int = key("discover_themes", default=6)
    min_df: int = key("discover_themes", default=2)
    max_df: float = key("discover_themes", default=0.1)
    min_theme_share: float = key("discover_themes", default=0.3)
    seed: int = key("discover_themes", default=0)
    resamples: int = key("discover_themes", default=5)
    max_topic_share: float = key("discover_themes", default=0.25)
    quote_max_words: int = key("discover_themes", default=60)
    embeddings: bool = key(default=True)


@dataclass(frozen=True)
class EstimationSettings(Section):
    """``synthesis.estimation``: how shares are estimated from the machine's probabilities and the sample."""

    min_coded_units: int = key("synthesise", default=10)
    min_coded_positives: int = key("synthesise", default=10)
    min_coded_positives_adjusted: int = key("synthesise", default=5)
    target_half_width: float = key("synthesise", default=0.10)
    population: str = key("synthesise", default="finite")


@dataclass(frozen=True)
class SynthesisSettings(Section):
    """``synthesis``: estimates, comparisons, quotes and disclosure control."""

    bootstrap: int = key("synthesise", default=1000)
    seed: int = key("synthesise", default=0)
    salience: float = key("synthesise", default=0.5)
    stages: Mapping[str, Sequence[str]] = key("synthesise", factory=lambda: {"early": [], "later": []})
    stance: Sequence[Mapping[str, str]] = key("synthesise", default=())
    quotes_per_theme: int = key("synthesise", default=3)
    quote_max_words: int = key("synthesise", default=60)
    min_cell_size: int = key("synthesise", "discover_themes", default=5)
    estimation: EstimationSettings = key(factory=EstimationSettings, section=EstimationSettings)


@dataclass(frozen=True)
class ReportSettings(Section):
    """``report``: how the report is rendered and named."""

    engine: str = key("render_report", default="auto")
    title: str = key("export_qdpx", "draw_sample", "render_report", default="Learning synthesis")


@dataclass(frozen=True)
class Settings(Section):
    """Every section of the config."""

    inquiry: InquirySettings = key(factory=InquirySettings, section=InquirySettings)
    ingest: IngestSettings = key(factory=IngestSettings, section=IngestSettings)
    coding: CodingSettings = key(factory=CodingSettings, section=CodingSettings)
    sampling: SamplingSettings = key(factory=SamplingSettings, section=SamplingSettings)
    topics: TopicSettings = key(factory=TopicSettings, section=TopicSettings)
    synthesis: SynthesisSettings = key(factory=SynthesisSettings, section=SynthesisSettings)
    report: ReportSettings = key(factory=ReportSettings, section=ReportSettings)


def _build(cls: type, values: Mapping[str, Any], given_only: bool, path: str) -> Any:
    """``cls`` from a config mapping: nested sections recursively; with ``given_only``, a key absent from
    ``values`` is marked not given instead of taking its default."""
    kwargs: dict[str, Any] = {}
    for spec in dataclasses.fields(cls):
        name = f"{path}.{spec.name}" if path else spec.name
        section = spec.metadata.get("section")
        if section is not None:
            kwargs[spec.name] = _build(section, values.get(spec.name) or {}, given_only, name)
        elif spec.name in values:
            kwargs[spec.name] = values[spec.name]
        elif given_only:
            kwargs[spec.name] = _NotGiven(name)
    return cls(**kwargs)


def load_settings(config: Mapping[str, Any]) -> Settings:
    """Every section's settings from the workflow's config (already checked against the schema)."""
    return _build(Settings, config, given_only=False, path="")


def readers(cls: type = Settings, path: str = "") -> dict[str, frozenset[str]]:
    """Each config key (dotted) → the rules that read it."""
    found: dict[str, frozenset[str]] = {}
    for spec in dataclasses.fields(cls):
        name = f"{path}.{spec.name}" if path else spec.name
        if spec.metadata.get("section") is not None:
            found.update(readers(spec.metadata["section"], name))
        else:
            found[name] = spec.metadata.get("rules", frozenset())
    return found


def params_for(config: Mapping[str, Any], rule: str, cls: type = Settings) -> dict[str, Any]:
    """The part of ``config`` that ``rule`` reads, nested as in the config: what the rule is given."""
    given: dict[str, Any] = {}
    for spec in dataclasses.fields(cls):
        section = spec.metadata.get("section")
        if section is not None:
            inner = params_for(config.get(spec.name) or {}, rule, section)
            if inner:
                given[spec.name] = inner
        elif rule in spec.metadata.get("rules", ()):
            given[spec.name] = config[spec.name] if spec.name in config else _default(spec)
    return given


def _default(spec: dataclasses.Field) -> Any:
    if spec.default_factory is not dataclasses.MISSING:
        return spec.default_factory()
    return spec.default


def settings_for(rule: str, params: Mapping[str, Any]) -> Settings:
    """The settings a rule's script works with, from what :func:`params_for` gave it; a key it was not
    given cannot be read."""
    del rule  # named at the call for the reader; what was given is what counts
    return _build(Settings, params, given_only=True, path="")


def check_moved_keys(config: Mapping[str, Any], source: str) -> None:
    """Refuse keys that moved into a section, naming where each now lives."""
    for old, new in MOVED_KEYS.items():
        if old in config:
            section, name = new.split(".", 1)
            raise ConfigError(
                f"{source}: config key '{old}' has moved to '{new}'. Write it under the '{section}:' section as "
                f"'{name}:' (see config/config.yaml for the layout)."
            )
    for (*parents, old), new in MOVED_NESTED.items():
        inner: Any = config
        for part in parents:
            inner = inner.get(part) if isinstance(inner, Mapping) else None
        if isinstance(inner, Mapping) and old in inner:
            raise ConfigError(
                f"{source}: config key '{'.'.join([*parents, old])}' has moved to '{new}'. "
                "Write it there (see config/config.yaml for the layout)."
            )
