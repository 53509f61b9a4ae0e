#!/bin/sh
# bench/run.sh [BUILD] [--articles N] [--pandoc]: see run.py.
exec python3 "$(dirname "$0")/run.py" "$@"
