// The CustomResourceDefinitions keelson emits objects for, read from these modules' sources so
// the test API server validates Istio, Gateway API, Argo Rollouts, VPA, Traefik and Flagger objects
// with their real OpenAPI schemas and CEL rules. Nothing here is compiled: `go mod download` fetches and
// checksum-verifies the pinned versions (go.sum), and test/cluster/crds.sh reads the YAML.
module keelson.dev/cluster/crds

go 1.26

require (
	github.com/argoproj/argo-rollouts v1.9.2
	github.com/fluxcd/flagger v1.36.1
	github.com/traefik/traefik/v3 v3.7.13
	istio.io/api v1.32.0
	k8s.io/autoscaler/vertical-pod-autoscaler v1.8.1
	sigs.k8s.io/gateway-api v1.6.3
)
