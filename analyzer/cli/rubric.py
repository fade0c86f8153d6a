"""``coc rubric``: validate, show and export the schema of the best-practice rubric."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from analyzer.cli._common import add_rubric_option, write_output

if TYPE_CHECKING:
    from analyzer.rubric import Rubric, Sector


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "rubric",
        help="validate, show or export the schema of the best-practice rubric",
        description=(
            "Work with the rubric: check a rubric folder or file for errors, show its criteria "
            "(optionally for one sector), or export the JSON Schema editors use."
        ),
    )
    sub = parser.add_subparsers(dest="rubric_command", metavar="ACTION")
    parser.set_defaults(handler=_missing_action(parser))

    validate = sub.add_parser(
        "validate",
        help="check a rubric and list every problem found",
        description=(
            "Check a rubric folder or single YAML file. Prints 'OK: ...' and exits 0, or prints "
            "every problem (file:line: entry: field: message), one per line, and exits 2."
        ),
    )
    validate.add_argument(
        "path",
        nargs="?",
        default=None,
        metavar="PATH",
        help="rubric folder or YAML file (default: --rubric, $COC_RUBRIC or the bundled rubrics/)",
    )
    add_rubric_option(validate)
    validate.set_defaults(handler=_validate)

    show = sub.add_parser(
        "show",
        help="show the criteria as a table, Markdown document or JSON",
        description=(
            "Show the rubric's criteria with theme, base weight and core flag. With --sector, add "
            "the sector's multiplier, must-have, applicability and target level for each criterion."
        ),
    )
    show.add_argument("--sector", metavar="ID", default=None, help="sector id, e.g. apparel")
    show.add_argument(
        "--format",
        choices=("table", "json", "md"),
        default="table",
        help="output format (default: table)",
    )
    show.add_argument("-o", "--out", metavar="FILE", default=None, help="write to FILE")
    add_rubric_option(show)
    show.set_defaults(handler=_show)

    schema = sub.add_parser(
        "schema",
        help="export the JSON Schema of rubric YAML files (for editors)",
        description="Print or write the JSON Schema that rubric YAML files follow.",
    )
    schema.add_argument("-o", "--out", metavar="FILE", default=None, help="write to FILE")
    schema.set_defaults(handler=_schema)


def _missing_action(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    return handler


def _validate(args: argparse.Namespace) -> int:
    from analyzer.rubric import check_rubric

    report = check_rubric(args.path if args.path is not None else args.rubric)
    if report.ok and report.rubric is not None:
        print(f"OK: {report.rubric.summary()}")
        return 0
    lines = report.lines() or ["the rubric could not be loaded"]
    for line in lines:
        print(line, file=sys.stderr)
    print(
        f"coc: error: the rubric has {len(lines)} problem{'s' if len(lines) != 1 else ''}; fix "
        f"{'it' if len(lines) == 1 else 'them'} and run `coc rubric validate` again "
        "(see docs/rubric.md)",
        file=sys.stderr,
    )
    return 2


def _show(args: argparse.Namespace) -> int:
    from analyzer.rubric import load_rubric

    rubric = load_rubric(args.rubric)
    sector = rubric.sector(args.sector) if args.sector else None
    if args.format == "json":
        text = json.dumps(show_json(rubric, sector), indent=2, ensure_ascii=False)
    elif args.format == "md":
        text = render_markdown(rubric, sector)
    else:
        text = render_table(rubric, sector)
    write_output(text, args.out)
    return 0


def _schema(args: argparse.Namespace) -> int:
    from analyzer.rubric import rubric_json_schema

    write_output(json.dumps(rubric_json_schema(), indent=2, ensure_ascii=False) + "\n", args.out)
    return 0


# ---------------------------------------------------------------------------------------------
# Renderers (pure functions, tested directly)
# ---------------------------------------------------------------------------------------------


def _sector_row(rubric: Rubric, sector: Sector, criterion_id: str) -> dict[str, Any]:
    return {
        "level": sector.level_of(criterion_id),
        "multiplier": rubric.multiplier(sector.id, criterion_id),
        "must_have": rubric.must_have(sector.id, criterion_id),
        "applicable": rubric.applicable(sector.id, criterion_id),
        "target_level": rubric.target_level(sector.id, criterion_id),
    }


def show_json(rubric: Rubric, sector: Sector | None) -> dict[str, Any]:
    """The full rubric dump, or with a sector its profile and per-criterion view."""
    if sector is None:
        return rubric.model_dump(mode="json")
    return {
        "version": rubric.version,
        "hash": rubric.hash,
        "sector": sector.model_dump(mode="json"),
        "criteria": [
            {
                "id": c.id,
                "theme": c.theme,
                "title": c.title,
                "base_weight": c.base_weight,
                "core": c.core,
                **_sector_row(rubric, sector, c.id),
            }
            for c in rubric.criteria
        ],
    }


def render_table(rubric: Rubric, sector: Sector | None) -> str:
    """A plain-text table of the criteria (with sector columns when a sector is given)."""
    headers = ["criterion", "theme", "weight", "core"]
    if sector is not None:
        headers += ["multiplier", "must-have", "applies", "target"]
    rows: list[list[str]] = []
    for c in rubric.criteria:
        row = [c.id, c.theme, str(c.base_weight), "yes" if c.core else ""]
        if sector is not None:
            s = _sector_row(rubric, sector, c.id)
            mult = f"x{s['multiplier']:g}" + (f" {s['level']}" if s["level"] != "normal" else "")
            row += [
                mult,
                "yes" if s["must_have"] else "",
                "yes" if s["applicable"] else "no",
                str(s["target_level"]),
            ]
        rows.append(row)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def fmt(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    title = f"Rubric {rubric.version} (hash {rubric.hash[:8]}…)"
    if sector is not None:
        title += f", sector: {sector.label} ({sector.id})"
    lines = [title, "", fmt(headers), fmt(["-" * w for w in widths])]
    lines += [fmt(r) for r in rows]
    lines += ["", rubric.summary()]
    return "\n".join(lines)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(rubric: Rubric, sector: Sector | None) -> str:
    """A readable Markdown document of the rubric (optionally for one sector)."""
    from analyzer.views import criterion_tags, frameworks_text

    out: list[str] = [f"# CoC Analyzer rubric {rubric.version}", ""]
    out.append(f"Content hash `{rubric.hash}`. {rubric.summary()}.")
    out.append("")
    out.append(
        "Levels: 0 absent, 1 mention (generic, aspirational or with loopholes), 2 commitment "
        "(specific and mandatory), 3 best practice (plus mechanism, coverage, verification, "
        "metrics or remedy)."
    )
    out.append("")
    if sector is not None:
        out += [f"## Sector: {sector.label}", "", sector.description, ""]
        if sector.risk_factors:
            out += ["### Risk factors", ""]
            for rf in sector.risk_factors:
                out.append(f"- **{rf.factor}.** {rf.evidence} ({'; '.join(rf.sources)})")
            out.append("")
        out += ["### Criteria weighting", ""]
        out += ["| Criterion | Multiplier | Must-have | Target level |", "|---|---|---|---|"]
        for c in rubric.criteria:
            if not rubric.applicable(sector.id, c.id):
                continue
            s = _sector_row(rubric, sector, c.id)
            out.append(
                f"| {c.title} (`{c.id}`) | x{s['multiplier']:g} {s['level']} | "
                f"{'yes' if s['must_have'] else ''} | {s['target_level']} |"
            )
        out.append("")
        for heading, items in (
            ("Training focus", sector.training_focus),
            ("Supplier engagement", sector.supplier_engagement),
        ):
            if items:
                out += [f"### {heading}", ""]
                out += [f"- {item}" for item in items]
                out.append("")
    for theme in rubric.themes:
        criteria = [
            c
            for c in rubric.criteria_in_theme(theme.id)
            if sector is None or rubric.applicable(sector.id, c.id)
        ]
        if not criteria:
            continue
        out += [f"## {theme.title}", "", theme.description, ""]
        for c in criteria:
            flags = criterion_tags(c, weight="base weight")
            if sector is not None:
                flags.append(f"x{rubric.multiplier(sector.id, c.id):g} in {sector.id}")
            out += [f"### {c.title} (`{c.id}`)", "", f"*{', '.join(flags)}*", "", c.description]
            out += ["", "| Level | Meaning |", "|---|---|"]
            for n, name in enumerate(("absent", "mention", "commitment", "best_practice")):
                out.append(f"| {n} {name.replace('_', ' ')} | {_md_escape(c.levels.describe(n))} |")
            out += [
                "",
                f"**Frameworks:** {frameworks_text(c)}",
                "",
            ]
            clause = c.sector_clauses.get(sector.id, c.model_clause) if sector else c.model_clause
            out += ["**Model clause:**", "", f"> {clause}", ""]
            out += ["**Implementation steps:**", ""]
            out += [f"- ({s.days} days, {s.owner}) {s.action}" for s in c.implementation_steps]
            out += ["", "**KPIs:**", ""] + [f"- {k}" for k in c.kpis]
            if c.further_reading:
                out += ["", "**Further reading:**", ""]
                out += [
                    f"- [{r.title}]({r.url})" if r.url else f"- {r.title}"
                    for r in c.further_reading
                ]
            out.append("")
    out += ["## Legal checklists", ""]
    for fw in rubric.legal:
        out += [f"### {fw.label}", "", f"{fw.jurisdiction}. {fw.citation}.", ""]
        out += ["| Element | Requirement | Satisfied by |", "|---|---|---|"]
        for e in fw.elements:
            joiner = " and " if e.rule == "all" else " or "
            crit = joiner.join(f"`{cid}`" for cid in e.criteria)
            out.append(f"| {e.ref} | {_md_escape(e.label)} | {crit} at level ≥ {e.min_level} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
