#!/usr/bin/env python3
"""Streaming benchmark: encode + decode synthetic pieces of several lengths, each in a fresh interpreter.

usage: python tools/bench_streaming.py WEIGHTS [SECONDS ...]   (default lengths: 60 600)
Prints, per length: events, encode and decode real-time factors (time / audio duration), and peak resident memory.
The measuring is `sparse_events.bench.measure_streaming`; the input is `sparse_events.testing.synthetic_piece`.
"""
import sys, tempfile
from pathlib import Path
from sparse_events.audio import write_blocks
from sparse_events.bench import measure_streaming
from sparse_events.codec import weights_metadata
from sparse_events.config import CodecConfig
from sparse_events.testing import synthetic_piece

def main(argv):
    if not argv or argv[0] in ('-h', '--help'): print(__doc__); return 0 if argv else 2
    weights, lengths = argv[0], [float(s) for s in argv[1:]] or [60, 600]
    sr = CodecConfig.from_json(weights_metadata(weights)['config']).sr
    print(f"{'seconds':>8} {'events':>7} {'encode s':>9} {'encode RTF':>10} {'decode s':>9} {'decode RTF':>10} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for s in lengths:
            src = write_blocks(Path(tmp)/f'piece_{s:g}s.flac', synthetic_piece(s, sr), sr)
            r = measure_streaming(weights, src, tmp)
            src.unlink()
            print(f"{s:8.0f} {r['events']:7d} {r['encode_s']:9.2f} {r['encode_rtf']:10.4f} {r['decode_s']:9.2f} {r['decode_rtf']:10.4f} {r['peak_mib']:9.1f}")
    return 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
