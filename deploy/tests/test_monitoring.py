"""Alertas do Prometheus e painel do Grafana: toda métrica citada existe no registro Prometheus da aplicação (ou no
serviço Baileys), o arquivo de regras tem a estrutura de grupos do Prometheus e as métricas do PRD §9 estão
cobertas."""

from __future__ import annotations

import importlib
import json
import re
import sys
from typing import Any

import pytest
import yaml
from conftest import REPO

MONITORING = REPO / "deploy" / "monitoring"
# Funções, agregações e palavras do PromQL que casam com o padrão de nome de métrica.
PROMQL_WORDS = {"wacs", "baileys"}
METRIC = re.compile(r"\b((?:wacs|baileys)_[a-z0-9_]+)\b")
PRD_METRICS = {
    "wacs_messages_total",  # taxa de sucesso de envio
    "wacs_queue_depth",
    "wacs_session_drops_total",
    "wacs_webhook_dead_letters_total",
    "wacs_ai_response_seconds",
}


@pytest.fixture(scope="module")
def python_metrics() -> set[str]:
    """Os nomes de amostra do registro global do prometheus_client depois de importar a aplicação e os módulos que
    definem métricas (contadores: `x_total`; histogramas: `x_bucket`, `x_sum`, `x_count`)."""
    sys.path.insert(0, str(REPO / "server"))
    from prometheus_client import REGISTRY

    for module in (
        "wacs.main",
        "wacs.kit.metrics",
        "wacs.webhooks.delivery",
        "wacs.realtime.connection",
        "wacs.supabase_webhook.metrics",
    ):
        importlib.import_module(module)
    return set(REGISTRY._names_to_collectors)  # todos os nomes de amostra de cada coletor


@pytest.fixture(scope="module")
def baileys_metrics() -> set[str]:
    """As métricas do serviço Baileys (prom-client), lidas da fonte: `name: 'baileys_...'`."""
    source = (REPO / "baileys" / "src" / "metrics.ts").read_text()
    names = set(re.findall(r"name: '(baileys_[a-z0-9_]+)'", source))
    assert "baileys_callback_queue" in names
    return names


def alert_rules() -> dict[str, Any]:
    return yaml.safe_load((MONITORING / "alerts.yml").read_text())


def dashboard() -> dict[str, Any]:
    return json.loads((MONITORING / "grafana-dashboard.json").read_text())


def dashboard_exprs() -> list[str]:
    return [t["expr"] for p in dashboard()["panels"] for t in p.get("targets", [])]


def alert_exprs() -> list[str]:
    return [r["expr"] for g in alert_rules()["groups"] for r in g["rules"]]


def used(exprs: list[str]) -> set[str]:
    return {m for e in exprs for m in METRIC.findall(e)} - PROMQL_WORDS


def test_registro_tem_as_metricas_do_prd(python_metrics: set[str]) -> None:
    for name in ("wacs_messages_total", "wacs_queue_depth", "wacs_session_drops_total"):
        assert name in python_metrics
    assert "wacs_ai_response_seconds_bucket" in python_metrics
    assert "wacs_webhook_dead_letters_total" in python_metrics
    assert "wacs_nao_existe_total" not in python_metrics


@pytest.mark.parametrize("source", ["alerts.yml", "grafana-dashboard.json", "prometheus-adapter.yaml"])
def test_toda_metrica_citada_existe(source: str, python_metrics: set[str], baileys_metrics: set[str]) -> None:
    text = (MONITORING / source).read_text()
    names = used([text])
    assert names, f"nenhuma métrica em {source}?"
    missing = sorted(n for n in names if n not in python_metrics and n not in baileys_metrics)
    assert not missing, f"{source} cita métricas que a aplicação não exporta: {missing}"


