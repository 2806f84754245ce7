#!/usr/bin/env bash
# The benchmark harness with tiny sizes, as part of scripts/test.sh: proves every benchmark
# still runs and counts right, and that the app bundle is within its size budget (+10 %).
# Never passes or fails on speed.
set -euo pipefail
exec "$(dirname "$0")/bench.sh" --smoke
