"""The typer app and what the commands share; it imports no command module.

Library errors become messages and exit codes in one place,
:func:`library_errors` (as pypa/build's ``_handle_build_error`` does), so the
commands hold no ``except`` blocks of their own. The codes are the ones
docs/cli.md lists: 1 when a change was refused or could not be made (the plan
is left as it was), 2 when the input is not usable.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import inspect
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any, ParamSpec, TypeVar, cast

import typer
import typer.core
from typer.models import CommandFunctionType

import malstyrning
from malstyrning import __version__

from ._words import HELP_SV, WORDS_SV, click_message, swedish_metavar


class _PrintableStream:
    """Standard output or error that writes every character that could act on
    a terminal (escape sequences, carriage returns, bidirectional overrides) as
    a visible ``\\u001b`` (:func:`malstyrning.printable`); newlines and tabs pass.

    Text from a plan, a CSV file or Kolada reaches the terminal in a command's
    lines, in error messages, in JSON and in a report on stdout: this is the
    one place all of it passes. Anything else is the stream's own.
    """

    def __init__(self, stream: IO[str]) -> None:
        self.unfiltered = stream

    def write(self, text: Any) -> int:
        if not isinstance(text, str):  # bytes: the text stream refuses them, as click expects
            return self.unfiltered.write(text)
        self.unfiltered.write(malstyrning.printable(text, newlines=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.unfiltered, name)


@contextmanager
def _printable_output() -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PrintableStream(saved[0]), _PrintableStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextmanager
def own_escapes() -> Iterator[None]:
    """Standard output as it is, for a renderer that makes the plan's text
    printable itself and adds escape sequences of its own (colours)."""
    filtered = sys.stdout
    sys.stdout = getattr(filtered, "unfiltered", filtered)
    try:
        yield
    finally:
        sys.stdout = filtered


def _swedish() -> bool:
    return malstyrning.current_language() == "sv"


def _word(english: str) -> str:
    """One of click's words around the help and the errors, in the language of the run."""
    return WORDS_SV.get(english, english) if _swedish() else english


def _help(english: str | None) -> str | None:
    """A help text (written in English where the command is defined) in the language of the run."""
    if english is None or not _swedish():
        return english
    return HELP_SV.get(inspect.cleandoc(english), english)


class _PlainTypes:
    """Help in the language of the run, without typer 0.29's types beside each
    name (``<path>``, ``<bool>``, ``<list[Path]>``): an argument's metavar
    says what to give, a flag takes nothing, and an option without a metavar
    of its own gets one. click's own words ("Usage:", "Options") are said
    here too: its gettext has no Swedish."""

    def get_params(self, ctx: Any) -> Any:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if isinstance(param, typer.core.TyperArgument):
                param.__class__ = _Argument
            elif isinstance(param, typer.core.TyperOption) and param.is_flag:
                param.metavar = ""
            elif isinstance(param, typer.core.TyperOption) and param.metavar is None:
                param.metavar = _metavar(param)
            # Said in the language of the run, in the help and in usage errors ("argumentet
            # 'INDIKATOR' saknas"); the English one is kept, as the help text is.
            english_metavar = param.__dict__.setdefault("english_metavar", param.metavar)
            param.metavar = (
                swedish_metavar(english_metavar) if english_metavar and _swedish() else english_metavar
            )
            # The English text is kept, so that the next run may speak the other language.
            english = param.__dict__.setdefault("english_help", getattr(param, "help", None))
            param.help = _help(english)
        return params

    def _say_help(self) -> None:
        command: Any = self
        english = command.__dict__.setdefault("english_help", command.help)
        command.help = _help(english)

    def get_short_help_str(self, limit: int = 45) -> str:
        self._say_help()
        text: str = super().get_short_help_str(limit)  # type: ignore[misc]
        return text

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        self._say_help()
        super().format_help_text(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces: list[str] = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(map(_word, pieces)), _word("Usage:") + " ")

    def format_options(self, ctx: Any, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {"Arguments": [], "Options": []}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                name, text = record
                if _swedish():
                    text = text.replace("[default: ", "[standard: ").replace("required]", "krävs]")
                kind = "Arguments" if param.param_type_name == "argument" else "Options"
                sections[kind].append((name, text))
        for title, rows in sections.items():
            if rows:
                with formatter.section(_word(title)):
                    formatter.write_dl(rows)
        if isinstance(self, typer.core.TyperGroup):
            commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
            shown = [(name, command) for name, command in commands if command and not command.hidden]
            if shown:
                limit = formatter.width - 6 - max(len(name) for name, _ in shown)
                with formatter.section(_word("Commands")):
                    formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in shown])

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _usage_errors():
            return super().make_context(*args, **kwargs)  # type: ignore[misc]

    def invoke(self, ctx: Any) -> Any:
        with _usage_errors():
            return super().invoke(ctx)  # type: ignore[misc]


