#!/usr/bin/env bash
# `npm run test:cluster`: the cluster suite (jest, one file at a time) on a real control plane that
# with-cluster.sh builds from Go modules, starts on loopback and stops whatever the outcome.
# Extra arguments go to jest, e.g. `npm run test:cluster -- -t quota`.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/with-cluster.sh" test:cluster npx jest --config test/cluster/jest.config.json "$@"
