"""An article whose sentences carry what Markdown and Slack would read as syntax: footnote
marks ("by 2030 [7]."), emphasis ("*HS-27*"), and "<", "&". Shared by the tests of every
face (issue 13): quoted text must show exactly as the source wrote it, and only the
answer's own [n] markers may act as citation markers."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

PUBLISHER, DATE = "Caspian Freight Weekly", "2025-01-20"
LABEL = f"{PUBLISHER}, {DATE}"
FREIGHT_SENTENCE = ("Officials expect the North–South corridor to carry about 15 million tonnes of freight "
                    "a year by 2030 [7].")
BORDER_SENTENCE = "The new line will run from Rasht to the Iranian border [3]."
TARIFF_SENTENCE = ("Tariffs on goods listed under *HS-27* (mineral fuels) will fall to <5% & customs checks "
                   "will move to the border, the ministry said.")
ARTICLE = {
    "title": "Rail corridor to carry more freight under the Russia–Iran pact",
    "publisher": PUBLISHER, "date": DATE, "url": "https://freight.example.com/rasht-astara",
    "text": ("The Rasht–Astara railway, financed by a Russian state loan, is the missing link of the "
             f"corridor. {FREIGHT_SENTENCE} {BORDER_SENTENCE}\n\n{TARIFF_SENTENCE}"),
}
FREIGHT = "How many tonnes of freight will the North–South corridor carry a year by 2030?"
TARIFFS = "Which goods will see tariffs fall to under 5 percent?"


def write_corpus(folder: Path, seeds: Path) -> Path:
    """The seed articles and, beside them, a news dump holding ARTICLE (its line 1)."""
    shutil.copytree(seeds, folder)
    (folder / "freight.jsonl").write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    return folder
