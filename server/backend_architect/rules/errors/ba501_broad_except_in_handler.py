"""BA501 broad-except-in-handler: a bare or silenced broad except in a route handler."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Edit, Fix, Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.except_clauses import broad_except_in_handler, except_header_span, only_pass


@register
class BroadExceptInHandler(Rule):
    info = RuleInfo(
        code="BA501",
        test_files="never",
        name="broad-except-in-handler",
        summary="A route handler catches everything (`except:`) or silences `Exception`.",
        severity=Severity.WARNING,
        rationale=(
            "A bare `except:` also catches `KeyboardInterrupt`, `SystemExit` and the "
            "cancellation the server uses to stop a request; `except Exception: pass` turns "
            "every failure (a lost database connection, a bug) into a normal-looking response "
            "with nothing in the logs. Catch the errors the handler can answer, and let the "
            "rest reach the framework's error handler, which logs them and answers 500."
        ),
        bad=(
            '@app.post("/orders")\n'
            "def create_order(order: OrderIn):\n"
            "    try:\n"
            "        save(order)\n"
            "    except Exception:\n"
            "        pass\n"
            '    return {"ok": True}'
        ),
        good=(
            '@app.post("/orders")\n'
            "def create_order(order: OrderIn):\n"
            "    try:\n"
            "        save(order)\n"
            "    except DuplicateOrder:\n"
            '        raise HTTPException(409, "order exists")\n'
            '    return {"ok": True}'
        ),
        cwe=(396, 390),
        fixable=True,
    )
    node_types = (ast.ExceptHandler,)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.ExceptHandler, node)
        if not broad_except_in_handler(node, ctx):
            return
        span = except_header_span(node, ctx)
        if node.type is None:
            # the mechanical part: keep the body, stop catching SystemExit/KeyboardInterrupt;
            # a silent body would still be silenced, so no fix there
            fix = (
                None
                if only_pass(node.body)
                else Fix(
                    "Catch Exception, not everything", (Edit(ctx.path, span, "except Exception"),)
                )
            )
            ctx.report(
                span,
                "bare `except:` in a route handler also catches SystemExit, KeyboardInterrupt "
                "and request cancellation; catch the errors this handler can answer",
                fix=fix,
            )
        else:
            ctx.report(
                span,
                "`except Exception: pass` in a route handler hides every failure; catch what "
                "the handler can answer and let the rest reach the error handler",
            )
