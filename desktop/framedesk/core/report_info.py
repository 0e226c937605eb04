"""The facts `framedesk info` prints, gathered in one read-only pass."""

from __future__ import annotations

from typing import Any

from framedesk.core.store import Project


def project_info(project: Project) -> dict[str, Any]:
    db = project.db
    languages = [r[0] for r in db.execute(
        "SELECT DISTINCT coalesce(language, ?) FROM articles ORDER BY 1", [project.language])]
    annotations = []
    queries = {
        "primary frames": "SELECT annotator_id, count(*) FROM doc_codes WHERE role = 'primary' GROUP BY 1",
        "secondary frames": "SELECT annotator_id, count(*) FROM doc_codes WHERE role = 'secondary' GROUP BY 1",
        "tone": "SELECT annotator_id, count(*) FROM doc_codes WHERE role = 'tone' GROUP BY 1",
        "frame cues": "SELECT annotator_id, count(*) FROM span_codes GROUP BY 1",
        "attributions": "SELECT annotator_id, count(*) FROM attributions WHERE status IN ('accepted', 'manual') GROUP BY 1",
        "attribution suggestions": "SELECT annotator_id, count(*) FROM attributions WHERE status = 'suggested' GROUP BY 1",
        "entity corrections": "SELECT annotator_id, count(*) FROM mentions WHERE status != 'auto' GROUP BY 1",
        "memos": "SELECT annotator_id, count(*) FROM memos GROUP BY 1",
    }
    names = dict(db.execute("SELECT id, name FROM annotators").fetchall())
    for kind, sql in queries.items():
        for annotator_id, n in db.execute(sql):
            annotations.append({"kind": kind, "annotator": names.get(annotator_id, "(model)"),
                                "count": n})
    return {
        "schema_version": project.schema_version,
        "model": project.meta("model"),
        "languages": languages if languages != [None] else [],
        "articles": project.articles.count(),
        "search_index_pending": project.articles.pending_count(),
        "status": project.articles.status_counts(),
        "entity_mentions": project.entities.count(),
        "canonical_entities": db.execute(
            "SELECT count(DISTINCT entity_id) FROM mentions WHERE status != 'deleted'").fetchone()[0],
        "annotators": project.annotators(),
        "annotations": annotations,
    }