# click's UsageError (a missing argument, an unknown option, a bad value), the
# base of typer.BadParameter; typer 0.29 carries its own copy of click, earlier
# typers use click itself, so it is found from what typer exports.
_UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


@contextmanager
def _usage_errors() -> Iterator[None]:
    """A usage error (a missing argument, an unknown option) said in the language of the run."""
    try:
        yield
    except _UsageError as error:
        # no_args_is_help's error is the help itself, already in the run's language: its own show prints it.
        if type(error).__name__ != "NoArgsIsHelpError":
            cast(Any, error).show = functools.partial(_show_usage_error, error)
        raise


def _show_usage_error(error: Any, file: IO[str] | None = None) -> None:
    """click's ``UsageError.show``, with its words in the language of the run."""
    out = sys.stderr if file is None else file
    if error.ctx is not None:
        typer.echo(error.ctx.get_usage(), file=out)
        command = error.ctx.command_path
        typer.echo(_word("Try '{command} --help' for help.").format(command=command) + "\n", file=out)
    message = error.format_message()  # click words some messages only here ("Missing argument")
    typer.echo(f"{_word('Error')}: {click_message(message) if _swedish() else message}", file=out)


class _Command(_PlainTypes, typer.core.TyperCommand):
    """Every command: its output printable (see :class:`_PrintableStream`), and
    its usage line in the words of its help: ``record PLAN INDICATOR YEAR
    [VALUE]``, where typer 0.29 writes ``{PLAN}`` and ``[[VALUE]]``."""

    def invoke(self, ctx: Any) -> Any:
        with _printable_output():
            return super().invoke(ctx)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, typer.core.TyperArgument):
                name = param.metavar or param.name or ""
                pieces.append(name if param.required or name.startswith("[") else f"[{name}]")
        return pieces


class _Group(_PlainTypes, typer.core.TyperGroup):
    """The program itself: its options (--version, --help) without types, and
    the language of the whole run, chosen before anything is said (``--help``
    and a usage error come before a command runs): ``--lang``, else
    ``MALSTYRNING_LANG``, else Swedish."""

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        chosen = _lang_in(argv)
        with malstyrning.use_language(chosen.value if chosen else malstyrning.current_language()):
            return super().main(argv, *rest, **kwargs)


def _lang_in(argv: list[str]) -> Lang | None:
    """The ``--lang`` given on the command line (its last, as click takes), if a valid one."""
    found: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return Lang(found) if found is not None and found in Lang.__members__ else None


def _metavar(option: typer.core.TyperOption) -> str:
    """What an option without a metavar of its own takes: its choices
    (``sv|en``), else its name (``--year`` takes ``YEAR``)."""
    # typer 0.29 keeps the choices in a type_descriptor; click and older typer, in the type.
    described = getattr(option, "type_descriptor", None) or getattr(option, "type", None)
    choices = getattr(described, "choices", None)
    if choices:
        return "|".join(str(getattr(choice, "value", choice)) for choice in choices)
    return (option.name or "value").upper().replace("_", "-")


