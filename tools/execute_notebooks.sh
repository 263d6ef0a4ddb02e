#!/usr/bin/env bash
# Re-run notebooks in place so their saved outputs (tables, plots, audio players) are current:
# Quarto builds the docs from saved outputs and never executes notebooks itself.
# usage: tools/execute_notebooks.sh [nbs/NAME.ipynb ...]   (default: every notebook in nbs/)
set -euo pipefail
cd "$(dirname "$0")/.."
nbs=("$@"); [ ${#nbs[@]} -gt 0 ] || nbs=(nbs/[0-9]*.ipynb nbs/index.ipynb nbs/articles/*.ipynb)
nbdev_export
for nb in "${nbs[@]}"; do
  echo "executing $nb"
  jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=1800 --ExecutePreprocessor.store_widget_state=False --log-level WARN "$nb"
done
nbdev_clean
python tools/make_readme.py
