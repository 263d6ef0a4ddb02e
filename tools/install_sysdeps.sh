#!/usr/bin/env bash
# Install the Debian packages sparse_events needs (FluidSynth, its GM soundfont, ffmpeg) when they are missing.
# Other systems: see README.md ("Installing FluidSynth and ffmpeg").
set -euo pipefail
missing=()
for pkg in "$@"; do
  case "$pkg" in
    fluidsynth) command -v fluidsynth >/dev/null || missing+=("$pkg") ;;
    ffmpeg) command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=("$pkg") ;;
    fluid-soundfont-gm) [ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ] || [ -n "${SPARSE_EVENTS_SOUNDFONT:-}" ] || missing+=("$pkg") ;;
    *) dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "missing: ${missing[*]}. This is not a Debian/Ubuntu system: install FluidSynth, a General MIDI soundfont" >&2
  echo "(set SPARSE_EVENTS_SOUNDFONT to it) and ffmpeg yourself, as README.md explains." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "missing: ${missing[*]}; not root and no sudo: install them as root (apt-get install ${missing[*]})" >&2
    exit 1
  fi
  sudo="sudo"
fi
echo "installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
