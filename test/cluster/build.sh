#!/usr/bin/env bash
# Builds, from the Go modules pinned under test/cluster/go/ (go.mod + go.sum, checksum-verified),
# every binary the cluster suite runs: the newest supported Kubernetes control plane (API server,
# controller manager, scheduler, kubectl) with etcd, the oldest supported minor's API server, kwok,
# kube-score and kubeconform, the Pulumi CLI and its Kubernetes provider (installed as a local plugin,
# see pulumi-build.sh). Nothing is downloaded but Go modules. Go's build cache makes a rebuild
# of unchanged pins take seconds.
#
#   test/cluster/build.sh            # everything
#   KEELSON_CLUSTER_DIR=/tmp/c ...   # where bin/ goes (default: <repo>/.cluster)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${KEELSON_CLUSTER_DIR:-$root/.cluster}/bin
mkdir -p "$out"

command -v go >/dev/null || { echo "build.sh: go is not installed (Go >= 1.26 is needed to build the test cluster)" >&2; exit 1; }
# Never switch toolchains behind the user's back, and never edit the committed go.mod/go.sum.
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly

seconds() { date +%s; }

# k8s <dir> <bin-subdir> <commands...>: the control plane of one minor; the version is read from
# go.mod and stamped into the binaries the way the release build does (kubectl and the API server
# report it, and the API server's compatibility version derives from it).
k8s() {
  local dir=$1 dest=$out/$2; shift 2
  local version minor
  version=$(cd "$here/go/$dir" && go list -m -f '{{.Version}}' k8s.io/kubernetes)
  minor=$(cut -d. -f2 <<<"$version")
  local ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  mkdir -p "$dest"
  local pkgs=()
  for c in "$@"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  (cd "$here/go/$dir" && go build -trimpath -ldflags "$ld" -o "$dest/" "${pkgs[@]}")
  echo "$version" >"$dest/VERSION"
}

tool() { # tool <dir> <output-name> <package>
  (cd "$here/go/$1" && go build -trimpath -ldflags "-s -w" -o "$out/$2" "$3")
}

start=$(seconds)
step() { echo "build.sh: $1 ($(($(seconds) - start)) s so far)"; }

k8s k8s-1.37 newest kube-apiserver kube-controller-manager kube-scheduler kubectl
step "Kubernetes $(cat "$out/newest/VERSION") control plane and kubectl"
tool k8s-1.37 etcd go.etcd.io/etcd/server/v3
step "etcd"
k8s k8s-1.33 oldest kube-apiserver
step "Kubernetes $(cat "$out/oldest/VERSION") API server"
tool kwok kwok sigs.k8s.io/kwok/cmd/kwok
step "kwok"
tool linters kube-score github.com/zegl/kube-score/cmd/kube-score
tool linters kubeconform github.com/yannh/kubeconform/cmd/kubeconform
step "kube-score and kubeconform"
# The CRD sources are only downloaded (and verified against go.sum), never compiled.
(cd "$here/go/crds" && go mod download github.com/argoproj/argo-rollouts github.com/fluxcd/flagger github.com/traefik/traefik/v3 istio.io/api k8s.io/autoscaler/vertical-pod-autoscaler sigs.k8s.io/gateway-api)
step "CRD sources"
# The Pulumi CLI and Kubernetes provider, for `pulumi up` against the cluster (pulumi-*.cluster.ts).
"$here/pulumi-build.sh" "$out"
step "Pulumi CLI and Kubernetes provider"
echo "build.sh: done in $(($(seconds) - start)) s -> $out"
