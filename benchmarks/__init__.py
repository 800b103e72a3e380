"""Speed, memory and retrieval-quality measurements of the project's real code paths.

`python -m benchmarks.run` (`make bench`) writes results.md, results.json and results.png
to benchmarks/results/; `--quick` runs every benchmark on small samples (the CI test).
"""
