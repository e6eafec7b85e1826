"""Manifests do Kubernetes: cada overlay renderizado pelo kustomize do kubectl e cada documento validado contra o
esquema da versão fixada do Kubernetes (kubernetes-validate, modo estrito: campo desconhecido é erro), mais as
regras da casa (sondas, PDBs, HPAs, sem root, requests de recursos, migrations num Job)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from conftest import REPO, run, tool

# Versão mínima suportada do cluster (HPA autoscaling/v2, PDB policy/v1 e Ingress networking.k8s.io/v1 são GA).
KUBERNETES_VERSION = "1.30.0"
K8S = REPO / "deploy" / "k8s"
OVERLAYS = sorted(p.parent.name for p in (K8S / "overlays").glob("*/kustomization.yaml"))
WORKLOADS = {"Deployment", "StatefulSet", "Job"}

Doc = dict[str, Any]


def kubectl() -> str:
    # KUBECTL escolhe outro binário (ex.: o kubectl 1.20 do Debian, kustomize v2.0.3, extraído à parte).
    if os.environ.get("KUBECTL"):
        return os.environ["KUBECTL"]
    return tool("kubectl", Path("/usr/bin/kubectl"), hint="rode `make kubectl` (kubernetes-client do Debian)")


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request: pytest.FixtureRequest) -> list[Doc]:
    done = run([kubectl(), "kustomize", str(K8S / "overlays" / request.param)])
    assert done.returncode == 0, done.stderr
    docs = [d for d in yaml.safe_load_all(done.stdout) if d]
    assert docs, "overlay vazio"
    return docs


def test_ha_overlays_de_producao_e_supabase() -> None:
    assert {"producao", "supabase"} <= set(OVERLAYS)


def find(docs: list[Doc], kind: str, name: str | None = None) -> list[Doc]:
    return [d for d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]


def one(docs: list[Doc], kind: str, name: str) -> Doc:
    found = find(docs, kind, name)
    assert len(found) == 1, f"esperava um {kind}/{name}, achei {len(found)}"
    return found[0]


def pod_spec(doc: Doc) -> Doc:
    return doc["spec"]["template"]["spec"]


def containers(doc: Doc) -> list[Doc]:
    spec = pod_spec(doc)
    return [*spec.get("initContainers", []), *spec["containers"]]


def container(doc: Doc, name: str) -> Doc:
    return next(c for c in pod_spec(doc)["containers"] if c["name"] == name)


def env_value(doc: Doc, c: Doc, name: str, docs: list[Doc]) -> Any:
    """O valor de uma variável: direto, por fieldRef/secretKeyRef, ou do ConfigMap de envFrom."""
    for item in c.get("env", []):
        if item["name"] == name:
            return item.get("value", item.get("valueFrom"))
    for source in c.get("envFrom", []):
        if "configMapRef" in source:
            data = one(docs, "ConfigMap", source["configMapRef"]["name"]).get("data", {})
            if name in data:
                return data[name]
    return None


def test_cada_documento_valida_no_esquema(rendered: list[Doc]) -> None:
    errors = []
    for doc in rendered:
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            errors.append(f"{doc['kind']}/{doc['metadata']['name']}: {exc.message} em {list(exc.path)}")
    assert not errors, "\n".join(errors)


def test_validacao_estrita_recusa_campo_desconhecido() -> None:
    bad = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"}, "spec": {"portas": []}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(bad, KUBERNETES_VERSION, strict=True)


def test_secret_de_exemplo_valida_e_nao_entra_no_kustomize(rendered: list[Doc]) -> None:
    example = yaml.safe_load((K8S / "secret.example.yaml").read_text())
    kubernetes_validate.validate(example, KUBERNETES_VERSION, strict=True)
    assert example["metadata"]["name"] == "wacs-secrets"
    # Um `kubectl apply -k` nunca sobrescreve os segredos reais com os de exemplo.
    assert not find(rendered, "Secret")


def test_toda_chave_de_secret_usada_esta_documentada(rendered: list[Doc]) -> None:
    text = (K8S / "secret.example.yaml").read_text()
    documented = set(yaml.safe_load(text)["stringData"]) | set(re.findall(r"^\s*#\s*([A-Z][A-Z0-9_]+):", text, re.M))
    for doc in rendered:
        if doc["kind"] not in WORKLOADS:
            continue
        for c in containers(doc):
            assert {s["secretRef"]["name"] for s in c.get("envFrom", []) if "secretRef" in s} <= {"wacs-secrets"}
            for item in c.get("env", []):
                ref = item.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] == "wacs-secrets"
                    assert ref["key"] in documented, f"{doc['metadata']['name']}: {ref['key']} fora do exemplo"


def test_tudo_no_mesmo_namespace(rendered: list[Doc]) -> None:
    namespace = one(rendered, "Namespace", "wacs")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for doc in rendered:
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == "wacs", f"{doc['kind']}/{doc['metadata']['name']}"


def test_pods_sem_root_e_com_recursos(rendered: list[Doc]) -> None:
    for doc in rendered:
        if doc["kind"] not in WORKLOADS:
            continue
        name = f"{doc['kind']}/{doc['metadata']['name']}"
        spec = pod_spec(doc)
        pod = spec.get("securityContext", {})
        assert pod.get("runAsNonRoot") is True, name
        assert isinstance(pod.get("runAsUser"), int) and pod["runAsUser"] > 0, name
        assert pod.get("seccompProfile", {}).get("type") == "RuntimeDefault", name
        assert spec.get("automountServiceAccountToken") is False, name
        for c in containers(doc):
            sc = c.get("securityContext", {})
            assert sc.get("allowPrivilegeEscalation") is False, f"{name}/{c['name']}"
            assert sc.get("readOnlyRootFilesystem") is True, f"{name}/{c['name']}"
            assert sc.get("capabilities", {}).get("drop") == ["ALL"], f"{name}/{c['name']}"
            requests = c.get("resources", {}).get("requests", {})
            assert requests.get("cpu") and requests.get("memory"), f"{name}/{c['name']} sem requests"
            # Com a raiz somente leitura, /tmp precisa ser um volume.
            assert "/tmp" in {m["mountPath"] for m in c.get("volumeMounts", [])}, f"{name}/{c['name']} sem /tmp"  # noqa: S108


def test_requests_marcados_para_o_dimensionamento() -> None:
    for path in (K8S / "base").glob("*.yaml"):
        text = path.read_text()
        # Só os dos contêineres (cpu + memória), não o pedido de disco do volumeClaimTemplates.
        blocks = len(re.findall(r"^\s+resources:\n\s+requests:\n\s+cpu:", text, re.M))
        marks = len(re.findall(r"# dimensionamento: docs/dimensionamento\.md\n\s+resources:", text))
        assert blocks == marks, f"{path.name}: todo bloco de resources leva o comentário do dimensionamento"


def test_sondas_em_todo_servico(rendered: list[Doc]) -> None:
    for doc in rendered:
        if doc["kind"] not in {"Deployment", "StatefulSet"}:
            continue
        for c in pod_spec(doc)["containers"]:
            assert c.get("livenessProbe") and c.get("readinessProbe"), f"{doc['metadata']['name']}/{c['name']}"


def test_sondas_da_api_e_do_baileys(rendered: list[Doc]) -> None:
    api = container(one(rendered, "Deployment", "wacs-api"), "api")
    assert api["livenessProbe"]["httpGet"]["path"] == "/health"
    assert api["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    baileys = container(one(rendered, "StatefulSet", "baileys"), "baileys")
    # GET /health do serviço é a única rota sem token (baileys/src/http.ts).
    assert baileys["livenessProbe"]["httpGet"]["path"] == "/health"
    assert "path === '/health'" in (REPO / "baileys" / "src" / "http.ts").read_text()


def test_pdb_para_cada_servico_replicado(rendered: list[Doc]) -> None:
    pdbs = find(rendered, "PodDisruptionBudget")
    for kind, name in (("Deployment", "wacs-api"), ("Deployment", "wacs-worker"), ("StatefulSet", "baileys")):
        labels = one(rendered, kind, name)["spec"]["template"]["metadata"]["labels"]
        covering = [p for p in pdbs if p["spec"]["selector"]["matchLabels"].items() <= labels.items()]
        assert covering, f"{kind}/{name} sem PodDisruptionBudget"


def test_hpa_da_api_por_cpu(rendered: list[Doc]) -> None:
    hpa = one(rendered, "HorizontalPodAutoscaler", "wacs-api")
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "wacs-api"}
    assert any(m["type"] == "Resource" and m["resource"]["name"] == "cpu" for m in hpa["spec"]["metrics"])
    assert hpa["spec"]["minReplicas"] >= 2


def test_hpa_do_worker_pela_fila(rendered: list[Doc]) -> None:
    hpa = one(rendered, "HorizontalPodAutoscaler", "wacs-worker")
    assert hpa["spec"]["scaleTargetRef"]["name"] == "wacs-worker"
    external = [m["external"] for m in hpa["spec"]["metrics"] if m["type"] == "External"]
    assert external and external[0]["metric"]["name"] == "wacs_queue_depth"
    adapter = yaml.safe_load((REPO / "deploy" / "monitoring" / "prometheus-adapter.yaml").read_text())
    assert [r["name"]["as"] for r in adapter["rules"]["external"]] == ["wacs_queue_depth"]


def test_migrations_num_job_e_nao_no_start(rendered: list[Doc]) -> None:
    job = one(rendered, "Job", "wacs-migrate")
    command = container(job, "migrate")["command"]
    assert command == ["python", "-m", "wacs", "migrate"]
    # O subcomando existe na CLI do pacote (sem rodar migration nenhuma).
    done = run(
        [sys.executable, "-m", "wacs", "migrate", "--help"], env={**os.environ, "PYTHONPATH": str(REPO / "server")}
    )
    assert done.returncode == 0, done.stderr
    for name, cname in (("wacs-api", "api"), ("wacs-worker", "worker")):
        deployment = one(rendered, "Deployment", name)
        assert env_value(deployment, container(deployment, cname), "RUN_MIGRATIONS_ON_STARTUP", rendered) == "false"
    api = one(rendered, "Deployment", "wacs-api")
    assert env_value(api, container(api, "api"), "RUN_WORKER", rendered) == "false"
    worker = one(rendered, "Deployment", "wacs-worker")
    assert container(worker, "worker")["args"] == ["python", "-m", "wacs", "worker"]


def test_baileys_statefulset_com_store_compartilhado(rendered: list[Doc]) -> None:
    sts = one(rendered, "StatefulSet", "baileys")
    headless = one(rendered, "Service", sts["spec"]["serviceName"])
    assert headless["spec"]["clusterIP"] == "None"
    c = container(sts, "baileys")
    assert env_value(sts, c, "BAILEYS_STORE", rendered) == "postgres"
    assert env_value(sts, c, "POD_NAME", rendered) == {"fieldRef": {"fieldPath": "metadata.name"}}
    assert env_value(sts, c, "BAILEYS_INSTANCE_ID", rendered) == "$(POD_NAME)"
    port = c["ports"][0]["containerPort"]
    advertise = f"http://$(POD_NAME).{headless['metadata']['name']}:{port}"
    assert env_value(sts, c, "BAILEYS_ADVERTISE_URL", rendered) == advertise
    names = [e["name"] for e in c["env"]]
    assert names.index("POD_NAME") < names.index("BAILEYS_INSTANCE_ID"), "POD_NAME precisa vir antes de quem o usa"
    assert env_value(sts, c, "BAILEYS_DATABASE_URL", rendered)["secretKeyRef"]["name"] == "wacs-secrets"
    # Disco por pod para a fila de callbacks.
    assert [t["metadata"]["name"] for t in sts["spec"]["volumeClaimTemplates"]] == ["data"]
    assert sts["spec"]["replicas"] >= 2


def test_api_e_worker_alcancam_o_baileys_e_vice_versa(rendered: list[Doc]) -> None:
    api = one(rendered, "Deployment", "wacs-api")
    url = env_value(api, container(api, "api"), "BAILEYS_URL", rendered)
    host, port = re.fullmatch(r"http://([a-z0-9-]+):(\d+)", url).groups()  # type: ignore[union-attr]
    service = one(rendered, "Service", host)
    assert service["spec"].get("clusterIP") != "None", "BAILEYS_URL deve ser um Service comum (qualquer instância)"
    assert int(port) in {p["port"] for p in service["spec"]["ports"]}
    sts = one(rendered, "StatefulSet", "baileys")
    callback = env_value(sts, container(sts, "baileys"), "BAILEYS_CALLBACK_URL", rendered)
    api_host, api_port = re.fullmatch(r"http://([a-z0-9-]+):(\d+)", callback).groups()  # type: ignore[union-attr]
    assert int(api_port) in {p["port"] for p in one(rendered, "Service", api_host)["spec"]["ports"]}


def test_services_selecionam_pods(rendered: list[Doc]) -> None:
    templates = [
        d["spec"]["template"]["metadata"]["labels"] for d in rendered if d["kind"] in {"Deployment", "StatefulSet"}
    ]
    for service in find(rendered, "Service"):
        selector = service["spec"]["selector"]
        assert any(selector.items() <= labels.items() for labels in templates), service["metadata"]["name"]


def test_referencias_a_configmap_existem(rendered: list[Doc]) -> None:
    names = {d["metadata"]["name"] for d in find(rendered, "ConfigMap")}
    for doc in rendered:
        if doc["kind"] in WORKLOADS:
            for c in containers(doc):
                for source in c.get("envFrom", []):
                    if "configMapRef" in source:
                        assert source["configMapRef"]["name"] in names


def test_ingress_com_websocket_e_limite_de_corpo(rendered: list[Doc]) -> None:
    ingress = one(rendered, "Ingress", "wacs")
    annotations = ingress["metadata"]["annotations"]
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]) >= 3600
    assert annotations["nginx.ingress.kubernetes.io/proxy-body-size"] == "25m"
    config = one(rendered, "ConfigMap", find(rendered, "ConfigMap")[0]["metadata"]["name"])["data"]
    assert int(config["MAX_REQUEST_BODY_BYTES"]) == 25 * 1024 * 1024
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            service = one(rendered, "Service", backend["name"])
            assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    assert ingress["spec"]["tls"]


def test_overlay_supabase_usa_url_propria_no_baileys() -> None:
    done = run([kubectl(), "kustomize", str(K8S / "overlays" / "supabase")])
    assert done.returncode == 0, done.stderr
    docs = [d for d in yaml.safe_load_all(done.stdout) if d]
    sts = one(docs, "StatefulSet", "baileys")
    ref = env_value(sts, container(sts, "baileys"), "BAILEYS_DATABASE_URL", docs)["secretKeyRef"]
    assert ref["key"] == "BAILEYS_DATABASE_URL"
    assert [e["name"] for e in container(sts, "baileys")["env"]].count("BAILEYS_DATABASE_URL") == 1
    config = find(docs, "ConfigMap")[0]["data"]
    assert int(config["DATABASE_POOL_SIZE"]) <= 20
