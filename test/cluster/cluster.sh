#!/usr/bin/env bash
# Starts and stops the cluster suite's control planes on loopback, from the binaries build.sh made:
#   - one etcd;
#   - "newest": API server (every admission plugin enabled by default, PodSecurity, ResourceQuota and
#     LimitRanger among them, plus NodeRestriction), controller manager, scheduler, and kwok
#     simulating six nodes in three zones, so controllers create pods, the scheduler places them and
#     rollouts progress; a default StorageClass with a pool of PersistentVolumes for claim templates;
#   - "oldest": the oldest supported minor's API server alone (its own etcd prefix), which judges
#     acceptance and day-2 updates of objects, not pods (a newer controller manager must not run
#     against an older API server).
# Both have the CRDs of Istio, Gateway API, Argo Rollouts and the VPA, read from the Go module cache.
#
#   test/cluster/cluster.sh start   # prints nothing but progress; kubeconfigs in $KEELSON_CLUSTER_DIR/run
#   test/cluster/cluster.sh stop    # stops every process it started, and checks none is left
#   test/cluster/cluster.sh status
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
base=${KEELSON_CLUSTER_DIR:-$root/.cluster}
bin=$base/bin
run=$base/run

# Loopback ports; override when they clash with something on the machine.
ETCD_PORT=${KEELSON_ETCD_PORT:-23790}
ETCD_PEER_PORT=$((ETCD_PORT + 1))
NEWEST_PORT=${KEELSON_APISERVER_PORT:-26443}
OLDEST_PORT=$((NEWEST_PORT + 1))
KCM_PORT=$((NEWEST_PORT + 2))
SCHED_PORT=$((NEWEST_PORT + 3))
KWOK_PORT=$((NEWEST_PORT + 4))

