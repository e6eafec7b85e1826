"""Recursos reais para o fuzzing: com eles, os ids gerados para caminhos e corpos também acertam linhas existentes.

Duas etapas: `seed_with_worker` roda com o worker ligado (o que só existe depois do processamento da fila: conversa
vinda de uma mensagem recebida, mensagem aceita pelo provedor), e `seed_without_worker` cria o resto com o worker
desligado, como fica durante o fuzzing (webhooks nunca são entregues, nem a loopback).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.fuzz.network import LOOPBACK_URLS
from tests.fuzz.server import ADMIN_EMAIL, ADMIN_PASSWORD, TENANT

API = "/api/v1"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 2
WEBHOOK_URL = LOOPBACK_URLS[0]
OTHER_TENANT = "fuzz-outro"


@dataclass
class Seeds:
    token: str = ""
    api_key: str = ""  # chave com todos os escopos, usada pelo esquema ApiKey (nunca revogada pelo fuzzing)
    ids: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, value: str) -> None:
        self.ids.setdefault(kind, []).append(str(value))

    def as_json(self) -> dict[str, Any]:
        return {"tenant": TENANT, "token": self.token, "apiKey": self.api_key, "ids": self.ids}


def _expect(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in statuses, f"{response.request.method} {response.request.url}: {response.text}"
    return response.json() if response.content else {}


def login(client: httpx.Client) -> str:
    body = _expect(
        client.post(
            f"{API}/auth/login",
            headers={"X-Client-Id": TENANT},
            json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        ),
        200,
    )
    return str(body["accessToken"])


def _client(url: str, token: str | None = None) -> httpx.Client:
    headers = {"X-Client-Id": TENANT}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=url, headers=headers, timeout=30)


def _wait(client: httpx.Client, path: str, ready: Any, within: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + within
    while True:
        body = _expect(client.get(path), 200)
        if ready(body):
            return body
        assert time.monotonic() < deadline, f"o worker não processou a tempo: GET {path} -> {body}"
        time.sleep(0.2)


def seed_with_worker(url: str, seeds: Seeds) -> None:
    with _client(url) as anonymous:
        token = login(anonymous)
    with _client(url, token) as client:
        session = _expect(
            client.post(
                f"{API}/sessions/initialize",
                json={"phoneNumber": "5511900000001", "provider": "sandbox", "name": "Fuzzing", "config": {}},
            ),
            200,
        )
        seeds.add("session", session["id"])
        sent = _expect(
            client.post(f"{API}/messages/text", json={"to": "5511988887777", "content": "semente"}), 200, 202
        )
        seeds.add("message", sent["messageId"])
        bulk = _expect(
            client.post(
                f"{API}/messages/send-bulk",
                json={"recipients": [{"to": "5511988886666", "variables": {"nome": "Ana"}}], "content": "Oi {{nome}}"},
            ),
            202,
        )
        seeds.add("bulk", bulk["bulkId"])
        media = _expect(client.post(f"{API}/media", files={"file": ("foto.png", PNG, "image/png")}), 201)
        seeds.add("media", media["id"])
        _expect(
            client.post(
                f"{API}/sandbox/sessions/{session['id']}/incoming",
                json={"from": "5511977776666", "name": "Cliente", "text": "Olá!"},
            ),
            202,
        )
        conversations = _wait(client, f"{API}/conversations", lambda body: body["total"] > 0)
        seeds.add("conversation", conversations["items"][0]["id"])
        # Contatos das rotas LGPD: a exportação lê os que têm dados; a eliminação só recebe um número sem dados
        # (ver `_spare_the_session`), senão apagaria as sementes das outras rotas no meio do fuzzing.
        for contact in ("5511977776666", "5511988887777"):
            seeds.add("contact", contact)
        seeds.add("erasable_contact", "5511955554444")
        # Aceita pelo provedor: só então a mensagem tem o id do provedor que o recibo simulado (sandbox) procura.
        _wait(client, f"{API}/messages/{sent['messageId']}/status", lambda body: body["status"] != "pending")


def seed_without_worker(url: str, seeds: Seeds) -> None:
    with _client(url) as anonymous:
        seeds.token = login(anonymous)
    with _client(url, seeds.token) as client:
        me = _expect(client.get(f"{API}/auth/me"), 200)
        seeds.add("superadmin", me["user"]["id"])
        user = _expect(
            client.post(f"{API}/users", json={"email": "pessoa@fuzz.local", "name": "Pessoa", "password": "12345678"}),
            201,
        )
        seeds.add("user", user["id"])
        scopes = [item["scope"] for item in _expect(client.get(f"{API}/api-keys/scopes"), 200)]
        auth_key = _expect(client.post(f"{API}/api-keys", json={"name": "fuzzing", "scopes": scopes}), 201)
        seeds.api_key = auth_key["key"]
        seeds.add("protected_api_key", auth_key["id"])
        spare = _expect(client.post(f"{API}/api-keys", json={"name": "revogável", "scopes": ["messages:read"]}), 201)
        seeds.add("api_key", spare["id"])
        _expect(client.post(f"{API}/tenants", json={"clientId": OTHER_TENANT, "name": "Outra empresa"}), 201)
        seeds.add("tenant", TENANT)
        seeds.add("tenant", OTHER_TENANT)
        endpoint = _expect(
            client.post(f"{API}/webhooks/endpoints", json={"url": WEBHOOK_URL, "events": ["*"]}),
            201,
        )
        seeds.add("webhook_endpoint", endpoint["id"])
        delivery = _expect(client.post(f"{API}/webhooks/endpoints/{endpoint['id']}/test"), 202)
        seeds.add("webhook_delivery", delivery["id"])
        agent = _expect(client.post(f"{API}/agents/create", json={"name": "Imóveis", "template": "real_estate"}), 201)
        seeds.add("agent", agent["id"])
        faq = b"# FAQ\n\nHorario de atendimento: de segunda a sexta, das 9h as 18h."
        document = _expect(
            client.post(f"{API}/knowledge/documents", files={"file": ("faq.md", faq, "text/markdown")}), 201
        )
        seeds.add("knowledge_document", document["id"])
        csv = b"codigo;tipo;quartos;bairro;cidade;preco\nAP-1;Apartamento;2;Pinheiros;Sao Paulo;650000\n"
        _expect(client.post(f"{API}/properties/import", files={"file": ("imoveis.csv", csv, "text/csv")}), 200, 201)
        properties = _expect(client.get(f"{API}/properties"), 200)
        seeds.add("property", properties["items"][0]["id"])
        appointment = _expect(
            client.post(
                f"{API}/appointments",
                json={
                    "contactNumber": "5511977776666",
                    "scheduledFor": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
                    "propertyId": properties["items"][0]["id"],
                },
            ),
            201,
        )
        seeds.add("appointment", appointment["id"])