class _Argument(typer.core.TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class _Typer(typer.Typer):
    def command(
        self, name: str | None = None, *, cls: type[typer.core.TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or _Command, **kwargs)


app = _Typer(
    cls=_Group,
    name="malstyrning",
    help="Goal governance (målstyrning) for Swedish municipalities: validate, assess and keep plans current.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help, as git and pip print theirs: no boxes, no padding at the
    # ends of lines, and words the command line can say in Swedish.
    rich_markup_mode=None,
    # click strips escape sequences from what it prints when the output is not
    # a terminal, before _PrintableStream sees them: a file named "e\x1b[31m.yaml"
    # was shown as "e.yaml". Nothing coloured goes through click (colours are
    # printed by own_escapes), so click is told to leave the text alone, and
    # the plan's text is escaped visibly, on a pipe as on a terminal.
    context_settings={"color": True},
)

EXIT_REFUSED = 1
EXIT_INVALID = 2

# The errors of a file write that say the path given cannot be used as it is
# (exit 2); any other (a full disk, an I/O error) is the system failing (exit 1).
_UNUSABLE_PATH = {
    errno.ENOENT,
    errno.ENOTDIR,
    errno.EISDIR,
    errno.EINVAL,
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.ENAMETOOLONG,
    errno.ELOOP,
    errno.EMLINK,
    errno.ENXIO,
}

Hint = Callable[[malstyrning.MalstyrningError], str | None]
"""What a command adds to a library error's message: its own options, say."""


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class Lang(StrEnum):
    sv = "sv"
    en = "en"


LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of messages and labels. Default: $MALSTYRNING_LANG, else sv.",
        show_default=False,
    ),
]
"""Every command's ``--lang``: with :func:`speaks`, the language of the whole command."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


def speaks(command: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``command`` in the language of its ``--lang`` (a :data:`LangOption`
    named ``lang``), else the environment's: one language for all it prints."""

    @functools.wraps(command)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        lang = kwargs.get("lang")
        chosen = lang.value if isinstance(lang, Lang) else malstyrning.current_language()
        with malstyrning.use_language(chosen):
            return command(*args, **kwargs)

    return run


def tr(en: str, sv: str, /, **fields: object) -> str:
    """``en`` or ``sv`` in the language of the command (as the library's own
    ``tr``, which the command line, using only the public API, does not import)."""
    template = en if malstyrning.current_language() == "en" else sv
    return template.format_map(fields) if fields else template


def _version(value: bool) -> None:
    if value:
        typer.echo(f"malstyrning {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    lang: LangOption = None,  # read before click parses anything: see _Group.main
) -> None:
    """Goal governance (målstyrning) for Swedish municipalities."""


def exit_code(error: malstyrning.MalstyrningError) -> int:
    """The exit code of a library error.

    1: a change was refused or could not be made (an outcome already there,
    a file that exists, the plan changed on disk, Kolada unreachable, an
    extra not installed, the disk full or another failure of the system
    while writing). 2: input that cannot be used (a plan or data file, an
    argument, a path to write that cannot be used as it is: its folder does
    not exist, a folder, a device, a write-protected file), and anything else.
    """
    if isinstance(error, malstyrning.OutputFileError):  # an UpdateError: which, says its errno
        return EXIT_INVALID if error.errno in _UNUSABLE_PATH else EXIT_REFUSED
    refused = (
        malstyrning.UpdateError,
        malstyrning.ConcurrentEditError,
        malstyrning.KoladaError,
        malstyrning.MissingExtraError,
    )
    return EXIT_REFUSED if isinstance(error, refused) else EXIT_INVALID


def show_error(
    error: malstyrning.MalstyrningError, *, plan: Path | None = None, hint: Hint | None = None
) -> int:
    """Print ``error`` on standard error as the command line says it; return its exit code.

    A plan or data file's problems are printed one per line. Any other error
    is one line: its message, then what ``hint`` adds; an error about the
    change to ``plan`` (refused, concurrent, Kolada) starts with the plan's
    name, unless it names a file of its own.
    """
    if isinstance(error, malstyrning.PlanError | malstyrning.DataFileError | malstyrning.ConfigError):
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        return EXIT_INVALID
    message = str(error) + ((hint(error) if hint else None) or "")
    about_the_plan = (malstyrning.UpdateError, malstyrning.ConcurrentEditError, malstyrning.KoladaError)
    # "<file>: <why>", "<file> already exists; ..."
    names_its_file = isinstance(error, malstyrning.OutputFileError | malstyrning.OutputExistsError)
    if plan is not None and isinstance(error, about_the_plan) and not names_its_file:
        message = f"{plan}: {message}"
    typer.echo(message, err=True)
    return exit_code(error)


@contextmanager
def library_errors(*, plan: Path | None = None, hint: Hint | None = None) -> Iterator[None]:
    """Turn a library error raised in the block into its message and exit code (see :func:`show_error`)."""
    try:
        yield
    except malstyrning.MalstyrningError as error:
        raise typer.Exit(show_error(error, plan=plan, hint=hint)) from None


def parse_year(text: str | int) -> int:
    """A year as the command line takes it (``parser=`` of a year option or
    argument): ASCII digits and nothing else, so ``2018.0`` and ``２０１８`` are
    usage errors, as in a CSV row. The range is :func:`checked_year`'s."""
    return _digits(text, lambda: _not_a_year(str(text)))


