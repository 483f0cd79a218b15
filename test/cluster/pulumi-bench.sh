#!/usr/bin/env bash
# `npm run bench:pulumi`: test/cluster/pulumi-bench.ts (`pulumi preview`/`up`/`destroy` of N apps,
# keelson components against raw @pulumi/kubernetes resources) on the cluster with-cluster.sh
# builds, starts and stops. `npm run bench:pulumi -- 20` for 20 apps (default 100).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/with-cluster.sh" bench:pulumi npx tsx test/cluster/pulumi-bench.ts "$@"
