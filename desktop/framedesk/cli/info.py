"""`framedesk info PROJECT`: what a project file holds."""

from __future__ import annotations

import argparse
import json

from framedesk.core.report_info import project_info
from framedesk.core.store import Project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="schema version, model, languages and counts of a project")
    p.add_argument("project", help="a .framedesk file")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        info = project_info(project)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"Project        {args.project}")
    print(f"Schema         {info['schema_version']}")
    print(f"Model          {info['model'] or '(none yet)'}")
    print(f"Languages      {', '.join(info['languages']) or '(none)'}")
    print(f"Articles       {info['articles']}  "
          + "  ".join(f"{k.replace('_', ' ')} {v}" for k, v in info['status'].items()))
    if info["search_index_pending"]:
        print(f"Search index   {info['search_index_pending']} articles pending"
              " (search finds them; framedesk index builds the index now)")
    print(f"Entities       {info['entity_mentions']} mentions of {info['canonical_entities']}"
          " canonical entities")
    if info["annotations"]:
        print("Annotations by kind and annotator:")
        for row in info["annotations"]:
            print(f"  {row['kind']:<22} {row['annotator']:<20} {row['count']}")
    else:
        print("Annotations    none yet")
    return 0
