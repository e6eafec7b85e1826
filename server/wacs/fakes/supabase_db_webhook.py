"""Database Webhook do Supabase falso: manda ao nosso endpoint exatamente o que o Supabase manda, para os testes.

No Supabase, um Database Webhook é um gatilho `AFTER INSERT/UPDATE/DELETE ... FOR EACH ROW` que chama
`supabase_functions.http_request(url, 'POST', headers, params, timeout_ms)`. A função monta o corpo com
`jsonb_build_object('old_record', OLD, 'record', NEW, 'type', TG_OP, 'table', TG_TABLE_NAME, 'schema',
TG_TABLE_SCHEMA)` e o entrega ao `net.http_post` do pg_net, que o envia depois do commit. Daí o que chega:

- corpo: o texto de um `jsonb` — chaves de todo objeto na ordem do jsonb (mais curtas primeiro, depois byte a byte:
  `type`, `table`, `record`, `schema`, `old_record`), separadores `", "` e `": "`, UTF-8 sem escapar acentos; a
  linha como `to_jsonb(row)` a escreve (UUID como texto, `timestamptz` em ISO 8601 com fuso, colunas jsonb aninhadas);
- cabeçalhos: os configurados no webhook (no Studio, `Content-Type: application/json` e os que o usuário somar, aqui
  o `X-Supabase-Webhook-Secret`), na ordem do jsonb, e o `User-Agent: pg_net/<versão>` que o pg_net acrescenta;
- uma tentativa só: o pg_net não repete uma entrega que falhou (a resposta fica em `net._http_response`). Entregas
  repetidas acontecem quando a linha muda de novo (UPDATE) ou o gatilho é disparado outra vez — `replay` imita.

Não importa nada do resto de `wacs`: é o outro lado da conversa.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

import httpx

Operation = Literal["INSERT", "UPDATE", "DELETE"]
PG_NET_VERSION = "0.14.0"
DEFAULT_TIMEOUT_MS = 5000


def _jsonb_key(key: str) -> tuple[int, bytes]:
    raw = key.encode("utf-8")
    return len(raw), raw


def jsonb_text(value: Any) -> str:
    """`value` como o PostgreSQL escreve um `jsonb` em texto (o que o pg_net põe no corpo)."""
    if isinstance(value, Mapping):
        items = sorted(((str(k), v) for k, v in value.items()), key=lambda item: _jsonb_key(item[0]))
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {jsonb_text(v)}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(jsonb_text(v) for v in value) + "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def _timestamp(value: datetime) -> str:
    """`timestamptz` em `to_jsonb`: ISO 8601 com `T`, microssegundos sem zeros à direita e o fuso (+00:00)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return text + "+00:00"


def record_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """Uma linha (colunas → valores Python, como o SQLAlchemy devolve) no formato de `to_jsonb(row)`."""

    def convert(value: Any) -> Any:
        if isinstance(value, uuid.UUID):
            return str(value)
        if isinstance(value, datetime):
            return _timestamp(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Mapping):
            return {str(k): convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return value

    return {str(name): convert(value) for name, value in row.items()}


@dataclass
class Delivery:
    """Uma entrega feita (o que `net._http_response` guardaria)."""

    operation: Operation
    status_code: int
    body: bytes
    response: str


@dataclass
class FakeDatabaseWebhook:
    """Um Database Webhook configurado numa tabela, apontando para `url`.

    `client`: o cliente HTTP que faz a entrega (nos testes, um `httpx.AsyncClient` com o app em processo).
    """

    url: str
    client: httpx.AsyncClient
    headers: Mapping[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    table: str = "messages"
    schema: str = "public"
    events: Sequence[Operation] = ("INSERT", "UPDATE")
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    deliveries: list[Delivery] = field(default_factory=list)

    def body(self, operation: Operation, record: Mapping[str, Any] | None, old: Mapping[str, Any] | None) -> bytes:
        payload = {
            "old_record": old,
            "record": record,
            "type": operation,
            "table": self.table,
            "schema": self.schema,
        }
        return jsonb_text(payload).encode("utf-8")

    def request_headers(self) -> list[tuple[str, str]]:
        # `jsonb_each_text` dos cabeçalhos configurados (ordem do jsonb) e, por último, o do pg_net.
        configured = sorted(((str(k), str(v)) for k, v in self.headers.items()), key=lambda kv: _jsonb_key(kv[0]))
        return [*configured, ("User-Agent", f"pg_net/{PG_NET_VERSION}")]

    async def fire(
        self, operation: Operation, record: Mapping[str, Any] | None, old: Mapping[str, Any] | None = None
    ) -> httpx.Response | None:
        """O gatilho disparou para uma linha: entrega (None se o webhook não escuta esta operação)."""
        if operation not in self.events:
            return None
        new = record_of(record) if record is not None else None
        body = self.body(operation, new, record_of(old) if old is not None else None)
        return await self._post(operation, body)

    async def insert(self, row: Mapping[str, Any]) -> httpx.Response | None:
        return await self.fire("INSERT", row, None)

    async def update(self, row: Mapping[str, Any], old: Mapping[str, Any]) -> httpx.Response | None:
        return await self.fire("UPDATE", row, old)

    async def delete(self, old: Mapping[str, Any]) -> httpx.Response | None:
        return await self.fire("DELETE", None, old)

    async def replay(self, index: int = -1) -> httpx.Response:
        """Manda de novo, byte a byte, uma entrega já feita (o mesmo gatilho disparado outra vez)."""
        delivery = self.deliveries[index]
        return await self._post(delivery.operation, delivery.body)

    async def _post(self, operation: Operation, body: bytes) -> httpx.Response:
        response = await self.client.post(
            self.url,
            content=body,
            headers=httpx.Headers(self.request_headers()),
            timeout=self.timeout_ms / 1000,
        )
        self.deliveries.append(Delivery(operation, response.status_code, body, response.text))
        return response
