"""The command line: a thin skin over Assistant.

    treaty-assistant index [--sources DIR] [--index DIR] [--rebuild]
    treaty-assistant sources show FILE
    treaty-assistant ask "Does the pact include arms transfers?" [--json]
    treaty-assistant chat
    treaty-assistant slack [--http --port N]
    treaty-assistant serve [--host H --port N]
"""
from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Cited answers about the Russia–Iran strategic partnership treaty.")

SourcesOption = Annotated[Optional[Path], typer.Option(
    "--sources", envvar="TREATY_SOURCES", help="Folder of source articles [default: seeds]")]
IndexOption = Annotated[Optional[Path], typer.Option(
    "--index", envvar="TREATY_INDEX", help="Folder of the persisted index [default: index]")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or notes")]


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def user_errors() -> tuple[type[Exception], ...]:
    """What a command shows as one line: UserError, and the errors of the index and the
    embeddings, which do not derive from it yet (their modules' owners are to take it)."""
    from .embeddings import EmbeddingsUnavailable, MissingKey
    from .errors import UserError
    from .indexing import ModelMismatch, SourcesMissing

    return UserError, SourcesMissing, ModelMismatch, MissingKey, EmbeddingsUnavailable


@contextmanager
def one_line() -> Iterator[None]:
    """A user error inside becomes `error: …` on stderr and a non-zero exit (2 for a bad
    question, as for bad usage; else 1), never a traceback."""
    from .core import QuestionError

    try:
        yield
    except user_errors() as exc:
        raise fail(str(exc), 2 if isinstance(exc, QuestionError) else 1) from None


def settings_for(sources: Path | None, index: Path | None):
    """The settings, with the command line's folders over the environment's."""
    from .settings import Settings

    update = {k: v for k, v in (("sources", sources), ("index", index)) if v is not None}
    return Settings().model_copy(update=update)


def build_assistant(sources: Path | None, index: Path | None, quiet: bool):
    """An Assistant with a fresh index; indexing progress goes to stderr."""
    from .core import Assistant

    assistant = Assistant(settings=settings_for(sources, index))
    with one_line():
        report = assistant.refresh(progress=None if quiet else progress_bar())
    if not quiet and not report.up_to_date:
        typer.echo(report.summary(), err=True)
    return assistant


def progress_bar():
    """A callback drawing a tqdm bar on stderr for chunks embedded so far."""
    from tqdm import tqdm

    bar: list[tqdm] = []

    def update(done: int, total: int) -> None:
        if not bar:
            bar.append(tqdm(total=total, unit="chunk", desc="embedding", file=sys.stderr))
        bar[0].update(done - bar[0].n)
        if done >= total:
            bar[0].close()

    return update


@app.command()
def index(sources: SourcesOption = None, index: IndexOption = None, quiet: QuietOption = False,
          rebuild: Annotated[bool, typer.Option(help="Re-embed everything (e.g. after changing models)")] = False):
    """Build or refresh the index: only added and changed files are embedded."""
    from .indexing import refresh

    settings = settings_for(sources, index)
    with one_line():
        report = refresh(settings, progress=None if quiet else progress_bar(), rebuild=rebuild)
    for key, reason in report.skipped:
        typer.echo(f"skipped {key}: {reason}", err=True)
    if not quiet:
        print_cleaning(settings, report)
    typer.echo(report.summary())


def print_cleaning(settings, report) -> None:
    """Per file: blocks kept, and removed as furniture or as repeats, and each sentence flagged
    as addressed to an AI, quoted; nothing is dropped without a word."""
    from .report import ReportUnavailable, counts, source_report

    for key, state in sorted(report.files.items()):
        if state.skipped:
            continue
        typer.echo(f"{key}: {counts(state)}")
        if state.flagged:
            try:
                report_ = source_report(Path(settings.sources), key, state, settings.max_source_mb)
            except ReportUnavailable as exc:
                typer.echo(f"  ({exc})")
                continue
            for line in report_.flagged_lines:
                typer.echo(f"  flagged, line {line.line}: “{shorten(line.text)}”")
    if any(state.furniture or state.duplicate or state.flagged for state in report.files.values()):
        typer.echo("(`treaty-assistant sources show FILE` shows each removed line and why)")


def shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


sources_app = typer.Typer(no_args_is_help=True, help="What the index kept of the source files, and why.")
app.add_typer(sources_app, name="sources")


@sources_app.command("show")
def sources_show(file: Annotated[str, typer.Argument(help="A source file, as citations name it or inside "
                                                          "the sources folder")],
                 sources: SourcesOption = None, index: IndexOption = None):
    """Show a source file as indexed: each block (paragraph, line, table row) kept, or removed
    as furniture, as a repeat, or flagged as addressed to an AI, and why."""
    from .core import Assistant, SourceNotIndexed
    from .report import KEPT

    assistant = Assistant(settings=settings_for(sources, index))
    try:
        report = assistant.source_report(file)
    except SourceNotIndexed as exc:
        raise fail(str(exc)) from None
    typer.echo(f"{report.file}: " + (f"skipped: {report.skipped}" if report.skipped else
                                       f"{report.kept} kept; removed {report.furniture} as furniture, "
                                       f"{report.duplicate} as duplicates; {report.flagged} flagged"))
    article = None
    for line in report.lines:
        if line.source != article and line.source != report.file:
            typer.echo(f"— {line.source}")
        article = line.source
        where = f"p{line.page}:{line.line}" if line.page is not None else str(line.line)
        mark = "" if line.mark == KEPT else f"  [{line.mark}: {line.reason}]"
        typer.echo(f"{where:>7} {'+' if line.mark == KEPT else '-'} {shorten(line.text, 160)}{mark}")


def render(answer, with_text: bool = True) -> str:
    """The answer as plain text: its text with the Markdown escapes of quoted text taken off
    (assistant/markup.py), a note, then each citation with the article's label, the file
    it quotes and where, a quoted table row's header (dim) and the quote."""
    from .markup import unescape

    lines = [unescape(answer.text)] if with_text else []
    if answer.remark:
        lines.append(f"\n({answer.remark})")
    if answer.citations:
        lines.append("\nSources:")
        for c in answer.citations:
            where = f"page {c.page}, {c.start}–{c.end}" if c.page else f"{c.start}–{c.end}"
            mark = " (re-attributed)" if c.reattributed else ""
            label = f"{c.label} — " if c.publisher or c.title else ""  # else it is the file's name
            line = f"  [{c.n}] {label}{c.source} ({where}){mark}:"
            if c.header:
                line += "\n      " + typer.style(c.header, dim=True) + "\n     "
            lines.append(f"{line} “{c.quote}”")
    return "\n".join(lines)


def respond(assistant, question: str, history: list[dict[str, str]] | None = None):
    """Answer and print: a generated answer streams as it is written, then its sources."""
    stream = assistant.stream(question, history=history)
    for piece in stream:
        typer.echo(piece, nl=False)
    answer, streamed = stream.answer, stream.written
    if streamed and answer.text == streamed.strip():
        typer.echo("\n" + render(answer, with_text=False))
    else:  # nothing streamed, or a fallback replaced what was
        typer.echo(("\n\n" if streamed else "") + render(answer))
    return answer


@app.command()
def ask(question: Annotated[str, typer.Argument(help="The question, in plain language")],
        sources: SourcesOption = None, index: IndexOption = None, quiet: QuietOption = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print the Answer as JSON")] = False):
    """Answer one question with citations."""
    from .core import clean_question

    with one_line():  # before the index is loaded: a bad question should not wait for the model
        clean_question(question, settings_for(sources, index).max_question_chars)
    assistant = build_assistant(sources, index, quiet or as_json)
    with one_line():
        if not as_json:
            respond(assistant, question)
            return
        answer = assistant.ask(question)
    typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))


