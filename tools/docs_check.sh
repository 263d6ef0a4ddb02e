#!/usr/bin/env bash
# Offline check of the docs (Quarto is not installable here): nbdev's notebook processing,
# then nbconvert to HTML, then headless Chromium screenshots of every page into _docs_check/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=_docs_check
rm -rf "$out" && mkdir -p "$out"
python - <<'PY'
from nbdev.quarto import refresh_quarto_yml
from nbdev.serve import proc_nbs
refresh_quarto_yml()
proc_nbs('nbs', n_workers=0)   # writes _proc/ exactly as nbdev_docs hands it to Quarto
PY
python - <<'PY'
# What Quarto would hide: the frontmatter raw cell, and the source of `#| echo: false` cells (show_doc).
import nbformat, pathlib
for p in pathlib.Path('_proc').glob('*.ipynb'):
    nb = nbformat.read(p, as_version=4)
    nb.cells = [c for c in nb.cells if c.cell_type != 'raw']
    for c in nb.cells:
        if c.cell_type == 'code' and '#| echo: false' in c.source: c.metadata.setdefault('tags', []).append('remove_input')
    nbformat.write(nb, p)
PY
for nb in _proc/*.ipynb; do
  jupyter nbconvert --to html --log-level WARN --TagRemovePreprocessor.remove_input_tags=remove_input \
    --output-dir "$out" "$nb"
done
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then echo "no Chromium found: HTML pages are in $out/, no screenshots"; exit 0; fi
for page in "$out"/*.html; do
  "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$(mktemp -d)" --hide-scrollbars --window-size=1100,2400 \
    --screenshot="${page%.html}.png" "file://$PWD/$page" >/dev/null 2>&1 || echo "screenshot failed: $page"
done
ls -la "$out"
