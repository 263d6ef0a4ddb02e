#!/usr/bin/env python3
"""Write README.md from nbs/index.ipynb without Quarto (`nbdev_readme` needs it).

Cells flagged `#| hide` are dropped, directive lines are removed, saved text outputs are kept.
With --check it only reports whether README.md is up to date (exit 1 if not).
"""
import argparse, os, sys, tempfile
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter

ROOT = Path(__file__).resolve().parent.parent

def readme_text(nb_path=ROOT/'nbs'/'index.ipynb') -> str:
    nb = nbformat.read(nb_path, as_version=4)
    cells = []
    for cell in nb.cells:
        lines = cell.source.splitlines()
        if any(l.strip().startswith('#| hide') for l in lines): continue
        cell.source = '\n'.join(l for l in lines if not l.strip().startswith('#|')).strip('\n')
        if cell.cell_type == 'code':   # keep plain-text output only: no embedded players or images in a README
            cell.outputs = [o for o in cell.outputs if o.output_type == 'stream'
                            or 'text/plain' in o.get('data', {}) and len(o['data']) == 1]
        cells.append(cell)
    nb.cells = cells
    body, _ = MarkdownExporter().from_notebook_node(nb)
    header = '<!-- generated from nbs/index.ipynb by tools/make_readme.py (make readme): edit the notebook, not this file -->\n\n'
    return header + body.strip() + '\n'

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--check', action='store_true')
    args = ap.parse_args()
    text, out = readme_text(), ROOT/'README.md'
    if args.check:
        ok = out.exists() and out.read_text() == text
        print('README.md is up to date' if ok else 'README.md is stale: run `make readme`')
        sys.exit(0 if ok else 1)
    fd, tmp = tempfile.mkstemp(dir=ROOT, prefix='.README.', suffix='.tmp')
    with os.fdopen(fd, 'w') as f: f.write(text)
    os.replace(tmp, out)
    print(f'wrote {out}')

if __name__ == '__main__': main()