def test_hpa_do_worker_usa_metrica_que_existe(python_metrics: set[str]) -> None:
    worker = [d for d in yaml.safe_load_all((REPO / "deploy" / "k8s" / "base" / "worker.yaml").read_text()) if d]
    hpa = next(d for d in worker if d["kind"] == "HorizontalPodAutoscaler")
    for metric in hpa["spec"]["metrics"]:
        if metric["type"] == "External":
            assert metric["external"]["metric"]["name"] in python_metrics


def test_estrutura_das_regras() -> None:
    rules = alert_rules()
    assert set(rules) == {"groups"}
    names = []
    for group in rules["groups"]:
        assert set(group) <= {"name", "interval", "rules", "limit"} and group["name"] and group["rules"]
        for rule in group["rules"]:
            assert set(rule) <= {"alert", "expr", "for", "keep_firing_for", "labels", "annotations"}, rule
            assert isinstance(rule["alert"], str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", rule["alert"])
            assert isinstance(rule["expr"], str) and rule["expr"].strip()
            if "for" in rule:
                assert re.fullmatch(r"\d+[smhdwy]", rule["for"]), rule["for"]
            assert rule["labels"]["severity"] in {"critical", "warning", "info"}
            annotations = rule["annotations"]
            assert annotations["summary"] and annotations["description"]
            assert re.fullmatch(r"docs/operacao\.md#[a-z0-9-]+", annotations["runbook_url"]), annotations["runbook_url"]
            names.append(rule["alert"])
    assert len(names) == len(set(names)), "nomes de alerta repetidos"


@pytest.mark.parametrize("where", ["alerts", "dashboard"])
def test_expressoes_balanceadas(where: str) -> None:
    exprs = alert_exprs() if where == "alerts" else dashboard_exprs()
    pairs = {")": "(", "]": "[", "}": "{"}
    for expr in exprs:
        stack: list[str] = []
        for char in re.sub(r'"[^"]*"', '""', expr):
            if char in "([{":
                stack.append(char)
            elif char in pairs:
                assert stack and stack.pop() == pairs[char], expr
        assert not stack, expr


def test_metricas_do_prd_nos_alertas_e_no_painel() -> None:
    base = {re.sub(r"_(bucket|sum|count)$", "", n) for n in used(alert_exprs())}
    assert base >= PRD_METRICS, f"sem alerta: {PRD_METRICS - base}"
    base = {re.sub(r"_(bucket|sum|count)$", "", n) for n in used(dashboard_exprs())}
    assert base >= PRD_METRICS, f"fora do painel: {PRD_METRICS - base}"


def test_painel_do_grafana() -> None:
    board = dashboard()
    assert board["uid"] and board["title"] and board["schemaVersion"] >= 36
    datasource = [v for v in board["templating"]["list"] if v["type"] == "datasource"]
    assert datasource and datasource[0]["query"] == "prometheus"
    ids = [p["id"] for p in board["panels"]]
    assert len(ids) == len(set(ids)), "ids de painel repetidos"
    for panel in board["panels"]:
        assert panel["title"], panel
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] == "${datasource}"
        assert panel["targets"] and all(t["expr"] for t in panel["targets"])
        assert panel.get("description"), f"painel sem descrição: {panel['title']}"
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24


def test_titulos_em_portugues() -> None:
    titles = [p["title"] for p in dashboard()["panels"]]
    english = re.compile(r"\b(the|of|per|queue|messages|sessions|latency|requests|errors|rate)\b", re.I)
    assert not [t for t in titles if english.search(t)], "títulos do painel em pt-BR"
    for group in alert_rules()["groups"]:
        for rule in group["rules"]:
            assert not english.search(rule["annotations"]["summary"]), rule["annotations"]["summary"]


def test_runbooks_existem_no_guia_de_operacao() -> None:
    guide = (REPO / "docs" / "operacao.md").read_text()
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', guide))
    for group in alert_rules()["groups"]:
        for rule in group["rules"]:
            anchor = rule["annotations"]["runbook_url"].split("#", 1)[1]
            assert anchor in anchors, f"{rule['alert']}: docs/operacao.md não tem a seção #{anchor}"