@app.command()
def chat(sources: SourcesOption = None, index: IndexOption = None, quiet: QuietOption = False):
    """A conversation in the terminal; follow-up questions use what came before."""
    from .errors import UserError

    assistant = build_assistant(sources, index, quiet)
    history: list[dict[str, str]] = []
    typer.echo("Ask about the Russia–Iran treaty (empty line or Ctrl-D to quit).")
    if not quiet:
        settings = assistant.settings
        typer.echo(f"Answers are written by {settings.llm_model}." if settings.use_openai_answerer
                   else "Answers are quoted from the sources (set OPENAI_API_KEY for written ones).")
    while True:
        try:
            question = input("\n> ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not question:
            break
        try:
            answer = respond(assistant, question, history)
        except UserError as exc:
            typer.secho(str(exc), fg=typer.colors.YELLOW)
            continue
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]


@app.command()
def slack(sources: SourcesOption = None, index: IndexOption = None, quiet: QuietOption = False,
          http: Annotated[bool, typer.Option(
              "--http", help="Take Slack's Events API over HTTP (SLACK_SIGNING_SECRET) instead of Socket Mode")] = False,
          host: Annotated[str | None, typer.Option(help="HTTP mode: address to listen on (default 127.0.0.1)")] = None,
          port: Annotated[int | None, typer.Option(help="HTTP mode: port (default 3000)")] = None):
    """Answer @mentions and direct messages in Slack, in threads (SLACK_BOT_TOKEN, and
    SLACK_APP_TOKEN for Socket Mode or SLACK_SIGNING_SECRET for --http)."""
    from .slack import check, run

    try:
        with one_line():
            check(settings_for(sources, index), http)
            assistant = build_assistant(sources, index, quiet)
            if not quiet:
                logging.getLogger("assistant").setLevel(logging.INFO)
            run(assistant, http=http, host=host, port=port)
    except KeyboardInterrupt:
        pass


@app.command()
def serve(sources: SourcesOption = None, index: IndexOption = None, quiet: QuietOption = False,
          host: Annotated[Optional[str], typer.Option(help="Address to listen on [env TREATY_WEB_HOST; "
                                                           "default 127.0.0.1]")] = None,
          port: Annotated[Optional[int], typer.Option(help="Port [env TREATY_WEB_PORT; default 7860]")] = None):
    """The web chat: cited answers, each citation opening its source highlighted. The page
    is up at once; on first start it shows the index being built (TREATY_WEB_AUTH=user:password
    asks for a login)."""
    from . import web

    settings = settings_for(sources, index)
    settings = settings.model_copy(update={k: v for k, v in (("web_host", host), ("web_port", port)) if v})
    try:
        with one_line():
            web.serve(settings, progress=None if quiet else progress_bar(),
                      on_start=lambda url: typer.echo(f"Treaty Assistant is up at {url} (Ctrl-C to stop)",
                                                      err=True))
    except OSError:  # Gradio's message names its own knobs; ours are --host/--port
        raise fail(f"cannot serve on {settings.web_host}:{settings.web_port}: is the port in use? "
                   "Choose another with --port or TREATY_WEB_PORT") from None
    except KeyboardInterrupt:
        pass


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from .embeddings import EmbeddingsUnavailable

    try:
        app()
    except EmbeddingsUnavailable as exc:  # answers fall back by themselves; indexing cannot
        typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
        sys.exit(1)


if __name__ == "__main__":
    main()
