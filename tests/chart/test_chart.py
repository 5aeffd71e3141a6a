"""The Helm chart, checked without a cluster.

The chart is rendered and linted by Helm's own Go library (helm-python-sdk),
every rendered object is validated against Kubernetes' OpenAPI schemas
(kubernetes-validate, strict: unknown fields are errors), the custom resources
against schemas compiled from their CRDs (validate-crds.mjs), and the routing,
the hooks, the security settings and the refusal of bad values are checked.
"""

from __future__ import annotations

import copy
import csv
import gzip
import io
import json
import re
import subprocess
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHART = ROOT / "charts" / "infitah"
MOROCCO = ROOT / "services" / "platform" / "data" / "morocco"
RELEASE, NAMESPACE = "infitah", "infitah"

# The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and the
# newest kubernetes-validate ships schemas for.
KUBE_VERSIONS = ["1.31.0", "1.37.0"]
CRD_KINDS = {
    ("gateway.networking.k8s.io/v1", "HTTPRoute"),
    ("monitoring.coreos.com/v1", "ServiceMonitor"),
    ("cert-manager.io/v1", "Certificate"),
}
SECRET_VARS = {
    "INFITAH_DATABASE_URL",
    "INFITAH_DATABASE_ADMIN_URL",
    "INFITAH_DATABASE_NATIONAL_URL",
    "INFITAH_DATABASE_WORKER_URL",
    "INFITAH_REDIS_URL",
    "INFITAH_SMTP_URL",
    "INFITAH_SECRET_KEY",
}
CSV_HEADER = "kind,slug,parent,hcp_code,name_ar,name_fr,name_en,hosts,languages,time_zone,primary_color,population"


# ---------------------------------------------------------------- value sets


