"""Writing Label Studio tasks that a real Label Studio imports, with its labeling config.

Each article is one task: `data` (text and metadata), one annotation per analyst who coded
it (coders.py), and `predictions` for what a model proposed rather than an analyst decided
(entity mentions a model found and nobody confirmed; suggested attributions when the export
includes suggestions), one prediction per model (`model_version` is the origin).

In an annotation's `result`: entity mentions, frame cues (`FRAME_<code>`) and attribution
parts (SOURCE/CUE/CONTENT, linked by ATTR_* relations) are `labels` regions of the control
"label"; the primary frame, the secondary frames and the tone are document `choices`
("primary_frame", "frames", "tone"); the memo is a document `textarea` ("memo"); a cue note
and attribution attributes (quote_type, ...) are per-region textareas of those names; the
analyst's name is the document textarea "framedesk_analyst".

Label Studio resolves `completed_by` against its own members: an e-mail or an id that is not
a member of the project refuses the whole import ("Unknown annotator's email"). So
`completed_by` is written only for analysts the export options map to a Label Studio user id
(`extra["labelstudio_users"] = {"Ana": 1}`); the others are imported as the importing user,
and their name travels in "framedesk_analyst", which Label Studio keeps and exports.

The labeling config (`<name>.labeling-config.xml` beside the tasks) declares every control
the tasks use, with every label, relation and choice value, so the tasks validate against it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

from framedesk.core.exchange.coders import coder_views
from framedesk.core.exchange.gather import ExportRecord, iter_records, select_ids
from framedesk.core.exchange.interop import FRAME_PREFIX, export_spans
from framedesk.core.exchange.registry import ExportFormat, ExportOptions, register_exporter
from framedesk.core.exchange.writing import atomic_file, check_target
from framedesk.core.model import Article
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

META_KEYS = ("title", "outlet", "url", "author", "published", "language")
LABEL_CONTROL = "label"
TEXT_OBJECT = "text"
PRIMARY_FRAME, FRAMES, TONE, MEMO, CATEGORY = "primary_frame", "frames", "tone", "memo", \
    "category"
ANALYST = "framedesk_analyst"
NOTE = "note"
PREDICTION_PREFIX = "labelstudio:"      # origin of a prediction imported from Label Studio
USERS_OPTION = "labelstudio_users"      # ExportOptions.extra: analyst -> Label Studio user id
CONFIG_SUFFIX = ".labeling-config.xml"


def config_path(out: Path) -> Path:
    return out.with_name(out.stem + CONFIG_SUFFIX)


class Vocabulary:
    """Every label, relation, choice and per-region textarea the written tasks use."""

    def __init__(self) -> None:
        self.labels: dict[str, None] = dict.fromkeys(("SOURCE", "CUE", "CONTENT"))
        self.relations: dict[str, None] = {}
        self.choices: dict[str, dict[str, None]] = {PRIMARY_FRAME: {}, FRAMES: {}, TONE: {},
                                                    CATEGORY: {}}
        self.region_texts: dict[str, None] = {NOTE: None}

    def xml(self) -> str:
        lines = ["<View>", f'  <Labels name="{LABEL_CONTROL}" toName="{TEXT_OBJECT}">']
        lines += [f"    <Label value={quoteattr(v)}/>" for v in self.labels]
        lines += ["  </Labels>", f'  <Text name="{TEXT_OBJECT}" value="$text"/>']
        if self.relations:
            lines += ["  <Relations>"] + [f"    <Relation value={quoteattr(v)}/>"
                                          for v in self.relations] + ["  </Relations>"]
        for name, values in self.choices.items():
            if not values:
                continue
            choice = "single" if name in (PRIMARY_FRAME, TONE) else "multiple"
            lines.append(f'  <Choices name="{name}" toName="{TEXT_OBJECT}" choice="{choice}">')
            lines += [f"    <Choice value={quoteattr(v)}/>" for v in values]
            lines.append("  </Choices>")
        for name in self.region_texts:
            lines.append(f"  <TextArea name={quoteattr(name)} toName=\"{TEXT_OBJECT}\""
                         ' perRegion="true" editable="true"/>')
        lines.append(f'  <TextArea name="{MEMO}" toName="{TEXT_OBJECT}" editable="true"/>')
        lines.append(f'  <TextArea name="{ANALYST}" toName="{TEXT_OBJECT}" maxSubmissions="1"'
                     ' editable="true"/>')
        lines.append("</View>")
        return "\n".join(lines) + "\n"


def _codes(project: Project, kind: str) -> list[str]:
    return [r[0] for r in project.db.execute(
        "SELECT c.code FROM codes c JOIN codebooks b ON b.id = c.codebook_id WHERE b.kind = ?"
        " ORDER BY b.id, c.position, c.id", [kind])]


def _is_prediction(origin: str, status: str) -> bool:
    return status == "auto" and origin != "manual" and not origin.startswith("import:")


def _model_version(origin: str) -> str:
    return origin.removeprefix(PREDICTION_PREFIX) or "unknown model"


def _result(rec: ExportRecord, vocab: Vocabulary, *, who: str | None = None,
            categories: bool = True) -> list[dict[str, Any]]:
    """The `result` list of one annotation (or prediction) for the record's contents."""
    doc = export_spans(rec)
    result: list[dict[str, Any]] = []
    for s in doc.spans:
        vocab.labels.setdefault(s.label)
        value = {"start": s.start, "end": s.end, "text": s.text}
        result.append({"id": s.key, "from_name": LABEL_CONTROL, "to_name": TEXT_OBJECT,
                       "type": "labels", "value": {**value, "labels": [s.label]}})
        for name, v in s.attributes.items():
            if v in (None, ""):
                continue
            vocab.region_texts.setdefault(name)
            result.append({"id": s.key, "from_name": name, "to_name": TEXT_OBJECT,
                           "type": "textarea", "value": {**value, "text": [str(v)]}})
    for key, note in doc.notes:
        span = next((s for s in doc.spans if s.key == key), None)
        if span is not None:
            result.append({"id": key, "from_name": NOTE, "to_name": TEXT_OBJECT,
                           "type": "textarea", "value": {"start": span.start, "end": span.end,
                                                         "text": [note]}})
    keys = {s.key for s in doc.spans}
    for r in doc.relations:
        pairs: list[tuple[str, str, str]]
        if r.trigger is not None:   # events: one relation from the trigger to each argument
            pairs = [(r.trigger, k, f"{r.type}:{role}") for role, k in r.args]
        else:
            ends = [k for _, k in r.args]
            pairs = [(ends[0], ends[1], r.type)] if len(ends) == 2 else []
        for x, y, label in pairs:
            if x in keys and y in keys:
                vocab.relations.setdefault(label)
                result.append({"from_id": x, "to_id": y, "type": "relation",
                               "direction": "right", "labels": [label]})

    def choices(name: str, values: list[str]) -> None:
        if values:
            vocab.choices[name].update(dict.fromkeys(values))
            result.append({"id": name, "from_name": name, "to_name": TEXT_OBJECT,
                           "type": "choices", "value": {"choices": values}})

    def textarea(name: str, text: str | None) -> None:
        if text:
            result.append({"id": name, "from_name": name, "to_name": TEXT_OBJECT,
                           "type": "textarea", "value": {"text": [text]}})

    choices(PRIMARY_FRAME, rec.primary_frames[:1])
    choices(FRAMES, rec.secondary_frames)
    choices(TONE, [code for code, _ in rec.tones][:1])
    if categories:
        choices(CATEGORY, doc.categories)
    textarea(MEMO, rec.memos[0][1] if rec.memos else None)
    textarea(ANALYST, who)
    return result


