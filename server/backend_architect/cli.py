"""The ``backend-architect`` command: the same core as the language server, for terminals and CI.

Exit codes: 0 success; 1 only from ``check`` when it found something; 2 usage or configuration
errors; 3 a failure at run time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import __version__
from .cli_support.check_run import DEFAULT_FAIL_LEVEL, FAIL_LEVELS

if TYPE_CHECKING:  # each command imports what it uses: ``serve`` starts without the index
    from .config import Settings
    from .core.model import Route

EXIT_OK, EXIT_FOUND, EXIT_USAGE, EXIT_RUNTIME = 0, 1, 2, 3


class UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="backend-architect",
        description="A senior backend architect for Python web back ends: language server and CLI.",
        epilog="exit codes: 0 success; 1 check found something; 2 usage or settings; 3 run-time failure",
    )
    p.add_argument("--version", action="version", version=f"backend-architect {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("serve", help="run the language server (stdio by default)")
    s.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (default)")
    s.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP address instead")
    s.add_argument("--log-file", help="also write the server log to this file")

    r = sub.add_parser("routes", help="list the routes of a project")
    r.add_argument(
        "path",
        nargs="?",
        default=".",
        help="a file or folder: its routes, prefixes resolved across the whole project (default: .)",
    )
    r.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text: one line per route and method; json: one object per route and method",
    )
    r.add_argument("--all", action="store_true", help="include routes no app includes")

    c = sub.add_parser("check", help="run the checklist rules over files or folders")
    c.add_argument(
        "paths",
        nargs="*",
        default=["."],
        help="files or folders to check (default: .); the project root is found above them",
    )
    c.add_argument(
        "--format",
        choices=["text", "json", "sarif", "github"],
        default="text",
        help="text (default); json (ruff's shape); sarif (SARIF 2.1.0, URIs from %%SRCROOT%%, "
        "the current folder); github (workflow annotations)",
    )
    c.add_argument("--select", help="comma-separated rule codes or prefixes to enable")
    c.add_argument("--ignore", help="comma-separated rule codes or prefixes to disable")
    c.add_argument("--extend-select", help="comma-separated codes to enable on top of select")
    c.add_argument(
        "--fail-level",
        choices=list(FAIL_LEVELS),
        default=DEFAULT_FAIL_LEVEL,
        help="the lowest severity that makes check exit 1 (default: warning; info findings "
        "are reported but do not fail)",
    )
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings exist")
    c.add_argument(
        "--fix",
        action="store_true",
        help="apply the quick fixes to the files (as the editor's fix-all)",
    )
    c.add_argument(
        "--diff", action="store_true", help="print the fixes as a unified diff; write nothing"
    )
    c.add_argument(
        "--statistics", action="store_true", help="print how many findings each rule made"
    )
    c.add_argument(
        "--check-tests",
        action="store_true",
        default=None,
        help="check the files of a test suite too (the check-tests setting)",
    )
    c.add_argument(
        "--force-exclude",
        action="store_true",
        default=None,
        help="apply exclude patterns to files named on the command line too (for pre-commit)",
    )
    c.add_argument(
        "--root",
        help="the project folder: settings from its pyproject.toml, the index over it, the "
        "cache in it (default: the nearest folder above the paths with a pyproject.toml, "
        "setup.cfg or .git)",
    )
    c.add_argument(
        "--no-cache",
        action="store_true",
        help="ignore and do not write .backend-architect-cache/ (also BACKEND_ARCHITECT_NO_CACHE=1)",
    )
    c.add_argument(
        "--no-color", action="store_true", help="no colour in a terminal (also NO_COLOR=1)"
    )

    ru = sub.add_parser("rules", help="list the rules (or show one rule's documentation)")
    ru.add_argument("code", nargs="?", help="a rule code, e.g. BA101: print its documentation")
    ru.add_argument(
        "--format",
        choices=["text", "json", "markdown"],
        default="text",
        help="text (default), json, or the Markdown table of docs/rules.md",
    )

    a = sub.add_parser("agents", help="list the agent files found and any that do not load")
    a.add_argument("path", nargs="?", default=".", help="the project folder (default: .)")
    a.add_argument("--format", choices=["text", "json"], default="text", help="text or json")

    v = sub.add_parser("review", help="review the route handler at FILE:LINE (1-based)")
    v.add_argument("location", metavar="FILE:LINE", help="a line in the handler, 1-based")
    v.add_argument("--static", action="store_true", help="the static review only, no agent")
    v.add_argument("--output", "-o", help="write the Markdown report to this file")
    v.add_argument(
        "--format", choices=["markdown", "json"], default="markdown", help="markdown or json"
    )
    v.add_argument(
        "--root",
        help="the project folder (default: the nearest folder above FILE with a "
        "pyproject.toml, setup.cfg or .git)",
    )

    m = sub.add_parser("migrate", help="write the Alembic revision the models need")
    m.add_argument(
        "path", nargs="?", default=".", help="a folder of the project (default: the current one)"
    )
    m.add_argument("-m", "--message", help="the revision's message")
    m.add_argument("--check", action="store_true", help="write nothing; exit 1 if models are ahead")
    m.add_argument(
        "--agent",
        action="store_true",
        help="with an Anthropic API key, the agent's data-safety notes become comments in the "
        "revision (its code is never changed)",
    )
    m.add_argument(
        "--autogenerate",
        action="store_true",
        help="run Alembic's own autogenerate (RUNS THE PROJECT'S CODE, in a subprocess, against "
        "a scratch SQLite database) when the static reading marks tables unknown",
    )

    d = sub.add_parser("docs", help="write the API's contracts: Markdown or OpenAPI 3.1")
    d.add_argument(
        "path", nargs="?", default=".", help="a folder of the project (default: the current one)"
    )
    d.add_argument(
        "--format",
        choices=["markdown", "openapi"],
        default="markdown",
        help="markdown (one section per endpoint) or openapi (an OpenAPI 3.1 JSON document)",
    )
    d.add_argument("--output", "-o", help="write to this file instead of stdout")
    d.add_argument(
        "--agent",
        action="store_true",
        help="with an Anthropic API key, the agent adds descriptions, examples and notes "
        "(checked against the static schema; a reply that changes a field is rejected)",
    )

    sub.add_parser("version", help="print the version")
    return p


def find_project_root(paths: Sequence[str]) -> str:
    """The nearest folder at or above the paths with a pyproject.toml, setup.cfg or .git, as
    ruff finds it (else the paths' common folder)."""
    from .core.discovery import find_project_root as found

    return found(paths)


def find_root(path: str) -> str:
    return find_project_root([path])


project_root = find_root  # the name some commands use


def _settings(root: str, overrides: dict[str, Any]) -> Settings:
    from .config import apply
    from .config import load as load_settings

    # settings come from the nearest pyproject.toml at or above the project folder
    settings, problems = load_settings(find_root(root))
    problems += apply(
        settings, {k: v for k, v in overrides.items() if v is not None}, "command line"
    )
    if problems:
        raise UsageError("invalid settings:\n  " + "\n  ".join(problems))
    return settings


def _route_rows(routes: list[Route], cwd: str) -> list[dict[str, Any]]:
    from .report.formats import relative

    rows = []
    for r in routes:
        for method in r.methods:
            rows.append(
                {
                    "method": method,
                    "path": r.path,
                    "handler": r.handler,
                    "file": relative(r.file, cwd),
                    "line": r.span.start.line + 1,
                    "framework": r.framework,
                    "auth": [a.name for a in r.auth],
                    "status_code": r.status_code,
                    "request_model": r.request_model,
                    "response_model": r.response_model,
                    "reachable": r.reachable,
                    "generated": r.generated,  # added by the framework, handler its own
                    "automatic": [m for m in r.automatic if m not in r.methods],
                }
            )
    return rows


def cmd_routes(args: argparse.Namespace) -> int:
    from .workspace import Workspace

    if not os.path.exists(args.path):
        raise UsageError(f"no such file or folder: {args.path}")
    root = project_root(args.path)
    ws = Workspace(root, _settings(root, {}))
    ws.index.build(ws.python_files())  # the whole project: prefixes come from anywhere in it
    routes = ws.index.routes if args.all else ws.index.published_routes()
    wanted = os.path.abspath(args.path)
    if wanted != root:  # the routes declared under the path given
        routes = [r for r in routes if os.path.commonpath([wanted, r.file]) == wanted]
    rows = _route_rows(routes, os.getcwd())
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        width = max((len(r["method"]) for r in rows), default=6)
        for row in rows:
            print(
                f"{row['method']:<{width}}  {row['path']}  {row['handler']}  ({row['file']}:{row['line']})"
            )
        print(f"{len(rows)} route(s)", file=sys.stderr)
    for path, msgs in ws.index.problems().items():
        for msg in msgs:
            print(f"{os.path.relpath(path)}: {msg}", file=sys.stderr)
    return EXIT_OK


def _codes(value: str | None) -> list[str] | None:
    return [c.strip() for c in value.split(",") if c.strip()] if value else None


def cmd_check(args: argparse.Namespace) -> int:
    from .cli_support.check_run import CheckRequest, run_check

    for p in args.paths:
        if not os.path.exists(p):
            raise UsageError(f"no such file or folder: {p}")
    if args.fix and args.diff:
        raise UsageError("--fix writes the fixes and --diff prints them: choose one")
    root = os.path.abspath(args.root) if args.root else find_project_root(args.paths)
    settings = _settings(
        root,
        {
            "select": _codes(args.select),
            "ignore": _codes(args.ignore),
            "extend-select": _codes(args.extend_select),
            "check-tests": args.check_tests,
            "force-exclude": args.force_exclude,
        },
    )
    request = CheckRequest(
        root,
        list(args.paths),
        args.format,
        use_cache=not args.no_cache,
        fix=args.fix,
        diff=args.diff,
        statistics=args.statistics,
        fail_level=args.fail_level,
        exit_zero=args.exit_zero,
        no_color=args.no_color,
    )
    return run_check(settings, request)


def cmd_rules(args: argparse.Namespace) -> int:
    from .rules.docs import render_table, rule_card
    from .rules.registry import info

    if args.code:
        meta = info(args.code)
        if meta is None:
            raise UsageError(f"no rule {args.code!r}; `backend-architect rules` lists them")
        if args.format == "json":
            print(json.dumps({**meta.__dict__, "severity": meta.severity.value}, indent=2))
        else:
            print(rule_card(meta), end="")
        return EXIT_OK
    print(render_table(args.format), end="")
    return EXIT_OK


def cmd_agents(args: argparse.Namespace) -> int:
    from .agents.loader import discover_agents

    root = find_root(args.path)
    settings = _settings(root, {})
    agents, problems = discover_agents(root, settings.agent_dirs)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "agents": [
                        {
                            "name": a.name,
                            "model": a.model,
                            "source": a.source,
                            "path": a.path,
                            "description": a.description,
                        }
                        for a in agents.values()
                    ],
                    "problems": [
                        {"path": p.path, "line": p.line, "message": p.message} for p in problems
                    ],
                },
                indent=2,
            )
        )
    else:
        for a in agents.values():
            first = (a.description or "").strip().splitlines()[0] if a.description else ""
            print(
                f"{a.name}  model={a.model or 'inherit'}  [{a.source}] {a.path}\n    {first[:100]}"
            )
        for pr in problems:
            print(pr.message, file=sys.stderr)  # already "PATH:LINE: reason"
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    import asyncio

    from .actions.endpoint_review import ReviewFailed, review_endpoint
    from .core.model import Position
    from .workspace import Workspace

    file, _, line = args.location.rpartition(":")
    if not file or not line.isdigit() or int(line) < 1:
        raise UsageError(f"review wants FILE:LINE with a 1-based line, got {args.location!r}")
    if not os.path.isfile(file):
        raise UsageError(f"no such file: {file}")
    root = os.path.abspath(args.root) if args.root else find_root(file)
    ws = Workspace(root, _settings(root, {}))
    ws.build()
    tty = sys.stderr.isatty()

    def progress(message: str) -> None:
        if tty:
            print(f"\r{message}", end="", file=sys.stderr, flush=True)

    where = Position(int(line) - 1, 0)
    try:
        done = asyncio.run(
            review_endpoint(ws, file, where, use_agent=not args.static, on_progress=progress)
        )
    except ReviewFailed as exc:
        if exc.usage:
            raise UsageError(exc.message) from None
        print(f"backend-architect: review failed: {exc.message}", file=sys.stderr)
        return EXIT_RUNTIME
    if tty:
        print("\r", end="", file=sys.stderr)
    for note in done.result.agent_problems:
        print(f"backend-architect: {note}", file=sys.stderr)
    out = json.dumps(done.as_json(), indent=2) if args.format == "json" else done.report
    if args.output:
        from .core.atomic import write_text_atomic

        write_text_atomic(args.output, out)
        print(f"review written to {args.output}", file=sys.stderr)
    else:
        print(out)
    return EXIT_OK


