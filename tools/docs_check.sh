#!/usr/bin/env bash
# Offline check of the docs (Quarto is not installable here): nbdev's notebook processing,
# then nbconvert to HTML, then every page opened in headless Chromium (tools/browser_check.py: screenshot,
# console errors, audio metadata, click-to-hear figures, page weight) into _docs_check/. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
out=_docs_check
rm -rf "$out" && mkdir -p "$out"
python - <<'PY'
import warnings
warnings.filterwarnings('error', message='Found cells containing imports')   # nbdev would run such a cell whole while building the docs
import pathlib, re
listed = set(re.findall(r'-\s+(\S+\.ipynb)', pathlib.Path('nbs/sidebar.yml').read_text()))
missing = sorted(str(p.relative_to('nbs')) for p in pathlib.Path('nbs').rglob('*.ipynb')
                 if '.ipynb_checkpoints' not in p.parts and str(p.relative_to('nbs')) not in listed)
if missing: raise SystemExit(f'nbs/sidebar.yml does not list {missing}: add them where they belong')
from nbdev.quarto import refresh_quarto_yml
from nbdev.serve import proc_nbs
refresh_quarto_yml()
proc_nbs('nbs', n_workers=0)   # writes _proc/ exactly as nbdev_docs hands it to Quarto
PY
python - <<'PY'
# What Quarto would hide: the frontmatter raw cell, and the source of `#| echo: false` cells (show_doc).
import nbformat, pathlib
for p in pathlib.Path('_proc').rglob('*.ipynb'):
    nb = nbformat.read(p, as_version=4)
    nb.cells = [c for c in nb.cells if c.cell_type != 'raw']
    for c in nb.cells:
        c.pop('has_sd', None)                 # nbdev's own marker, not nbformat: nbconvert would call the notebook invalid
        if c.cell_type == 'code' and '#| echo: false' in c.source: c.metadata['tags'] = sorted(set(c.metadata.get('tags', [])) | {'remove_input'})
    nbformat.write(nb, p)
PY
find _proc -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort | while read -r nb; do
  rel=$(dirname "${nb#_proc/}")          # articles/ and any other sub-folder keep their place
  mkdir -p "$out/$rel"
  jupyter nbconvert --to html --log-level ERROR --TagRemovePreprocessor.remove_input_tags=remove_input \
    --TemplateExporter.extra_template_basedirs=tools/docs_template --template offline \
    --output-dir "$out/$rel" "$nb"
done
# files the pages link to (figures saved next to the notebooks), where Quarto would copy them
for d in nbs/*/; do [ "$(basename "$d")" = "articles" ] || cp -r "$d" "$out/"; done
python tools/browser_check.py "$out"
