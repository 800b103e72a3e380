"""The command line: a thin skin over Assistant.

    treaty-assistant index [--sources DIR] [--index DIR] [--rebuild]
    treaty-assistant ask "Does the pact include arms transfers?" [--json]
    treaty-assistant chat
"""
from __future__ import annotations

import json
import logging
import sys
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


def settings_for(sources: Path | None, index: Path | None):
    """The settings, with the command line's folders over the environment's."""
    from .settings import Settings

    update = {k: v for k, v in (("sources", sources), ("index", index)) if v is not None}
    return Settings().model_copy(update=update)


def build_assistant(sources: Path | None, index: Path | None, quiet: bool):
    """An Assistant with a fresh index; indexing progress goes to stderr."""
    from .core import Assistant
    from .indexing import ModelMismatch, SourcesMissing

    assistant = Assistant(settings=settings_for(sources, index))
    try:
        report = assistant.refresh(progress=None if quiet else progress_bar())
    except (SourcesMissing, ModelMismatch) as exc:
        raise fail(str(exc)) from None
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
    from .indexing import ModelMismatch, SourcesMissing, refresh

    try:
        report = refresh(settings_for(sources, index), progress=None if quiet else progress_bar(),
                         rebuild=rebuild)
    except (SourcesMissing, ModelMismatch) as exc:
        raise fail(str(exc)) from None
    for key, reason in report.skipped:
        typer.echo(f"skipped {key}: {reason}", err=True)
    typer.echo(report.summary())


def render(answer) -> str:
    lines = [answer.text]
    if answer.note and not answer.disagreement:
        lines.append(f"\n({answer.note})")
    if answer.citations:
        lines.append("\nSources:")
        for c in answer.citations:
            lines.append(f"  [{c.n}] {c.source} ({c.start}–{c.end}): “{c.quote}”")
    return "\n".join(lines)


@app.command()
def ask(question: Annotated[str, typer.Argument(help="The question, in plain language")],
        sources: SourcesOption = None, index: IndexOption = None, quiet: QuietOption = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print the Answer as JSON")] = False):
    """Answer one question with citations."""
    from .core import QuestionError

    assistant = build_assistant(sources, index, quiet or as_json)
    try:
        answer = assistant.ask(question)
    except QuestionError as exc:
        raise fail(str(exc), code=2) from None
    typer.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) if as_json else render(answer))


@app.command()
def chat(sources: SourcesOption = None, index: IndexOption = None, quiet: QuietOption = False):
    """A conversation in the terminal; follow-up questions use what came before."""
    from .core import QuestionError

    assistant = build_assistant(sources, index, quiet)
    history: list[dict[str, str]] = []
    typer.echo("Ask about the Russia–Iran treaty (empty line or Ctrl-D to quit).")
    while True:
        try:
            question = input("\n> ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not question:
            break
        try:
            answer = assistant.ask(question, history=history)
        except QuestionError as exc:
            typer.secho(str(exc), fg=typer.colors.YELLOW)
            continue
        typer.echo(render(answer))
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
