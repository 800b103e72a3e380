"""A new article for the tests that add a source (issue 15): a fact no seed article holds,
so a question about it is answered only once the article is indexed."""
from __future__ import annotations

NAME = "lunar_programme.txt"
QUESTION = "When will the joint lunar orbiter be launched?"
ANSWER = "2029"
ARTICLE = """Russia and Iran agree joint lunar research programme under strategic treaty

Caspian Science Wire
20 January 2025

Russia and Iran will run a joint lunar research programme under the Comprehensive Strategic \
Partnership Treaty, the two countries' space agencies said on Monday.

The agencies plan to launch a shared lunar orbiter, named Simorgh-Luna, in 2029, according to \
their joint statement.

Iranian engineers will train at the Baikonur cosmodrome for two years before the launch, the \
statement added.
"""