log() { echo "cluster.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# spawn <name> <command...>: a process in its own session, its pid recorded for stop.
spawn() {
  local name=$1; shift
  # The process writes its own pid (setsid may fork first), then becomes the program: that pid
  # leads a new session and process group, which stop signals as a whole.
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$run/$name.pid" "$@" >"$run/$name.log" 2>&1 </dev/null &
  for _ in $(seq 1 40); do [ -s "$run/$name.pid" ] && return 0; sleep 0.05; done
  die "$name did not start"
}

wait_for() { # wait_for <what> <seconds> <command...>
  local what=$1 limit=$2; shift 2
  for _ in $(seq 1 $((limit * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  die "$what did not come up within ${limit}s; see $run/*.log"
}

certificates() {
  local d=$run/pki
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=keelson-test-ca" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\n' >"$d/san.ext"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
    -days 2 -extfile "$d/san.ext" -out "$d/server.crt" 2>/dev/null
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
  # Bearer tokens: an administrator (system:masters) for the suite, kubectl and the controllers.
  local token
  token=$(openssl rand -hex 16)
  echo "$token,keelson-admin,keelson-admin,system:masters" >"$d/tokens.csv"
  echo "$token" >"$d/admin.token"
}

kubeconfig() { # kubeconfig <file> <port>
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: keelson-test
  cluster:
    server: https://127.0.0.1:$2
    certificate-authority: $run/pki/ca.crt
users:
- name: admin
  user:
    token: $(cat "$run/pki/admin.token")
contexts:
- name: keelson-test
  context: {cluster: keelson-test, user: admin}
current-context: keelson-test
EOF
}

apiserver() { # apiserver <name> <binary-dir> <port> <etcd-prefix>
  spawn "$1" "$bin/$2/kube-apiserver" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$3" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" --etcd-prefix="$4" \
    --tls-cert-file="$run/pki/server.crt" --tls-private-key-file="$run/pki/server.key" \
    --client-ca-file="$run/pki/ca.crt" --token-auth-file="$run/pki/tokens.csv" \
    --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$run/pki/sa.pub" \
    --service-account-signing-key-file="$run/pki/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --endpoint-reconciler-type=none \
    --allow-privileged=false \
    --profiling=false
  wait_for "API server $1" 90 "$bin/newest/kubectl" --kubeconfig "$run/$1.kubeconfig" get --raw /readyz
}

crds() { # crds <kubeconfig>
  local mods=(istio.io/api sigs.k8s.io/gateway-api github.com/argoproj/argo-rollouts k8s.io/autoscaler/vertical-pod-autoscaler
    github.com/traefik/traefik/v3 github.com/fluxcd/flagger)
  local -A dir
  for m in "${mods[@]}"; do
    dir[$m]=$(cd "$here/go/crds" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly go mod download -json "$m" | sed -nE 's/^\s*"Dir": "(.*)",?$/\1/p')
    [ -n "${dir[$m]}" ] || die "the CRD module $m is not in the Go module cache; run test/cluster/build.sh"
  done
  local files=(
    "${dir[istio.io/api]}/kubernetes/customresourcedefinitions.gen.yaml"
    "${dir[sigs.k8s.io/gateway-api]}"/config/crd/standard/gateway.networking.k8s.io_*.yaml
    "${dir[github.com/argoproj/argo-rollouts]}"/manifests/crds/*-crd.yaml
    "${dir[k8s.io/autoscaler/vertical-pod-autoscaler]}/deploy/vpa-v1-crd-gen.yaml"
    # Traefik's Kubernetes CRD provider: every traefik.io kind, as its docs publish them for v3.
    "${dir[github.com/traefik/traefik/v3]}/docs/content/reference/dynamic-configuration/kubernetes-crd-definition-v1.yml"
    # Flagger's Canary (and its MetricTemplate and AlertProvider kinds).
    "${dir[github.com/fluxcd/flagger]}/artifacts/flagger/crd.yaml"
  )
  local args=()
  for f in "${files[@]}"; do args+=(-f "$f"); done
  "$bin/newest/kubectl" --kubeconfig "$1" apply --server-side --force-conflicts "${args[@]}" >/dev/null
  "$bin/newest/kubectl" --kubeconfig "$1" wait --for=condition=Established --timeout=60s crd --all >/dev/null
}

nodes() { # six simulated nodes, two per zone, managed by kwok
  local k="$bin/newest/kubectl --kubeconfig $run/newest.kubeconfig"
  local n=0
  for zone in a b c; do
    for i in 1 2; do
      n=$((n + 1))
      cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: node-$zone$i
  annotations:
    node.alpha.kubernetes.io/ttl: "0"
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: node-$zone$i
    node.kubernetes.io/instance-type: keelson-test-8x32
    topology.kubernetes.io/region: test-1
    topology.kubernetes.io/zone: test-1$zone
    type: kwok
status:
  allocatable: {cpu: "8", memory: 32Gi, pods: "110", ephemeral-storage: 100Gi}
  capacity: {cpu: "8", memory: 32Gi, pods: "110", ephemeral-storage: 100Gi}
  nodeInfo: {architecture: amd64, operatingSystem: linux, kubeletVersion: fake, kubeProxyVersion: fake}
EOF
    done
  done | $k apply -f - >/dev/null
}

storage() { # a default StorageClass, an "ssd" one, and a pool of volumes of each that the PV controller binds claims to
  local k="$bin/newest/kubectl --kubeconfig $run/newest.kubeconfig"
  local class default i
  {
    for class in standard ssd; do
      default=false
      [ "$class" = standard ] && default=true
      cat <<EOF
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $class
  annotations: {storageclass.kubernetes.io/is-default-class: "$default"}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: Immediate
allowVolumeExpansion: true
EOF
      for i in $(seq -w 1 40); do
        cat <<EOF
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: $class-$i}
spec:
  capacity: {storage: 200Gi}
  accessModes: [ReadWriteOnce, ReadWriteMany, ReadOnlyMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: $class
  hostPath: {path: /keelson-test-volumes/$class-$i}
EOF
      done
    done
  } | $k apply -f - >/dev/null
}

start() {
  for b in etcd newest/kube-apiserver newest/kube-controller-manager newest/kube-scheduler newest/kubectl oldest/kube-apiserver kwok; do
    [ -x "$bin/$b" ] || die "$bin/$b is missing; run test/cluster/build.sh first"
  done
  [ ! -e "$run/etcd.pid" ] || die "a cluster is already running from $run (cluster.sh stop first)"
  rm -rf "$run"; mkdir -p "$run"
  # A start that fails part-way stops what it started.
  trap 'status=$?; [ $status -eq 0 ] || stop; exit $status' EXIT
  certificates
  kubeconfig "$run/newest.kubeconfig" "$NEWEST_PORT"
  kubeconfig "$run/oldest.kubeconfig" "$OLDEST_PORT"

  spawn etcd "$bin/etcd" --name keelson-test --data-dir "$run/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "keelson-test=http://127.0.0.1:$ETCD_PEER_PORT" \
    --unsafe-no-fsync --quota-backend-bytes=4294967296 --log-level=warn
  wait_for etcd 30 curl -fsS "http://127.0.0.1:$ETCD_PORT/health"

  apiserver newest newest "$NEWEST_PORT" /registry-newest &
  local newest_pid=$!
  apiserver oldest oldest "$OLDEST_PORT" /registry-oldest
  wait "$newest_pid"

  spawn kube-controller-manager "$bin/newest/kube-controller-manager" \
    --kubeconfig="$run/newest.kubeconfig" \
    --authentication-kubeconfig="$run/newest.kubeconfig" --authorization-kubeconfig="$run/newest.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --leader-elect=false \
    --service-account-private-key-file="$run/pki/sa.key" --root-ca-file="$run/pki/ca.crt" \
    --use-service-account-credentials=true --cluster-name=keelson-test \
    --controllers='*' --concurrent-deployment-syncs=10 --concurrent-statefulset-syncs=10 \
    --node-monitor-grace-period=2m
  spawn kube-scheduler "$bin/newest/kube-scheduler" \
    --kubeconfig="$run/newest.kubeconfig" \
    --authentication-kubeconfig="$run/newest.kubeconfig" --authorization-kubeconfig="$run/newest.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --leader-elect=false

  # kwok's stages (what happens to a node or pod, and when) come from its own module's sources.
  local kwok_dir
  kwok_dir=$(cd "$here/go/kwok" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly go mod download -json sigs.k8s.io/kwok | sed -nE 's/^\s*"Dir": "(.*)",?$/\1/p')
  {
    # Nodes: initialise, then a status heartbeat every 20-45 s; pods: ready at once, completed, deleted.
    for f in "$kwok_dir"/kustomize/stage/node/fast/*.yaml "$kwok_dir"/kustomize/stage/node/heartbeat/*.yaml \
      "$kwok_dir"/kustomize/stage/pod/fast/*.yaml; do
      case $f in */kustomization.yaml) continue ;; esac
      echo '---'; cat "$f"
    done
  } >"$run/kwok-stages.yaml"
  spawn kwok "$bin/kwok" --kubeconfig="$run/newest.kubeconfig" --config="$run/kwok-stages.yaml" \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --cidr=10.244.0.1/16 --node-ip=127.0.0.2 --server-address="127.0.0.1:$KWOK_PORT"

  crds "$run/newest.kubeconfig" &
  local crd_pid=$!
  crds "$run/oldest.kubeconfig"
  wait "$crd_pid"
  nodes
  storage
  wait_for "ready nodes" 60 bash -c "[ \$('$bin/newest/kubectl' --kubeconfig '$run/newest.kubeconfig' get nodes --no-headers 2>/dev/null | grep -c ' Ready ') -eq 6 ]"
  wait_for "the default ServiceAccount" 60 "$bin/newest/kubectl" --kubeconfig "$run/newest.kubeconfig" -n default get serviceaccount default
  log "up: newest $(cat "$bin/newest/VERSION") on 127.0.0.1:$NEWEST_PORT, oldest $(cat "$bin/oldest/VERSION") on 127.0.0.1:$OLDEST_PORT; kubeconfigs in $run"
}

gone() { # gone <tries> <interval> <pid...>: true once none of the pids is alive
  local tries=$1 interval=$2 pid alive; shift 2
  for _ in $(seq 1 "$tries"); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && return 0
    sleep "$interval"
  done
  return 1
}

stop() {
  local pids=() name pid
  for name in kwok kube-scheduler kube-controller-manager newest oldest etcd; do
    [ -f "$run/$name.pid" ] || continue
    pid=$(cat "$run/$name.pid")
    # Each was started as a session leader: signal its whole process group.
    kill -TERM -- "-$pid" 2>/dev/null || true
    pids+=("$pid")
    rm -f "$run/$name.pid"
  done
  # Up to 15 s to exit on SIGTERM; then SIGKILL, and up to 5 s more (a large heap takes a moment to go).
  # Then SIGKILL every group, whatever is left in it.
  gone 60 0.25 "${pids[@]}" || true
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  gone 50 0.1 "${pids[@]}" || true
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then die "process $pid is still running after stop"; fi
  done
  log "stopped ${#pids[@]} processes"
}

status() {
  local name
  for name in etcd newest oldest kube-controller-manager kube-scheduler kwok; do
    if [ -f "$run/$name.pid" ] && kill -0 "$(cat "$run/$name.pid")" 2>/dev/null; then
      echo "$name: running (pid $(cat "$run/$name.pid"))"
    else
      echo "$name: not running"
    fi
  done
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