def labelstudio_task(rec: ExportRecord, vocab: Vocabulary | None = None,
                     users: dict[str, int] | None = None) -> dict[str, Any]:
    vocab = vocab or Vocabulary()
    a = rec.article
    data: dict[str, Any] = {"text": a.text}
    data.update({k: getattr(a, k) for k in META_KEYS if getattr(a, k)})
    data["uid"] = a.uid
    decided = [m for m in rec.mentions if not _is_prediction(m.origin, m.status)]
    proposed = [m for m in rec.mentions if _is_prediction(m.origin, m.status)]
    suggested = [t for t in rec.attributions if t.status == "suggested"]
    confirmed = [t for t in rec.attributions if t.status != "suggested"]
    base = ExportRecord(rec.article, decided, rec.frames, rec.tones, rec.cues, confirmed,
                        rec.memos)
    annotations = []
    for i, (who, view) in enumerate(coder_views(base)):
        if who is None and not (view.mentions or view.attributions or view.interop):
            continue   # nothing anybody decided: Label Studio shows the predictions
        annotation: dict[str, Any] = {
            "result": _result(view, vocab, who=who, categories=i == 0),
            "was_cancelled": False, "ground_truth": False}
        if who is not None and isinstance((users or {}).get(who), int):
            annotation["completed_by"] = users[who]
        annotations.append(annotation)
    predictions = []
    for origin in dict.fromkeys([m.origin for m in proposed] + [t.origin for t in suggested]):
        part = ExportRecord(_without_interop(rec.article),
                            [m for m in proposed if m.origin == origin],
                            attributions=[t for t in suggested if t.origin == origin])
        predictions.append({"model_version": _model_version(origin),
                            "result": _result(part, vocab, categories=False)})
    task: dict[str, Any] = {"id": a.id, "data": data, "annotations": annotations}
    if predictions:
        task["predictions"] = predictions
    return task


