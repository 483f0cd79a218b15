#!/usr/bin/env bash
# with-cluster.sh <label> <command...>: builds the pinned control planes, linters and Pulumi engine
# from Go modules (seconds when Go's build cache is warm), starts the cluster on loopback, runs the
# command, and stops every process it started, whatever the outcome; exits with the command's
# status. Ports as in cluster.sh (KEELSON_ETCD_PORT, KEELSON_APISERVER_PORT). Needs Go >= 1.26,
# openssl and curl. Used by run.sh (`npm run test:cluster`) and pulumi-bench.sh (`npm run bench:pulumi`).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
label=$1
shift

for tool in go openssl curl; do
  command -v "$tool" >/dev/null || { echo "$label: '$tool' is not installed; the cluster needs Go >= 1.26, openssl and curl" >&2; exit 1; }
done

"$here/build.sh" || { echo "$label: building the cluster failed" >&2; exit 1; }
# A cluster left by an interrupted run is stopped first.
"$here/cluster.sh" stop >/dev/null 2>&1 || true
trap '"$here/cluster.sh" stop' EXIT
"$here/cluster.sh" start || { echo "$label: starting the cluster failed" >&2; exit 1; }
"$@"