def _not_a_year(text: str) -> str:
    try:
        period = malstyrning.Period.parse(text)
    except ValueError:
        period = None
    if period is not None and not period.whole_year:
        return tr(
            "expected a year such as 2018, got {text!r}, a period: assess, report, show and "
            "explain take one with --period; record and import write years only (write a "
            "period's value into utfall in the plan)",
            "ska vara ett år, till exempel 2018, men här står {text!r}, en period: assess, "
            "report, show och explain tar en med --period; record och import skriver bara år "
            "(skriv en periods värde i planens utfall)",
            text=text,
        )
    return tr(
        "expected a year such as 2018, got {text!r}",
        "ska vara ett år, till exempel 2018, men här står {text!r}",
        text=text,
    )


def parse_date(text: str | dt.date) -> dt.date:
    """A day as the command line takes it (``parser=`` of a date option): YYYY-MM-DD."""
    if isinstance(text, dt.date):  # a default, converted by click as it converts a value given
        return text
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise typer.BadParameter(
        tr(
            "expected a date such as 2022-03-16, got {text!r}",
            "ska vara ett datum som 2022-03-16, men här står {text!r}",
            text=text,
        )
    )


def parse_count(text: str | int) -> int:
    """A number of things (``report --years``): ASCII digits and nothing else."""
    return _digits(
        text,
        lambda: tr(
            "expected a whole number such as 3, got {text!r}",
            "ska vara ett heltal, till exempel 3, men här står {text!r}",
            text=text,
        ),
    )


def _digits(text: str | int, message: Callable[[], str]) -> int:
    """``text`` read as ASCII digits and nothing else; else a usage error saying ``message()``."""
    if isinstance(text, int):  # a default, converted by click as it converts a value given
        return text
    if re.fullmatch(r"[0-9]{1,4000}", text):  # int() reads at most 4300 digits
        return int(text)
    raise typer.BadParameter(message())


def checked_year(value: int, option: str) -> int:
    """``value`` of the year option (or argument) ``option``; a usage error (exit 2) outside the years
    a plan may name (:data:`malstyrning.FIRST_YEAR` to :data:`malstyrning.LAST_YEAR`)."""
    if malstyrning.FIRST_YEAR <= value <= malstyrning.LAST_YEAR:
        return value
    raise fail(
        tr(
            "{option}: expected a year between {first} and {last}, got {value}",
            "{option}: ange ett år mellan {first} och {last}, inte {value}",
            option=option,
            first=malstyrning.FIRST_YEAR,
            last=malstyrning.LAST_YEAR,
            value=value,
        )
    )


def output_file(output: Path | None) -> Path | None:
    """The file ``-o`` names, or None for standard output: ``-o -`` means standard output,
    as init's PATH ``-`` does (a file called "-" would be a surprise to find)."""
    return None if output is not None and str(output) == "-" else output


def force_hint(error: malstyrning.MalstyrningError) -> str | None:
    """What to add when an output file exists: the option that replaces it."""
    if isinstance(error, malstyrning.OutputExistsError):
        return tr("; use --force to replace it", "; använd --force för att ersätta den")
    return None


def fail(message: str, code: int = EXIT_INVALID) -> typer.Exit:
    """Print ``message`` (a usage error the CLI found itself) on stderr; return the Exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)


# The arguments and options several commands share, written once (as LangOption).
PlanArgument = Annotated[
    Path, typer.Argument(help="The plan file (YAML).", metavar="PLAN", show_default=False)
]
PlansArgument = Annotated[
    list[Path], typer.Argument(help="Plan files (YAML).", metavar="PLAN...", show_default=False)
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="Period to assess at its end: 2018-T2, 2018-H1, 2018-Q3, 2018-05, or a year.",
    ),
]
ReportIdOption = Annotated[
    str | None,
    typer.Option(
        "--rapport",
        help="Report in the plan's calendar (rapporter) to assess at, e.g. delår.",
    ),
]
ChosenYearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        parser=parse_year,
        help="Year to assess. Default: the latest report in the plan's calendar with a value.",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


def assess_chosen(
    plan: malstyrning.Plan, year: int | None, period: str | None, report_id: str | None
) -> malstyrning.Assessment:
    """``plan`` assessed for what the options ask: ``--year``, ``--period`` or
    ``--rapport`` (at most one); none of them: the report :func:`malstyrning.choose_report`
    chooses. Library errors propagate (run inside :func:`library_errors`)."""
    year, at = chosen(plan, year, period, report_id)
    return malstyrning.assess(plan, year=year, period=at)


def kommun_config(path: Path | None = None) -> malstyrning.KommunConfig | None:
    """The ``malstyrning.toml`` in ``path``'s folder or above it (a plan file or folder;
    without one, the current directory's), read; None when there is none. Only
    above the plan: a repository's settings never reach a plan outside it."""
    found = malstyrning.find_config(path) if path is not None else malstyrning.find_config()
    return malstyrning.load_config(found) if found is not None else None