def slugify(name: str) -> str:
    """As the binary derives province and region slugs ("M'diq-Fnideq" → "m-diq-fnideq")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def national_list() -> list[dict]:
    """The HCP national list as collectivity rows: 12 regions, 83 provinces and
    prefectures, 1,503 communes."""

    def rows(name):
        with open(MOROCCO / name, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    out = []
    for r in rows("regions.csv"):
        out.append({"kind": "region", "slug": f"region-{slugify(r['name_fr'])}", "hcp_code": r["code"],
                    "name_ar": r["name_ar"].strip(), "name_fr": r["name_fr"].strip(),
                    "population": int(r["population_2024"])})
    for p in rows("provinces.csv"):
        kind = "province" if p["type"] == "province" else "prefecture"
        out.append({"kind": kind, "slug": f"{kind}-{slugify(p['name_fr'])}", "parent": p["region_code"],
                    "hcp_code": p["code"], "name_ar": p["name_ar"].strip(), "name_fr": p["name_fr"].strip(),
                    "population": int(p["population_2024"])})
    for c in rows("communes.csv"):
        row = {"kind": "commune", "slug": c["slug"], "parent": c["province_code"], "hcp_code": c["code"],
               "name_ar": c["name_ar"].strip(), "name_fr": c["name_fr"].strip()}
        if c["population_2024"]:
            row["population"] = int(c["population_2024"])
        out.append(row)
    return out


def load(name: str) -> dict:
    return yaml.safe_load((HERE / "values" / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def value_set(name: str) -> dict:
    if name == "national-split":
        # (b) split services and the whole national list, generated from the
        # HCP files at test time.
        values = load("national-split.yaml")
        values["collectivities"]["list"] = national_list()
        # Kept for inspection, outside the work tree.
        out = Path(tempfile.gettempdir()) / "infitah-chart-tests"
        out.mkdir(exist_ok=True)
        (out / "national-split.values.yaml").write_text(
            yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return values
    return load(f"{name}.yaml")


VALUE_SETS = ["one-node", "national-split", "tls-cert-manager", "everything", "national-wildcard"]


# ---------------------------------------------------------------- rendering


@pytest.fixture(scope="session")
def chart():
    with helm.Chart.load(str(CHART)) as c:
        yield c


_rendered: dict[str, dict[str, str]] = {}


def render(chart, name: str) -> dict[str, str]:
    if name not in _rendered:
        _rendered[name] = chart.render(copy.deepcopy(value_set(name)), name=RELEASE, namespace=NAMESPACE,
                                       is_install=True)
    return _rendered[name]


_objects: dict[str, list[dict]] = {}
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def objects(chart, name: str) -> list[dict]:
    """The rendered objects (parsed once per value set; tests must not change them)."""
    if name not in _objects:
        _objects[name] = [doc for path, text in render(chart, name).items() if not path.endswith("NOTES.txt")
                          for doc in yaml.load_all(text, Loader=Loader) if doc]
    return _objects[name]


def of_kind(objs, kind):
    return [o for o in objs if o["kind"] == kind]


def named(objs, kind, name):
    found = [o for o in objs if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name}, found {len(found)}"
    return found[0]


def pod_spec(obj):
    return obj["spec"]["template"]["spec"]


def workloads(objs):
    return [o for o in objs if o["kind"] in ("Deployment", "Job")]


def expected_hosts(values) -> list[str]:
    base = values["baseDomain"]
    hosts = [base]
    if values.get("ingress", {}).get("wildcard"):
        hosts.append(f"*.{base}")
    for c in values.get("collectivities", {}).get("list", []):
        hosts.append(f"{c['slug']}.{base}")
        hosts.extend(c.get("hosts", []))
    return hosts


def split_paths(values) -> dict[str, list[str]]:
    split = values.get("split", {})
    if not split.get("enabled"):
        return {}
    return {name: s["paths"] for name, s in split.get("services", {}).items() if s.get("enabled", True)}


# ---------------------------------------------------------------- tests


def test_national_list_has_1598_collectivities():
    rows = national_list()
    assert len(rows) == 1598
    assert len({r["slug"] for r in rows}) == 1598
    assert len(expected_hosts(value_set("national-split"))) == 1 + 1598


@pytest.mark.parametrize("name", VALUE_SETS)
def test_helm_lint(name):
    report = helm.lint(str(CHART), copy.deepcopy(value_set(name)), strict=True, namespace=NAMESPACE,
                       kube_version="v" + KUBE_VERSIONS[-1])
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert not problems and not report["errors"], report


@pytest.mark.parametrize("kube_version", KUBE_VERSIONS)
@pytest.mark.parametrize("name", VALUE_SETS)
def test_manifests_are_valid_kubernetes(chart, name, kube_version):
    objs = objects(chart, name)
    assert objs
    errors, crds = [], []
    for o in objs:
        if (o["apiVersion"], o["kind"]) in CRD_KINDS:
            crds.append(o)
            continue
        try:
            kubernetes_validate.validate(o, kube_version, strict=True)
        except kubernetes_validate.ValidationError as e:
            errors.append(f"{o['kind']} {o['metadata']['name']}: {'/'.join(map(str, e.path))}: {e.message}")
        except kubernetes_validate.SchemaNotFoundError as e:
            errors.append(e.message)
    assert not errors, "\n".join(errors)
    if crds:
        result = subprocess.run(["node", str(HERE / "validate-crds.mjs")], input=json.dumps(crds), text=True,
                                capture_output=True, check=True, cwd=HERE)
        bad = [f"{o['kind']} {o['metadata']['name']}: {r}" for o, r in zip(crds, json.loads(result.stdout)) if r]
        assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", VALUE_SETS)
def test_one_ingress_rule_per_host_to_the_right_service(chart, name):
    values = value_set(name)
    objs = objects(chart, name)
    ingresses = of_kind(objs, "Ingress")
    if not values.get("ingress", {}).get("enabled", True):
        assert not ingresses
        return
    rules = [r for ing in ingresses for r in ing["spec"]["rules"]]
    hosts = [r["host"] for r in rules]
    assert hosts == expected_hosts(values), "one rule per host, in order"
    assert all(len(i["spec"]["rules"]) <= values.get("ingress", {}).get("hostsPerIngress", 200) for i in ingresses)
    want = {"/": f"{RELEASE}-web"}
    for service, paths in split_paths(values).items():
        want.update({p: f"{RELEASE}-{service}" for p in paths})
    for r in rules:
        got = {p["path"]: p["backend"]["service"]["name"] for p in r["http"]["paths"]}
        assert got == want, r["host"]
        assert all(p["backend"]["service"]["port"] == {"name": "http"} for p in r["http"]["paths"])
    check_services_reach_their_deployments(objs, set(want.values()), values)

    tls = values.get("ingress", {}).get("tls", {})
    if tls.get("enabled"):
        covered = {h for ing in ingresses for t in ing["spec"]["tls"] for h in t["hosts"]}
        assert covered == set(hosts)
        if tls.get("mode", "perHost") == "perHost":
            secrets = [t["secretName"] for ing in ingresses for t in ing["spec"]["tls"]]
            assert len(secrets) == len(set(secrets)) == len(hosts)
            if tls.get("certManager", {}).get("enabled"):
                issuer = tls["certManager"]["issuerName"]
                assert all(i["metadata"]["annotations"]["cert-manager.io/cluster-issuer"] == issuer for i in ingresses)
    else:
        assert all("tls" not in i["spec"] for i in ingresses)


def check_services_reach_their_deployments(objs, service_names, values):
    """Each routed Service selects exactly one Deployment, which serves what it should."""
    deployments = of_kind(objs, "Deployment")
    for svc_name in service_names:
        svc = named(objs, "Service", svc_name)
        assert {p["name"]: p["targetPort"] for p in svc["spec"]["ports"]}["http"] == "http"
        sel = svc["spec"]["selector"]
        matching = [d for d in deployments
                    if sel.items() <= d["spec"]["template"]["metadata"]["labels"].items()]
        assert len(matching) == 1, f"{svc_name} selects {len(matching)} Deployments"
        args = matching[0]["spec"]["template"]["spec"]["containers"][0]["args"]
        assert args[:2] == ["serve", "--services"]
        assert args[3:] == values.get("serveArgs", [])
        component = svc_name.removeprefix(f"{RELEASE}-")
        if component == "web":
            assert args[2].split(",") == values.get("web", {}).get(
                "services", ["identity", "plans", "consultation", "notifications"])
        else:
            assert args[2] == component


@pytest.mark.parametrize("name", VALUE_SETS)
def test_httproutes_mirror_the_ingress(chart, name):
    values = value_set(name)
    routes = of_kind(objects(chart, name), "HTTPRoute")
    if not values.get("gateway", {}).get("enabled"):
        assert not routes
        return
    hostnames = [h for r in routes for h in r["spec"]["hostnames"]]
    assert hostnames == expected_hosts(values)
    assert all(len(r["spec"]["hostnames"]) <= 16 for r in routes)
    want = {"/": f"{RELEASE}-web"}
    for service, paths in split_paths(values).items():
        want.update({p: f"{RELEASE}-{service}" for p in paths})
    for r in routes:
        assert r["spec"]["parentRefs"] == values["gateway"]["parentRefs"]
        got = {m["path"]["value"]: rule["backendRefs"][0]["name"] for rule in r["spec"]["rules"]
               for m in rule["matches"]}
        assert got == want


PLAIN_SECRET = [
    re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@\"']+:[^@\s\"']+@", re.I),  # scheme://user:password@
    # password: x, db_password = x, api-token: x (but not automountServiceAccountToken)
    re.compile(r"(?im)^\s*[\"']?([\w-]+[_.-])?(password|passwd|pwd|secret_?key|api_?key|token)[\"']?\s*[:=]\s*\S"),
    re.compile(r"SCRAM-SHA-256\$"),
]


@pytest.mark.parametrize("name", VALUE_SETS)
def test_no_plain_secret_in_the_output(chart, name):
    text = "\n".join(render(chart, name).values())
    for pattern in PLAIN_SECRET:
        assert not pattern.search(text), pattern.search(text).group(0)
    assert "kind: Secret\n" not in text, "the chart creates no Secret: credentials are the operator's"
    for w in workloads(objects(chart, name)):
        spec = pod_spec(w)
        for c in spec.get("initContainers", []) + spec["containers"]:
            for e in c.get("env", []):
                if e["name"] in SECRET_VARS:
                    assert set(e) == {"name", "valueFrom"} and "secretKeyRef" in e["valueFrom"], e
                if e["name"] == "INFITAH_DATABASE_ADMIN_URL":
                    assert w["kind"] == "Job", "only the hook Jobs get the administrator's URL"
            for ref in c.get("envFrom", []):
                assert "secretRef" not in ref


@pytest.mark.parametrize("name", VALUE_SETS)
def test_pods_are_locked_down(chart, name):
    for w in workloads(objects(chart, name)):
        spec = pod_spec(w)
        psc = spec["securityContext"]
        assert psc["runAsNonRoot"] is True and psc["runAsUser"] > 0
        assert psc["seccompProfile"] == {"type": "RuntimeDefault"}
        assert spec["automountServiceAccountToken"] is False
        for c in spec.get("initContainers", []) + spec["containers"]:
            sc = c["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True, c["name"]
            assert sc["allowPrivilegeEscalation"] is False
            assert sc["capabilities"] == {"drop": ["ALL"]}
            assert sc["seccompProfile"] == {"type": "RuntimeDefault"}
            assert c["resources"].get("requests"), f"{w['metadata']['name']}/{c['name']} has no requests"


@pytest.mark.parametrize("name", VALUE_SETS)
def test_serve_deployments_probe_health_and_readiness(chart, name):
    values = value_set(name)
    grace = values.get("config", {}).get("shutdown_grace_secs", 20)
    for d in of_kind(objects(chart, name), "Deployment"):
        c = pod_spec(d)["containers"][0]
        if c.get("args", [None])[0] != "serve":
            continue
        assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert c["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        assert pod_spec(d)["terminationGracePeriodSeconds"] > grace
        assert {p["name"]: p["containerPort"] for p in c["ports"]} == {"http": 8080, "metrics": 9090}


@pytest.mark.parametrize("name", VALUE_SETS)
def test_configuration_comes_from_the_configmap(chart, name):
    values = value_set(name)
    objs = objects(chart, name)
    data = named(objs, "ConfigMap", f"{RELEASE}-config")["data"]
    assert data["INFITAH_BASE_DOMAIN"] == values["baseDomain"]
    assert data["INFITAH_LISTEN"] == "0.0.0.0:8080" and data["INFITAH_METRICS_LISTEN"] == "0.0.0.0:9090"
    assert data["INFITAH_ENV"] == "production" and data["INFITAH_CONFIG_DIR"] == "/app/config"
    assert data["INFITAH_LOG_FORMAT"] == "json"
    for key, value in values.get("config", {}).items():
        want = str(value).lower() if isinstance(value, bool) else str(value)
        assert data.get(f"INFITAH_{key.upper()}", "") == want, key
    assert not SECRET_VARS & set(data)
    for d in of_kind(objs, "Deployment"):
        c = pod_spec(d)["containers"][0]
        if d["metadata"]["name"].endswith("-pgbouncer"):
            continue
        assert {"configMapRef": {"name": f"{RELEASE}-config"}} in c["envFrom"]
        assert d["spec"]["template"]["metadata"]["annotations"]["checksum/config"]


@pytest.mark.parametrize("name", VALUE_SETS)
def test_hooks_migrate_then_import_collectivities(chart, name):
    values = value_set(name)
    objs = objects(chart, name)
    migrate = named(objs, "Job", f"{RELEASE}-migrate")
    assert migrate["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert pod_spec(migrate)["containers"][0]["args"] == ["migrate"]
    coll = values.get("collectivities", {})
    jobs = [j for j in of_kind(objs, "Job") if j["metadata"]["name"] == f"{RELEASE}-collectivities"]
    if not (coll.get("list") or coll.get("national")):
        assert not jobs
        return
    (job,) = jobs
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "post-install,post-upgrade"
    spec = pod_spec(job)
    steps = [c["args"] for c in spec.get("initContainers", []) + spec["containers"]]
    want = []
    if coll.get("national"):
        want.append(["tenant", "import", "--national"])
    if coll.get("list"):
        want.append(["tenant", "import", "/collectivities/collectivities.csv"])
    assert steps == want
    if coll.get("list"):
        text = named(objs, "ConfigMap", f"{RELEASE}-collectivities")["data"]["collectivities.csv"]
        rows = list(csv.DictReader(io.StringIO(text)))
        assert text.splitlines()[0] == CSV_HEADER
        assert len(rows) == len(coll["list"])
        for row, c in zip(rows, coll["list"]):
            assert row["kind"] == c["kind"] and row["slug"] == c["slug"]
            assert row["name_ar"] == c["name_ar"] and row["name_fr"] == c["name_fr"]
            assert row["name_en"] == c.get("name_en", "")
            assert row["parent"] == c.get("parent", "") and row["hcp_code"] == c.get("hcp_code", "")
            assert row["hosts"].split() == c.get("hosts", [])
            assert row["languages"] == ",".join(c.get("languages", []))
            assert row["population"] == (str(c["population"]) if "population" in c else "")


@pytest.mark.parametrize("name", VALUE_SETS)
def test_objects_and_release_fit_kubernetes_limits(chart, name):
    """Every object under 1 MiB (a ConfigMap's limit, below etcd's request
    limit), and the release Helm stores gzipped and base64-encoded in a
    Secret (1 MiB at most) with room to spare, even with the national list."""
    for o in objects(chart, name):
        size = len(json.dumps(o, ensure_ascii=False).encode())
        assert size < 1024 * 1024, f"{o['kind']} {o['metadata']['name']} is {size} bytes"
    manifest = "\n---\n".join(render(chart, name).values()) + json.dumps(value_set(name))
    stored = len(gzip.compress(manifest.encode())) * 4 // 3
    assert stored < 512 * 1024, f"the release would take {stored} bytes"


def test_national_csv_has_every_collectivity(chart):
    objs = objects(chart, "national-split")
    text = named(objs, "ConfigMap", f"{RELEASE}-collectivities")["data"]["collectivities.csv"]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1598
    assert sum(r["kind"] == "commune" for r in rows) == 1503
    assert sum(r["kind"] == "region" for r in rows) == 12
    assert {"kenitra", "rabat", "marrakech"} <= {r["slug"] for r in rows}


def test_split_mode(chart):
    objs = objects(chart, "national-split")
    names = {d["metadata"]["name"] for d in of_kind(objs, "Deployment")}
    assert {f"{RELEASE}-web", f"{RELEASE}-identity", f"{RELEASE}-consultation", f"{RELEASE}-worker"} <= names
    hpas = {h["spec"]["scaleTargetRef"]["name"] for h in of_kind(objs, "HorizontalPodAutoscaler")}
    assert f"{RELEASE}-web" in hpas
    assert "replicas" not in named(objs, "Deployment", f"{RELEASE}-web")["spec"]
    pdbs = {p["metadata"]["name"] for p in of_kind(objs, "PodDisruptionBudget")}
    assert {f"{RELEASE}-web", f"{RELEASE}-identity"} <= pdbs
    assert len(of_kind(objs, "HTTPRoute")) == -(-1599 // 16)


def test_shared_tls_with_cert_manager_makes_one_certificate(chart):
    values = value_set("everything")
    objs = objects(chart, "everything")
    (cert,) = of_kind(objs, "Certificate")
    base = values["baseDomain"]
    custom = [h for c in values["collectivities"]["list"] for h in c.get("hosts", [])]
    assert cert["spec"]["dnsNames"] == [base, f"*.{base}", *custom]
    secrets = {t["secretName"] for i in of_kind(objs, "Ingress") for t in i["spec"]["tls"]}
    assert secrets == {cert["spec"]["secretName"]}
    assert all("cert-manager.io/cluster-issuer" not in i["metadata"].get("annotations", {})
               for i in of_kind(objs, "Ingress"))


def test_everything_on(chart):
    values = value_set("everything")
    objs = objects(chart, "everything")
    (sm,) = of_kind(objs, "ServiceMonitor")
    assert sm["spec"]["endpoints"][0]["port"] == "metrics"
    assert {p["metadata"]["name"] for p in of_kind(objs, "NetworkPolicy")} == {
        f"{RELEASE}-web", f"{RELEASE}-background", f"{RELEASE}-pgbouncer"}
    ini = named(objs, "ConfigMap", f"{RELEASE}-pgbouncer")["data"]["pgbouncer.ini"]
    assert re.search(r"(?m)^pool_mode = transaction$", ini)
    assert re.search(r"(?m)^ignore_startup_parameters = extra_float_digits$", ini)
    assert f"host={values['pgbouncer']['database']['host']} " in ini
    pgb = named(objs, "Deployment", f"{RELEASE}-pgbouncer")
    (auth,) = [v for v in pod_spec(pgb)["volumes"] if v["name"] == "auth"]
    assert auth["secret"]["secretName"] == values["pgbouncer"]["userlist"]["existingSecret"]
    assert named(objs, "Service", f"{RELEASE}-pgbouncer")["spec"]["ports"][0]["port"] == 6432
    extra = pod_spec(named(objs, "Deployment", f"{RELEASE}-web"))["containers"][0]["env"]
    assert {"name": "RUST_BACKTRACE", "value": "1"} in extra


def test_readme_documents_every_value():
    """charts/infitah/README.md names every key of values.yaml (keys shared by
    workloads, jobs or probes once, in their generic form)."""
    readme = (CHART / "README.md").read_text(encoding="utf-8")
    free_form = {"annotations", "podAnnotations", "podLabels", "nodeSelector", "commonLabels", "labels",
                 "affinity", "resources"}

    def keys(d, prefix=""):
        for k, v in d.items():
            path = "split.services.<name>" if prefix == "split.services" else f"{prefix}{'.' if prefix else ''}{k}"
            if isinstance(v, dict) and v and k not in free_form:
                yield from keys(v, path)
            else:
                yield path

    def forms(path):
        yield path
        yield re.sub(r"^(web|worker|pgbouncer|split\.services\.<name>)\.", "<workload>.", path)
        yield re.sub(r"^(migrate|collectivities\.job)\.", "<job>.", path)
        yield re.sub(r"^probes\.(startup|liveness|readiness)\.", "probes.<probe>.", path)

    values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    missing = sorted({p for p in keys(values) if not any(f"`{f}`" in readme for f in forms(p))})
    assert not missing, missing
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))
    config_keys = schema["properties"]["config"]["properties"]
    assert not [k for k in config_keys if f"`config.{k}`" not in readme]
    collectivity = schema["properties"]["collectivities"]["properties"]["list"]["items"]["properties"]
    assert not [f for f in collectivity if f"`{f}`" not in readme]


def test_notes_tell_the_urls(chart):
    notes = render(chart, "one-node")[f"{CHART.name}/templates/NOTES.txt"]
    for url in ["https://infitah.ma", "https://kenitra.infitah.ma", "https://kenitra.ma",
                "https://rabat.infitah.ma", "https://marrakech.infitah.ma"]:
        assert url in notes
    notes = render(chart, "national-split")[f"{CHART.name}/templates/NOTES.txt"]
    assert "1588 more" in notes


# ---------------------------------------------------------------- bad values


def with_(base: str, path: str, value):
    """A copy of a value set with one key set ("a.b.0.c" walks lists too)."""
    values = copy.deepcopy(value_set(base))
    *parents, last = path.split(".")
    node = values
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node.setdefault(p, {})
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return values


def without(base: str, path: str):
    values = copy.deepcopy(value_set(base))
    *parents, last = path.split(".")
    node = values
    for p in parents:
        node = node[p]
    del node[last]
    return values


BAD_VALUES = {
    "typo in a key": (with_("one-node", "web.replica", 3), ["/web", "replica"]),
    "typo at the top": (with_("one-node", "ingres", {"enabled": True}), ["ingres"]),
    "not a host name": (with_("one-node", "collectivities.list.0.hosts", ["www.kénitra.ma"]),
                        ["/collectivities/list/0/hosts/0"]),
    "host with a space": (with_("one-node", "collectivities.list.1.hosts", ["rabat ma"]),
                          ["/collectivities/list/1/hosts/0"]),
    "base domain in capitals": (with_("one-node", "baseDomain", "Infitah.MA"), ["/baseDomain"]),
    "bad slug": (with_("one-node", "collectivities.list.2.slug", "Marrakech"), ["/collectivities/list/2/slug"]),
    "plain database password": (with_("one-node", "database.password", "x"), ["/database", "password"]),
    "plain database url": (with_("one-node", "database.url", "postgres://infitah_app:pw@db/infitah"),
                           ["/database", "url"]),
    "connection string as a config key": (with_("one-node", "config.database_url", "postgres://a:b@c/d"),
                                          ["/config", "database_url"]),
    "secret key as a config key": (with_("one-node", "config.secret_key", "x" * 40), ["/config", "secret_key"]),
    "secret key as an extra variable": (
        with_("one-node", "extraEnv", [{"name": "INFITAH_SECRET_KEY", "value": "x" * 40}]), ["/extraEnv/0/name"]),
    "connection string as an extra variable": (
        with_("one-node", "extraEnv", [{"name": "INFITAH_REDIS_URL", "value": "redis://:pw@redis:6379"}]),
        ["/extraEnv/0/name"]),
    "plain pgbouncer password": (with_("everything", "pgbouncer.password", "x"), ["/pgbouncer", "password"]),
    "wrong type": (with_("one-node", "web.replicas", "two"), ["/web/replicas"]),
    "unknown service": (with_("one-node", "web.services", ["identity", "billing"]), ["/web/services/1"]),
    "bad colour": (with_("one-node", "collectivities.list.0.primary_color", "blue"),
                   ["/collectivities/list/0/primary_color"]),
    "unknown TLS mode": (with_("tls-cert-manager", "ingress.tls.mode", "wildcard"), ["/ingress/tls/mode"]),
}


@pytest.mark.parametrize("case", BAD_VALUES, ids=list(BAD_VALUES))
def test_bad_values_are_refused_naming_the_key(chart, case):
    values, words = BAD_VALUES[case]
    with pytest.raises(helm.HelmValuesError) as schema_error:
        chart.validate_schema(copy.deepcopy(values))
    with pytest.raises(helm.HelmError) as render_error:
        chart.render(copy.deepcopy(values), name=RELEASE, namespace=NAMESPACE, is_install=True)
    for message in (str(schema_error.value), str(render_error.value)):
        for word in words:
            assert word in message, f"{word!r} not in {message!r}"


TEMPLATE_FAILURES = {
    "no base domain": (without("one-node", "baseDomain"), "baseDomain is required"),
    "no database secret": (without("one-node", "database"), "database.existingSecret is required"),
    "no secret key": (without("one-node", "secretKey"), "secretKey.existingSecret is required"),
    "no image": (with_("one-node", "image.repository", ""), "image.repository is required"),
    "a host used twice": (with_("one-node", "collectivities.list.1.hosts", ["kenitra.ma"]),
                          "host kenitra.ma is already used by kenitra"),
    "a split service with no path": (with_("national-split", "split.services.identity.paths", []),
                                     "split.services.identity.paths is empty"),
    "pgbouncer without its server": (with_("everything", "pgbouncer.database.host", ""),
                                     "pgbouncer.database.host is required"),
    "gateway without a parent": (with_("everything", "gateway.parentRefs", []), "gateway.parentRefs is empty"),
}


@pytest.mark.parametrize("case", TEMPLATE_FAILURES, ids=list(TEMPLATE_FAILURES))
def test_missing_values_fail_with_a_message(chart, case):
    values, message = TEMPLATE_FAILURES[case]
    with pytest.raises(helm.HelmError) as error:
        chart.render(copy.deepcopy(values), name=RELEASE, namespace=NAMESPACE, is_install=True)
    assert message in str(error.value)
