"""`framedesk agree FILE FILE... [--json]`: how well coders agree, variable by variable."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from framedesk.core.exchange.writing import check_target, protect_inputs
from framedesk.core.review.analysts import refuse_unchosen, split_analyst
from framedesk.core.review.agreement import FEW_UNITS, AgreementReport, session_report
from framedesk.core.review.report import fmt, report_dict, write_csv, write_html
from framedesk.core.review.span_figures import WORST_SHOWN
from framedesk.core.review.session import ReviewSession
from framedesk.messages import describe_notice


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agree", help="agreement between coders' project files (kappa, alpha, span F1, "
                      "u-alpha)",
        description="Compare two or more coders' .framedesk files article by article (matched "
                    "by their stable id) and report percent agreement, Cohen's kappa (two "
                    "coders), Krippendorff's alpha, span precision/recall/F1, "
                    "Krippendorff's unitizing alpha for spans (per span type and label) and "
                    "the articles with the most disagreement. Coders' files of one package "
                    "(framedesk distribute) are compared on their overlap. The files "
                    "are read from private copies and never changed.")
    p.add_argument("files", nargs="+", metavar="FILE[:ANALYST]",
                   help="two or more .framedesk files; FILE:ANALYST compares that analyst of"
                        " the file (a file may be given once per analyst); a file holding"
                        " several analysts' work must name one")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--csv", type=Path, metavar="PATH", help="also write the report as CSV")
    p.add_argument("--html", type=Path, metavar="PATH", help="also write the report as HTML")
    p.add_argument("--force", action="store_true",
                   help="replace --csv/--html if they exist (never one of the FILEs)")
    p.add_argument("--spreadsheet-safe", action=argparse.BooleanOptionalAction, default=True,
                   help="--csv: put ' before text cells starting with = + - @ so spreadsheets"
                        " do not run them as formulas (default); --no-spreadsheet-safe"
                        " writes every cell exactly as it is, for pandas and R")
    p.add_argument("--confusion", action="store_true",
                   help="also print the confusion matrices (two coders: one per variable)")
    p.set_defaults(func=run, parser=p)


def run(args: argparse.Namespace) -> int:
    if len(args.files) < 2:
        args.parser.error("give at least two files to compare")
    given = [split_analyst(f) for f in args.files]
    args.files = [path for path, _ in given]
    analysts = [name for _, name in given]
    if args.csv and args.html and args.csv.absolute() == args.html.absolute():
        args.parser.error("--csv and --html must be two different files")
    # A wrong output is refused before the files are read, and never onto a FILE.
    for target in (args.csv, args.html):
        if target:
            check_target(target, args.force, inputs=args.files)
    with ReviewSession.open(args.files, annotators=analysts) as session:
        refuse_unchosen(session.files, analysts)
        report = session_report(session)
    with protect_inputs(*args.files):
        if args.csv:
            write_csv(report, args.csv, spreadsheet_safe=args.spreadsheet_safe,
                      force=args.force)
        if args.html:
            write_html(report, args.html, describe_notice, force=args.force)
    if args.json:
        print(json.dumps(report_dict(report), ensure_ascii=False, indent=2))
    else:
        print_table(report, confusion=args.confusion)
    if not args.json:
        print_warnings(report)
    for path in (args.csv, args.html):
        if path:
            print(f"Wrote {path}.", file=sys.stderr)
    return 0


def print_warnings(report: AgreementReport) -> None:
    """Every warning once; "too few units" for many variables as one line."""
    few = [n for n in report.notices if n.code == FEW_UNITS]
    for notice in report.notices:
        if notice.code != FEW_UNITS or len(few) == 1:
            print(f"warning: {describe_notice(notice)}", file=sys.stderr)
    if len(few) > 1:
        listed = ", ".join(f"{n.subject} ({n.detail['units']})" for n in few)
        print(f"warning: fewer than {few[0].detail['minimum']} units coded by two or more "
              f"coders for {listed}; these figures can swing a lot.", file=sys.stderr)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def print_unitizing(report: AgreementReport) -> None:
    """Krippendorff's unitizing alpha per span type, then per label, indented."""
    if not report.span_alphas:
        return
    first = report.span_alphas[0]
    print(f"\nUnitizing alpha (Krippendorff's u-alpha; {first.coders} coders, "
          f"{first.articles} articles all of them coded)")
    width = max(len(r.label or r.variable) + (2 if r.label else 0)
                for r in report.span_alphas)
    width = max(width, 24)
    print(f"{'Spans':<{width}}  {'Units':>6} {'u-alpha':>8}")
    for r in report.span_alphas:
        name = f"  {r.label}" if r.label else r.variable
        print(f"{name:<{width}}  {r.units:>6} {fmt(r.alpha):>8}")


def print_worst(report: AgreementReport, shown: int = WORST_SHOWN) -> None:
    """The articles with the most open questions, to open first."""
    worst = [f for f in report.article_figures if f.total][:shown]
    if not worst:
        return
    print(f"\nArticles with the most disagreement (of {len(report.article_figures)})")
    width = min(max(len(f.title) for f in worst), 48)
    print(f"{'Article':<{width}}  {'Differences':>11} {'Lowest u-alpha':>14}  Uid")
    for f in worst:
        title = f.title if len(f.title) <= width else f.title[:width - 1] + "…"
        print(f"{title:<{width}}  {f.total:>11} {fmt(f.lowest_alpha):>14}  {f.uid}")


def print_table(report: AgreementReport, *, confusion: bool = False) -> None:
    print(f"Agreement of {', '.join(report.coders)} on {report.articles} "
          f"article{'s' if report.articles != 1 else ''} coded by two or more of them")
    print()
    width = max([len(v.variable) for v in report.variables] + [24])
    print(f"{'Variable':<{width}}  {'Level':<8} {'Units':>6} {'Coders':>6} {'Agree':>7}"
          f" {'Kappa':>7} {'Alpha':>7}")
    for v in report.variables:
        flag = " *" if v.notices else ""
        print(f"{v.variable:<{width}}  {v.level:<8} {v.units:>6} {v.coders:>6}"
              f" {_percent(v.percent):>7} {fmt(v.kappa):>7} {fmt(v.alpha):>7}{flag}")
    print()
    head = "Spans (first coder = reference)"
    width = max([len(s.variable) for s in report.spans] + [len(head)])
    print(f"{head:<{width}}  {'Coders':<14} {'Match':<7} {'A':>6}"
          f" {'B':>6} {'Both':>6} {'Prec.':>6} {'Recall':>6} {'F1':>6}")
    for s in report.spans:
        pair = f"{s.coder_a}/{s.coder_b}"
        print(f"{s.variable:<{width}}  {pair:<14} {s.mode:<7} {s.in_a:>6} {s.in_b:>6}"
              f" {s.matched:>6} {fmt(s.precision):>6} {fmt(s.recall):>6} {fmt(s.f1):>6}")
    print_unitizing(report)
    print_worst(report)
    if any(v.notices for v in report.variables):
        print("\n* see the warnings below")
    if confusion:
        for v in report.variables:
            for c in v.confusions:
                if not c.labels:
                    continue
                print(f"\n{v.variable}: {c.coder_a} (rows) by {c.coder_b} (columns)")
                cell = max(max(len(x) for x in c.labels), 5)
                print(" " * cell + "".join(f" {x:>{cell}}" for x in c.labels))
                for label, counts in zip(c.labels, c.counts):
                    print(f"{label:>{cell}}" + "".join(f" {n:>{cell}}" for n in counts))