def load_configured(path: Path) -> malstyrning.Plan:
    """The plan at ``path`` with its repository's ``malstyrning.toml`` applied."""
    return malstyrning.with_config(malstyrning.load_plan(path), kommun_config(path))


def load_kommun_configured(path: Path) -> malstyrning.Kommun:
    """The kommun's plans in the folder ``path``, with ``malstyrning.toml`` applied."""
    return malstyrning.load_kommun(path, config=kommun_config(path))


def plan_or_year(path: Path) -> Path:
    """``path``; a bare year (``2018``) that is no file or folder names the year's
    folder in a kommun repository: ``<malstyrning.toml's folder>/<planer>/2018``."""
    if path.exists() or not re.fullmatch(r"\d{4}", str(path)):
        return path
    found = malstyrning.find_config()
    if found is None:
        return path
    folder = found.parent / malstyrning.load_config(found).plans / str(path)
    try:  # as the user would have written it: relative to where they stand
        return Path(os.path.relpath(folder))
    except ValueError:  # another drive (Windows)
        return folder


def assess_kommun_chosen(
    kommun: malstyrning.Kommun, year: int | None, period: str | None, report_id: str | None
) -> malstyrning.KommunAssessment:
    """Every plan of ``kommun`` assessed for what the options ask, as
    :func:`assess_chosen` asks it of the plan the others serve (the council's; else
    the first plan): its calendar decides ``--rapport`` for all; without options,
    :func:`malstyrning.choose_kommun_report`."""
    served = kommun.served()
    lead = served[0] if served else kommun.plans[0]
    if year is None and period is None and report_id is None:
        return malstyrning.assess_kommun(kommun, period=malstyrning.choose_kommun_report(kommun).period)
    year, at = chosen(lead.plan, year, period, report_id)
    return malstyrning.assess_kommun(kommun, year=year, period=at)


def explain_chosen(
    plan: malstyrning.Plan, item: str, year: int | None, period: str | None, report_id: str | None
) -> malstyrning.Explanation:
    """The indicator or goal ``item`` of ``plan`` explained for what the options
    ask, as :func:`assess_chosen` assesses."""
    year, at = chosen(plan, year, period, report_id)
    return malstyrning.explain(plan, item, year=year, period=at)


def chosen(
    plan: malstyrning.Plan, year: int | None, period: str | None, report_id: str | None
) -> tuple[int | None, malstyrning.Period | None]:
    """The year or the period ``--year``, ``--period`` or ``--rapport`` ask for
    (at most one may be given); none of them: the period of the report
    :func:`malstyrning.choose_report` chooses."""
    given = [
        name for name, value in (("--year", year), ("--period", period), ("--rapport", report_id)) if value
    ]
    if len(given) > 1:
        raise fail(
            tr(
                "give one of --year, --period and --rapport, not {given}",
                "ange ett av --year, --period och --rapport, inte {given}",
                given=" ".join(given),
            )
        )
    if year is not None:
        return checked_year(year, "--year"), None
    if report_id is not None:
        return None, malstyrning.find_report(plan, report_id).period
    if period is not None:
        return None, parse_period(period)
    return None, malstyrning.choose_report(plan).period


def parse_period(text: str) -> malstyrning.Period:
    """``--period``'s text as a period; a usage error (exit 2) for anything else."""
    try:
        found = malstyrning.Period.parse(text)
    except ValueError:
        found = None
    if found is None or not malstyrning.FIRST_YEAR <= found.year <= malstyrning.LAST_YEAR:
        raise fail(
            tr(
                "--period: expected a period such as 2018-T2, 2018-H1, 2018-Q3 or 2018-05, "
                "or a year, got {text!r}",
                "--period: ange en period som 2018-T2, 2018-H1, 2018-K3 eller 2018-05, "
                "eller ett år, inte {text!r}",
                text=text,
            )
        )
    return found
