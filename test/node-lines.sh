#!/usr/bin/env bash
# `npm run test:node-lines`: the unit suite again on every maintained Node.js LTS line besides the
# one running npm. The Node.js binaries come from the npm registry (the node-<platform>-<arch>
# packages hold the official builds), pinned here, installed under .node/ on first use.
# Run after `npm test` (it uses the compiled out/). Extra arguments go to jest.
set -uo pipefail
cd "$(dirname "$0")/.."

versions=(22.23.5 24.22.3)
package="node-$(node -p 'process.platform')-$(node -p 'process.arch')"
status=0
for version in "${versions[@]}"; do
  dir=.node/$version
  bin=$dir/node_modules/$package/bin
  if [ ! -x "$bin/node" ]; then
    npm install --no-save --no-package-lock --ignore-scripts --prefix "$dir" "$package@$version" >/dev/null \
      || { echo "test:node-lines: installing $package@$version failed" >&2; status=1; continue; }
  fi
  echo "== the unit suite on Node.js $("$bin/node" --version)"
  PATH="$PWD/$bin:$PATH" npx jest --ci "$@" || status=1
done
exit "$status"
