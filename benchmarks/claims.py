"""Generated answers from a real local model, claim by claim, over the dev set (issue 16):
per answer, the claims kept (quoted from the passage they cited), re-attributed (quoted
from another passage) and dropped (no source supports them), how the answer ended
(generated, or the extractive one standing in and why), and the time per answer.

    python -m benchmarks.claims                 # SmolLM2-135M on 127.0.0.1 (benchmarks/local_model.py)
    python -m benchmarks.claims --base-url URL --model NAME   # any other OpenAI-compatible server

Writes benchmarks/results/claims-<model>.json (every reply as written, with its claims) and
prints the table the README quotes. The claims are those of the reply as the model wrote
it, checked whatever becomes of the answer: a reply citing no passage still has its
sentences checked, though the extractive answer stands in for it.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from .common import ROOT, dev_questions
from .local_model import MODEL, THREADS, serve


def run(base_url: str, model: str, index: Path) -> list[dict]:
    from assistant import Assistant, Settings
    from assistant.answering import generative

    settings = Settings(answerer="openai", openai_base_url=base_url, llm_model=model, llm_timeout=600,
                        llm_retries=0)
    bot = Assistant(sources=ROOT / "seeds", index=index, settings=settings)
    bot.refresh()
    replies: list = []
    checked = generative.GenerativeAnswerer.checked

    def recording(self, question, vector, reply, *args):  # the reply as checked, whatever the answer becomes
        replies.append(reply)
        return checked(self, question, vector, reply, *args)

    generative.GenerativeAnswerer.checked = recording
    rows = []
    try:
        for item in dev_questions():
            before = len(replies)
            start = time.perf_counter()
            answer = bot.ask(item["question"], history=item.get("history"))
            seconds = time.perf_counter() - start
            reply = replies[-1] if len(replies) > before else None
            claims = reply.claims if reply is not None else []
            rows.append({
                "id": item["id"], "question": item["question"], "seconds": round(seconds, 1),
                "mode": answer.mode, "found": answer.found, "fallback": answer.fallback,
                "kept": sum(c.supported and not c.reattributed for c in claims),
                "reattributed": sum(c.supported and c.reattributed for c in claims),
                "dropped": sum(not c.supported for c in claims),
                "cited_a_passage": bool(reply and reply.cited),
                "reply": reply.written if reply is not None else None,
                "claims": [{"text": c.text, "supported": c.supported, "reattributed": c.reattributed}
                           for c in claims],
                "usage": answer.usage,
            })
            print(f"[claims] {item['id']}: {rows[-1]['seconds']} s, {answer.mode}, kept {rows[-1]['kept']}, "
                  f"reattributed {rows[-1]['reattributed']}, dropped {rows[-1]['dropped']}", file=sys.stderr)
    finally:
        generative.GenerativeAnswerer.checked = checked
    return rows


def summary(rows: list[dict]) -> str:
    n = len(rows)
    total = {k: sum(r[k] for r in rows) for k in ("kept", "reattributed", "dropped")}
    times = [r["seconds"] for r in rows]
    reasons: dict[str, int] = {}
    for r in rows:
        reason = r["fallback"] or ("generated answer" if r["mode"] == "openai" else "—")
        reasons[reason] = reasons.get(reason, 0) + 1
    per = {k: f"{v / n:.2f}" for k, v in total.items()}
    lines = ["| answers | claims per answer: kept | re-attributed | dropped | replies citing a passage | "
             "seconds per answer: median | mean | max |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |",
             f"| {n} | {per['kept']} | {per['reattributed']} | {per['dropped']} | "
             f"{sum(r['cited_a_passage'] for r in rows)} | {statistics.median(times):.1f} | "
             f"{statistics.mean(times):.1f} | {max(times):.1f} |", "",
             "| how the answer ended | answers |", "| --- | --- |"]
    lines += [f"| {reason} | {count} |" for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="an OpenAI-compatible server; default: SmolLM2 started here")
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    args = parser.parse_args()
    with (nullcontext(args.base_url) if args.base_url else serve(args.threads)) as url:
        rows = run(url, args.model, args.index)
    out = ROOT / "benchmarks" / "results" / f"claims-{args.model.lower()}.json"
    out.write_text(json.dumps({"model": args.model, "threads": args.threads, "rows": rows}, indent=1,
                              ensure_ascii=False) + "\n", encoding="utf-8")
    print(summary(rows))


if __name__ == "__main__":
    main()
