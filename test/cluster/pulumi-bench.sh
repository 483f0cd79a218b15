#!/usr/bin/env bash
# `npm run bench:pulumi`: builds the cluster and the Pulumi engine from Go modules (as run.sh does),
# starts the cluster on loopback, runs test/cluster/pulumi-bench.ts (`pulumi preview`/`up`/
# `destroy` of N apps, keelson components against raw @pulumi/kubernetes resources), and stops every
# process it started, whatever the outcome. Ports as in cluster.sh (KEELSON_ETCD_PORT,
# KEELSON_APISERVER_PORT). `npm run bench:pulumi -- 20` for 20 apps (default 100).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."

for tool in go openssl curl; do
  command -v "$tool" >/dev/null || { echo "bench:pulumi: '$tool' is not installed; the cluster needs Go >= 1.26, openssl and curl" >&2; exit 1; }
done

"$here/build.sh" || { echo "bench:pulumi: building the cluster failed" >&2; exit 1; }
"$here/cluster.sh" stop >/dev/null 2>&1 || true
trap '"$here/cluster.sh" stop' EXIT
"$here/cluster.sh" start || { echo "bench:pulumi: starting the cluster failed" >&2; exit 1; }
npx tsx test/cluster/pulumi-bench.ts "$@"
