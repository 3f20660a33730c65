"""The lesson expression language: check a lesson's `code` without ever running it.

The code is parsed with `ast.parse` and every node is checked against a whitelist: one
``name = expression`` per line, names, numbers, ``+ - * / ** @``, unary ``-``/``+``,
``.T`` and calls of the functions in `FUNCTIONS`.  Nothing is compiled or executed;
`gradviz.lesson.program` evaluates the checked trees by walking them.

Problems come back as ``(line, col, message)`` in lesson-file coordinates, through the
``locate`` callback that maps a position in the code string to one in the file.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

from gradviz.catalog.lesson import Message, did_you_mean, long_integer
from gradviz.catalog.syntax import python_syntax
from gradviz.lesson.functions import ALIASES, FUNCTIONS, Function, Rejected, check_option, example
from gradviz.lesson.values import MAX_REPORTED

MAX_DEPTH = 100  # nesting levels in one expression; deeper is rejected, never recursed into
_MAX_MERGE = 8  # after a syntax error: lines starting statements tried together, at most
_ASSIGNMENT = re.compile(r"\s*([A-Za-z_]\w*)\s*=(?!=)")  # a line that starts ``name = ...``

_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.MatMult)
_REJECTED = {  # node type -> how to name it in a message
    ast.Lambda: Message("lambda"),
    ast.ListComp: Message("a comprehension"),
    ast.SetComp: Message("a comprehension"),
    ast.DictComp: Message("a comprehension"),
    ast.GeneratorExp: Message("a generator expression"),
    ast.Compare: Message("a comparison"),
    ast.BoolOp: Message("and/or"),
    ast.IfExp: Message("a conditional expression"),
    ast.JoinedStr: Message("an f-string"),
    ast.Dict: Message("a dict"),
    ast.Set: Message("a set"),
    ast.NamedExpr: Message("the := operator"),
    ast.Starred: Message("*unpacking"),
    ast.Await: Message("await"),
    ast.Yield: Message("yield"),
    ast.YieldFrom: Message("yield"),
}
_STATEMENTS = {
    ast.Import: Message("imports"),
    ast.ImportFrom: Message("imports"),
    ast.AugAssign: Message("augmented assignment (+= and friends)"),
    ast.AnnAssign: Message("annotated assignment"),
    ast.FunctionDef: Message("function definitions"),
    ast.ClassDef: Message("class definitions"),
    ast.For: Message("loops"),
    ast.While: Message("loops"),
    ast.If: Message("if statements"),
    ast.With: Message("with statements"),
    ast.Delete: Message("del statements"),
}


@dataclass(frozen=True, eq=False)
class Statement:
    """One checked ``target = expression`` line.

    ``line``/``col`` (1-based) locate the target name in the lesson file.  Every node of
    ``ast`` carries file positions too: ``lineno`` is the file line and ``col_offset`` the
    0-based character column in the file (not Python's byte offset).
    """

    target: str
    ast: ast.expr
    line: int
    col: int


Locate = Callable[[int, int], tuple[int, int]]  # (code line, code char column 0-based) -> file


@dataclass
class CodeCheck:
    statements: list[Statement]  # the lines that passed
    problems: list[tuple[int, int, Message]]  # (file line, file column, message)
    names: list[str]  # every assigned name, also of lines with a problem


def check_code(code: str, inputs: list[str], locate: Locate) -> CodeCheck:
    """Check ``code``; positions in the result are positions in the lesson file."""
    return _Checker(code, inputs, locate).run()


class _Checker:
    def __init__(self, code: str, inputs: list[str], locate: Locate) -> None:
        self.code, self.inputs, self.locate = code, set(inputs), locate
        self.lines = re.split(r"\r\n|\r|\n", code)
        self.problems: list[tuple[int, int, Message]] = []
        self.defined: dict[str, int] = {}  # assigned name -> file line

    def run(self) -> CodeCheck:
        try:
            tree = ast.parse(self.code, mode="exec")
        except SyntaxError as e:
            return self._recover(e)
        except (ValueError, RecursionError, MemoryError):
            line, col = self.locate(1, 0)
            message = Message("code is too long or too deeply nested to check")
            self.problems.append((line, col, message))
            return CodeCheck([], self.problems, self._names_by_pattern())
        return self._check_body(tree.body)

    def _check_body(self, body: list, broken: dict[int, str] | None = None) -> CodeCheck:
        """Check statements in order; `broken` maps the code line of a statement that could
        not be parsed to the name it seems to assign, which then counts as assigned there."""
        broken = broken or {}
        assigned = self._assigned_lines(body)
        for code_line, name in broken.items():
            assigned.setdefault(name, self.locate(code_line, 0)[0])
        pending = sorted(broken.items())
        statements = []
        for node in body:
            while pending and pending[0][0] < node.lineno:
                code_line, name = pending.pop(0)
                self.defined.setdefault(name, self.locate(code_line, 0)[0])
            line = self._node_position(node)[0]  # before the node is moved to file positions
            try:
                statements.append(self._statement(node, assigned))
            except Rejected as r:
                self.problems.append((*self._node_position(r.node, r.at_end), r.message))
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                # a broken line still defines its name, so later lines do not cascade
                self.defined.setdefault(node.targets[0].id, line)
        for code_line, name in pending:
            self.defined.setdefault(name, self.locate(code_line, 0)[0])
        return CodeCheck(statements, self.problems, list(self.defined))

    # -- syntax errors ------------------------------------------------------------------

    def _recover(self, error: SyntaxError) -> CodeCheck:
        """Report `error`, then check what parses around it, so one broken line does not
        hide the other problems.  A statement starts on a line that is not indented; a
        line that does not parse is skipped together with the lines that follow it up to
        the next one that starts like ``name = ...``."""
        self._syntax_error(error)
        first = max((error.lineno or 1) - 1, 0)  # the reported line, 0-based
        lines = self.lines
        indented = _ASSIGNMENT.match(lines[first]) if error.msg == "unexpected indent" and \
            first < len(lines) else None
        starts = [i for i, text in enumerate(lines) if text[:1] and text[:1] not in " \t#"]
        ends = [*starts[1:], len(lines)]
        body: list[ast.stmt] = []
        broken: dict[int, str] = {}  # code line (1-based) -> the name it seems to assign
        i, skipping = 0, False
        while i < len(starts):
            a = starts[i]
            if skipping and not _ASSIGNMENT.match(lines[a]):
                i += 1  # probably a continuation of the broken statement above
                continue
            tree, stop, failures = None, i + 1, []
            for j in range(i, min(i + _MAX_MERGE, len(starts))):
                if j > i and _ASSIGNMENT.match(lines[starts[j]]):
                    break  # a new statement: not a continuation of this one
                try:
                    tree = ast.parse("\n".join(lines[a : ends[j]]), mode="exec")
                except SyntaxError as e:
                    failures.append((e, ends[j]))  # the error, and the end of what was tried
                    continue
                except (ValueError, RecursionError, MemoryError):
                    if not failures:
                        position = self.locate(a + 1, 0)
                        message = Message("this line is too deeply nested to check")
                        self.problems.append((*position, message))
                    break
                stop = j + 1
                break
            if tree is not None:
                ast.increment_lineno(tree, a)
                body.extend(tree.body)
                i, skipping = stop, False
                continue
            target = _ASSIGNMENT.match(lines[a])
            if target:
                broken[a + 1] = target.group(1)
            if failures and not a <= first < failures[-1][1]:
                self._syntax_error(*failures[-1], first=a)  # the longest try's message
            i, skipping = i + 1, True
        if indented:  # an indented line still assigns its name: later lines do not cascade
            broken.setdefault(first + 1, indented.group(1))
        check = self._check_body(body, broken)
        check.names = list(dict.fromkeys([*check.names, *self._names_by_pattern()]))
        return check

    def _syntax_error(self, e: SyntaxError, end: int | None = None, first: int = 0) -> None:
        """Report a syntax error of the code's lines ``first:end`` (0-based, end excluded)."""
        end = len(self.lines) if end is None else end
        line = first + (e.lineno or 1)
        if line > end:  # past the end: point just after the last character
            position = self.locate(end, len(self.lines[end - 1]))
        else:
            position = self.locate(line, max((e.offset or 1) - 1, 0))  # 1-based characters
        self.problems.append((*position, _syntax_message(e.msg)))

    def _names_by_pattern(self) -> list[str]:
        """Every name that some line seems to assign, for code that cannot be parsed."""
        found = (_ASSIGNMENT.match(text) for text in self.lines)
        return list(dict.fromkeys(m.group(1) for m in found if m))

    # -- positions ----------------------------------------------------------------------

    def _char_col(self, lineno: int, byte_col: int) -> int:
        if not 1 <= lineno <= len(self.lines):
            return byte_col
        return len(self.lines[lineno - 1].encode("utf-8")[:byte_col].decode("utf-8", "ignore"))

    def _node_position(self, node: ast.AST, at_end: str | None = None) -> tuple[int, int]:
        if at_end is not None:  # point at the trailing ``.name`` of an attribute
            line, col = node.end_lineno, self._char_col(node.end_lineno, node.end_col_offset)
            return self.locate(line, col - len(at_end))
        return self.locate(node.lineno, self._char_col(node.lineno, node.col_offset))

    def _to_file_positions(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if hasattr(node, "lineno"):
                node.lineno, col = self._node_position(node)
                node.col_offset = col - 1
                end = self._char_col(node.end_lineno, node.end_col_offset)
                node.end_lineno, end_col = self.locate(node.end_lineno, end)
                node.end_col_offset = end_col - 1

    # -- statements ---------------------------------------------------------------------

    def _assigned_lines(self, body: list) -> dict[str, int]:
        lines: dict[str, int] = {}
        for node in body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                lines.setdefault(node.targets[0].id, self._node_position(node)[0])
        return lines

    def _statement(self, node: ast.stmt, assigned: dict[str, int]) -> Statement:
        if not isinstance(node, ast.Assign):
            what = _STATEMENTS.get(type(node))
            if what is None and isinstance(node, ast.Expr):
                raise Rejected(node, Message("expected an assignment 'name = expression'"))
            what = what or Message("'{name}' statements", name=type(node).__name__.lower())
            raise Rejected(node, Message("{what} are not allowed; each line is "
                                         "'name = expression'", what=what))
        if len(node.targets) != 1:
            raise Rejected(node.targets[1],
                           Message("assign one name per line ('a = b = c' is not allowed)"))
        target = node.targets[0]
        if not isinstance(target, ast.Name):
            raise Rejected(target, Message("the left side of '=' must be a single name"))
        name = target.id
        if name in self.inputs:
            raise Rejected(target, Message("cannot reassign input '{name}'; choose a new name",
                                           name=name))
        if name in FUNCTIONS:
            raise Rejected(target, Message("'{name}' is a function name; choose another name",
                                           name=name))
        if name in self.defined:
            raise Rejected(target, Message("'{name}' is already assigned on line {line}; give "
                                           "each value its own name", name=name,
                                           line=self.defined[name]))
        self._expression(node.value, assigned, 0)
        self._to_file_positions(node)
        return Statement(name, node.value, node.lineno, node.col_offset + 1)

    # -- expressions --------------------------------------------------------------------

    def _expression(self, node: ast.expr, assigned: dict[str, int], depth: int,
                    chain: int = 0) -> None:
        """`chain`: how many of the `depth` levels right above are operators (``a + b + c``
        nests one level per ``+``), to say so rather than speak of nesting."""
        if depth > MAX_DEPTH:
            if chain > MAX_DEPTH // 2:
                raise Rejected(node, Message(
                    "more than {n} operators in a row in one expression; split it over "
                    "several lines, e.g. {example}", n=MAX_DEPTH,
                    example="s = a + b + c, then t = s + d + e"))
            raise Rejected(node, Message("expression nested more than {n} levels deep",
                                         n=MAX_DEPTH))
        depth += 1
        if isinstance(node, ast.BinOp):
            if not isinstance(node.op, _OPERATORS):
                raise Rejected(node, Message("operator {op} is not allowed; use {ops}",
                                             op=_op_text(node.op), ops="+ - * / ** @"))
            self._expression(node.left, assigned, depth, chain + 1)
            self._expression(node.right, assigned, depth, chain + 1)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub | ast.UAdd):
                raise Rejected(node, Message("operator {op} is not allowed; use unary -",
                                             op=_op_text(node.op)))
            self._expression(node.operand, assigned, depth)
        elif isinstance(node, ast.Constant):
            _number(node)
        elif isinstance(node, ast.Name):
            self._name(node, assigned)
        elif isinstance(node, ast.Attribute):
            if node.attr != "T":
                raise Rejected(node, _attribute_message(node), at_end=node.attr)
            self._expression(node.value, assigned, depth)
        elif isinstance(node, ast.Call):
            self._call(node, assigned, depth)
        elif isinstance(node, ast.Tuple | ast.List):
            raise Rejected(node, Message("tuples and lists are only allowed as literal "
                                         "arguments"))
        elif isinstance(node, ast.Subscript):
            raise Rejected(node, Message("{what} is not allowed in a lesson expression",
                                         what=_indexing(node)))
        else:
            what = _REJECTED.get(type(node), f"'{type(node).__name__}'")
            raise Rejected(node, Message("{what} is not allowed in a lesson expression",
                                         what=what))

    def _name(self, node: ast.Name, assigned: dict[str, int]) -> None:
        name = node.id
        if name in self.inputs or name in self.defined:
            return
        if name in FUNCTIONS:
            raise Rejected(node, Message("'{name}' is a function; call it as {name}(...)",
                                         name=name))
        if name in assigned:
            raise Rejected(node, Message("'{name}' is used before it is assigned (on line "
                                         "{line})", name=name, line=assigned[name]))
        hint = did_you_mean(name, [*self.inputs, *self.defined]) \
            if len(self.problems) < MAX_REPORTED else ""  # past these no one reads the hint
        raise Rejected(node, Message("unknown name '{name}'{hint}", name=name, hint=hint))

    def _call(self, node: ast.Call, assigned: dict[str, int], depth: int) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            message = _attribute_message(func)
            if func.attr in FUNCTIONS and message.english != PREFIX:
                message = Message("method calls are not allowed; write {name}(...) instead",
                                  name=func.attr)
            raise Rejected(func, message, at_end=func.attr)
        if not isinstance(func, ast.Name):
            raise Rejected(func, Message("only the listed functions can be called"))
        name = func.id
        if name not in FUNCTIONS:
            if name in self.inputs or name in self.defined:
                raise Rejected(func, Message("'{name}' is a tensor, not a function", name=name))
            hint = Message("; {alias}", alias=ALIASES[name]) if name in ALIASES else \
                did_you_mean(name, FUNCTIONS) if len(self.problems) < MAX_REPORTED else ""
            raise Rejected(func, Message("unknown function '{name}'{hint}", name=name, hint=hint))
        signature = FUNCTIONS[name]
        tensors, given = len(signature.tensors), set()
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise Rejected(arg, Message("*unpacking is not allowed"))
        if len(node.args) < tensors:
            needs = Message("{n} tensor argument" if tensors == 1 else "{n} tensor arguments",
                            n=tensors)
            raise Rejected(node, Message("{name}() needs {needs} ({names}), got {got}",
                                         name=name, needs=needs,
                                         names=", ".join(signature.tensors), got=len(node.args)))
        most = tensors + len(signature.options)
        if len(node.args) > most:
            names = ", ".join(signature.tensors + signature.options)
            takes = Message("{n} argument" if most == 1 else "{n} arguments", n=most)
            raise Rejected(node.args[most],
                           Message("{name}() takes at most {takes} ({names}), got {got}",
                                   name=name, takes=takes, names=names, got=len(node.args)))
        for arg in node.args[:tensors]:
            self._expression(arg, assigned, depth)
        for option, arg in zip(signature.options, node.args[tensors:], strict=False):
            check_option(option, arg)
            given.add(option)
        for keyword in node.keywords:
            self._keyword(name, signature, keyword, given)
        missing = [o for o in signature.options[: signature.required] if o not in given]
        if missing:
            raise Rejected(node, Message("{name}() needs {option}=..., e.g. {example}", name=name,
                                         option=missing[0], example=example(missing[0])))

    def _keyword(self, func: str, signature: Function, keyword: ast.keyword, given: set) -> None:
        if keyword.arg is None:
            raise Rejected(keyword, Message("**unpacking is not allowed"))
        if keyword.arg in signature.tensors:
            raise Rejected(keyword, Message("pass '{name}' as a positional argument of {func}()",
                                            name=keyword.arg, func=func))
        if keyword.arg not in signature.options:
            allowed = signature.options
            hint = did_you_mean(keyword.arg, allowed) if allowed else ""
            hint = hint or (Message(" (it takes {names})", names=", ".join(allowed))
                            if allowed else "")
            raise Rejected(keyword, Message("{func}() has no argument '{name}'{hint}", func=func,
                                            name=keyword.arg, hint=hint))
        if keyword.arg in given:
            raise Rejected(keyword, Message("{func}() got two values for '{name}'", func=func,
                                            name=keyword.arg))
        check_option(keyword.arg, keyword.value)
        given.add(keyword.arg)


def _number(node: ast.Constant) -> None:
    value = node.value
    if isinstance(value, str | bytes):
        raise Rejected(node, Message("strings are not allowed in expressions"))
    if not isinstance(value, int | float):  # complex, None, Ellipsis
        raise Rejected(node, Message("{value} is not allowed; use int or float numbers",
                                     value=repr(value)))
    if isinstance(value, int) and abs(value) > 10**300:  # would overflow a float
        raise Rejected(node, Message("this number is too large; write it as a float such as "
                                     "{example}", example="1e300"))


def _indexing(node: ast.Subscript, limit: int = 24) -> Message:
    """``"indexing h[...]"`` with what is indexed, when that is short enough to read."""
    base = node.value
    while isinstance(base, ast.Subscript):  # h[0][1]: name h
        base = base.value
    try:
        text = ast.unparse(base)
    except (ValueError, RecursionError):
        text = ""
    if not isinstance(base, ast.Name | ast.Attribute | ast.Call):
        text = f"({text})"
    if len(text) > limit:
        return Message("indexing with [...]")
    return Message("indexing {code}[...]", code=text)


PREFIX = "write {name}(...) without the '{module}.' prefix"


def _attribute_message(node: ast.Attribute) -> Message:
    module = isinstance(node.value, ast.Name) and node.value.id in ("torch", "F", "np", "gv")
    if module and node.attr in FUNCTIONS:
        return Message(PREFIX, name=node.attr, module=node.value.id)
    return Message("attribute '.{name}' is not allowed; the only attribute is .T",
                   name=node.attr)


def _op_text(op: ast.AST) -> str:
    symbols = {
        ast.FloorDiv: "//",
        ast.Mod: "%",
        ast.LShift: "<<",
        ast.RShift: ">>",
        ast.BitAnd: "&",
        ast.BitOr: "|",
        ast.BitXor: "^",
        ast.Not: "not",
        ast.Invert: "~",
    }
    return f"'{symbols.get(type(op), type(op).__name__)}'"


def _syntax_message(error: str) -> Message:
    """Python's own words for a syntax error, but ours where Python's would mislead: its
    advice for long integers names a setting a lesson cannot change."""
    too_long = long_integer(error)
    if too_long is not None:
        return too_long
    if error == "unexpected indent":
        return Message("Python syntax error in code: {error}; each line of code starts at "
                       "the left edge, without spaces", error=python_syntax(error))
    return Message("Python syntax error in code: {error}", error=python_syntax(error))
