#!/usr/bin/env bash
# `npm run test:cluster`: builds the pinned control planes and linters from Go modules (seconds when
# Go's build cache is warm), starts them on loopback, runs the cluster suite (jest, one file at a
# time), and stops every process it started, whatever the outcome. Needs Go >= 1.26 and openssl.
# Extra arguments go to jest, e.g. `npm run test:cluster -- -t quota`.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."

for tool in go openssl curl; do
  command -v "$tool" >/dev/null || { echo "test:cluster: '$tool' is not installed; the cluster suite needs Go >= 1.26, openssl and curl" >&2; exit 1; }
done

"$here/build.sh" || { echo "test:cluster: building the cluster failed" >&2; exit 1; }
# A cluster left by an interrupted run is stopped first.
"$here/cluster.sh" stop >/dev/null 2>&1 || true
trap '"$here/cluster.sh" stop' EXIT
"$here/cluster.sh" start || { echo "test:cluster: starting the cluster failed" >&2; exit 1; }
npx jest --config test/cluster/jest.config.json "$@"