def _without_interop(article: Article) -> Article:
    """The article without what other tools' files brought (relations, notes, document
    labels): those belong to the analysts' annotation, not to a model's prediction."""
    return replace(article, extra={k: v for k, v in article.extra.items() if k != "interop"})


def write_labelstudio(project: Project, ids: Sequence[int] | None, out: Path,
                      options: ExportOptions = ExportOptions(),
                      progress: Progress | None = None, *, force: bool = False) -> int:
    """A JSON list of tasks, written one task at a time (memory stays flat), and the
    labeling config beside it."""
    out = Path(out)
    force = force or options.force
    check_target(config_path(out), force)
    ids = select_ids(project, ids, options)
    progress = progress or Progress()
    progress.start(len(ids), "Exporting Label Studio")
    vocab = Vocabulary()
    vocab.choices[PRIMARY_FRAME].update(dict.fromkeys(_codes(project, "frames")))
    vocab.choices[FRAMES].update(vocab.choices[PRIMARY_FRAME])
    vocab.choices[TONE].update(dict.fromkeys(_codes(project, "tone")))
    vocab.labels.update(dict.fromkeys(FRAME_PREFIX + c for c in vocab.choices[FRAMES]))
    users = options.extra.get(USERS_OPTION) or {}
    n = 0
    with atomic_file(out, force=force) as tmp, \
            atomic_file(config_path(out), force=force) as tmp_config:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write("[")
            for rec in iter_records(project, ids, options, progress):
                fh.write(",\n" if n else "\n")
                fh.write(json.dumps(labelstudio_task(rec, vocab, users), ensure_ascii=False))
                n += 1
            fh.write("\n]\n")
        Path(tmp_config).write_text(vocab.xml(), encoding="utf-8", newline="\n")
    return n


register_exporter(ExportFormat(
    name="labelstudio", suffix=".json", write=write_labelstudio,
    description="Label Studio tasks: one annotation per analyst, model output as predictions,"
                " and the labeling config (.labeling-config.xml) beside them"))