def cmd_docs(args: argparse.Namespace) -> int:
    from .actions.document_api.build import document_api, render
    from .workspace import Workspace

    if not os.path.exists(args.path):
        raise UsageError(f"no such file or folder: {args.path}")
    root = project_root(args.path)
    ws = Workspace(root, _settings(root, {}))
    ws.index.build(ws.python_files([args.path]))
    doc = document_api(ws.index, committed=ws.settings.docs_openapi)
    notes = ""
    if args.agent:
        from .cli_support.docs_agent import run_docs_agent

        found = run_docs_agent(ws, doc)
        if isinstance(found, int):
            return found
        doc, notes = found
    out = render(doc, args.format) + (notes if args.format == "markdown" else "")
    if args.output:
        from .core.atomic import write_text_atomic

        write_text_atomic(args.output, out)
        print(f"{len(doc.contracts)} operation(s) written to {args.output}", file=sys.stderr)
    else:
        print(out, end="")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .lsp.server import serve

    tcp = None
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not host or not port.isdigit():
            raise UsageError(f"--tcp wants HOST:PORT, got {args.tcp!r}")
        tcp = (host, int(port))
    serve(tcp=tcp, log_file=args.log_file)
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    from .actions.generate_migration.command import alembic_root, run_migrate

    root = alembic_root(args.path, find_root(args.path))
    if args.autogenerate:
        from .actions.generate_migration.command import run_autogenerate

        return run_autogenerate(root, args.message, sys.stdout, sys.stderr)
    return run_migrate(root, args.message, args.check, sys.stdout, sys.stderr, args.agent)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {
        "serve": cmd_serve,
        "routes": cmd_routes,
        "check": cmd_check,
        "rules": cmd_rules,
        "agents": cmd_agents,
        "review": cmd_review,
        "migrate": cmd_migrate,
        "docs": cmd_docs,
        "version": lambda _a: print(f"backend-architect {__version__}") or EXIT_OK,
    }
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code = int(handlers[args.command](args))
        if argv is None and args.command in ("check", "routes"):
            # Run as the program: the index and trees of a big project take seconds to free
            # one by one at interpreter exit, for nothing (mypy exits the same way).
            from .cli_support.terminal import flush_quietly

            flush_quietly()
            os._exit(code)
        return code
    except UsageError as exc:
        print(f"backend-architect: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_RUNTIME
    except BrokenPipeError:  # the reader went away (`| head -1`): nothing left to say
        from .cli_support.terminal import stdout_closed

        stdout_closed()
        return EXIT_OK
    except Exception as exc:  # a bug or an environment failure: say so, exit 3
        print(f"backend-architect: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_RUNTIME


if __name__ == "__main__":
    sys.exit(main())
