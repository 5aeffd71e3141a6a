// Validates the custom resources the chart renders against schemas compiled
// from their CRDs (the @kubernetes-models packages), since kubernetes-validate
// knows only Kubernetes' own kinds. Reads a JSON array of objects on stdin and
// prints a JSON array with one entry per object: null when valid, else the
// validation message.
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";

const models = {
  "gateway.networking.k8s.io/v1/HTTPRoute": HTTPRoute,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
  "cert-manager.io/v1/Certificate": Certificate,
};

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = JSON.parse(input).map((obj) => {
  const Model = models[`${obj.apiVersion}/${obj.kind}`];
  if (!Model) return `no schema for ${obj.apiVersion} ${obj.kind}`;
  try {
    new Model(obj).validate();
    return null;
  } catch (e) {
    return String(e.message ?? e);
  }
});
process.stdout.write(JSON.stringify(results));
