"""Catálogo de imóveis (importação CSV/JSON, busca) e agendamentos de visita (API, serviço do agente, eventos)."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from tests.conftest import Actor, Factory, assert_problem
from tests.messaging_helpers import events_of
from wacs.catalogue.importing import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, header_key, parse_amount
from wacs.catalogue.normalize import canonical_purpose, canonical_state, canonical_type, search_words
from wacs.catalogue.service import (
    PropertyNotFound,
    PropertyUnavailable,
    VisitInThePast,
    confirmation_text,
    describe_property,
    format_visit_time,
    schedule_visit,
    search_properties,
    update_appointment,
)
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.models import Appointment, AuditLog, Property

DOC = Path(__file__).resolve().parents[2] / "docs" / "catalogo-e-agendamentos.md"
PROPERTIES = "/api/v1/properties"
IMPORT = f"{PROPERTIES}/import"
APPOINTMENTS = "/api/v1/appointments"
CONTACT = "5511988887777"

CSV_PT = (
    "Código;Tipo;Finalidade;Quartos;Bairro;Cidade;UF;Preço (R$);Área (m²);Descrição;Link;Disponível;Corretor\n"
    'AP-102;Apartamentos;Venda;2;Pinheiros;São Paulo;SP;R$ 650.000,00;68;"Varanda gourmet; 1 vaga";'
    "https://imob.example/ap-102;sim;Ana\n"
    "AP-210;apto;venda;3;Jardim América;São Paulo;sp;1.250.000;120,5;Piscina e academia;;Sim;Beto\n"
    "CA-7;Casa;Locação;3;Vila Madalena;São Paulo;São Paulo;8.500;150;Quintal com churrasqueira;;sim;\n"
    "KI-1;Studio;aluguel;0;Centro;Curitiba;PR;2.100,50;28;Mobiliado, perto do metrô;;não;\n"
    "TE-9;Terreno;venda;;Água Verde;Curitiba;PR;450000;300;Plano, esquina;;sim;\n"
)


def _csv(text: str, encoding: str = "utf-8-sig", name: str = "imoveis.csv") -> dict[str, Any]:
    return {"file": (name, text.encode(encoding), "text/csv")}


async def _import(client: httpx.AsyncClient, actor: Actor, files: dict[str, Any]) -> httpx.Response:
    return await client.post(IMPORT, headers=actor.headers, files=files)


async def _seed(client: httpx.AsyncClient, admin: Actor) -> dict[str, dict[str, Any]]:
    response = await _import(client, admin, _csv(CSV_PT))
    assert response.status_code == 200, response.text
    listing = await client.get(PROPERTIES, headers=admin.headers, params={"pageSize": 100})
    assert listing.status_code == 200, listing.text
    return {item["code"]: item for item in listing.json()["items"]}


async def _codes(client: httpx.AsyncClient, actor: Actor, **params: Any) -> list[str]:
    response = await client.get(PROPERTIES, headers=actor.headers, params={"pageSize": 100, **params})
    assert response.status_code == 200, response.text
    return [item["code"] for item in response.json()["items"]]


async def _count(ctx: AppContext, model: Any, tenant_id: uuid.UUID) -> int:
    async with ctx.sessionmaker() as db:
        return int(
            (await db.execute(select(func.count()).select_from(model).where(model.tenant_id == tenant_id))).scalar_one()
        )


def _future(days: int = 7, hour: int = 13) -> datetime:
    return (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


# ---------------------------------------------------------------------------------------------- importação


async def test_csv_import_with_ptbr_headers_and_brl_prices(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await _import(client, admin, _csv(CSV_PT))
    assert response.status_code == 200, response.text
    assert response.json() == {
        "format": "csv",
        "created": 5,
        "updated": 0,
        "total": 5,
        "ignoredColumns": ["Corretor"],
    }
    items = {item["code"]: item for item in (await client.get(PROPERTIES, headers=admin.headers)).json()["items"]}
    ap = items["AP-102"]
    assert ap["type"] == "apartamento" and ap["purpose"] == "venda" and ap["bedrooms"] == 2
    assert (ap["neighbourhood"], ap["city"], ap["state"]) == ("Pinheiros", "São Paulo", "SP")
    assert ap["price"] == 650000.0 and ap["area"] == 68.0
    assert ap["description"] == "Varanda gourmet; 1 vaga" and ap["url"] == "https://imob.example/ap-102"
    assert ap["isAvailable"] is True
    assert items["AP-210"]["type"] == "apartamento" and items["AP-210"]["price"] == 1250000.0
    assert items["AP-210"]["area"] == 120.5 and items["AP-210"]["url"] is None
    assert items["CA-7"]["purpose"] == "aluguel" and items["CA-7"]["state"] == "SP"
    assert items["KI-1"]["type"] == "kitnet" and items["KI-1"]["price"] == 2100.5
    assert items["KI-1"]["isAvailable"] is False and items["KI-1"]["bedrooms"] == 0
    assert items["TE-9"]["bedrooms"] is None
    # Do mais barato ao mais caro.
    prices = [item["price"] for item in (await client.get(PROPERTIES, headers=admin.headers)).json()["items"]]
    assert prices == sorted(prices)


async def test_latin1_csv_with_commas_and_quotes(client: httpx.AsyncClient, admin: Actor) -> None:
    text = (
        "codigo,tipo,finalidade,dormitórios,bairro,cidade,valor,descrição\n"
        'CO-1,Cobertura,venda,4,Batel,Curitiba,"R$ 2.300.000,00","Duplex, vista para o parque"\n'
    )
    response = await _import(client, admin, _csv(text, "latin-1"))
    assert response.status_code == 200, response.text
    item = (await client.get(PROPERTIES, headers=admin.headers)).json()["items"][0]
    assert item["type"] == "cobertura" and item["price"] == 2300000.0 and item["bedrooms"] == 4
    assert item["description"] == "Duplex, vista para o parque"


async def test_json_import_array_and_object(client: httpx.AsyncClient, admin: Actor) -> None:
    items = [
        {
            "code": "J-1",
            "type": "Houses",
            "purpose": "rent",
            "bedrooms": 3,
            "neighborhood": "Moema",
            "city": "São Paulo",
            "state": "SP",
            "price": 7500.5,
            "area": "180 m²",
            "available": True,
            "extra": {"ignored": "sim"},
        },
        {"código": 42, "tipo": "Sala comercial", "preço": "R$ 390.000,00", "disponível": "não"},
    ]
    response = await _import(client, admin, {"file": ("a.json", json.dumps(items).encode(), "application/json")})
    assert response.status_code == 200, response.text
    assert response.json()["format"] == "json" and response.json()["created"] == 2
    assert response.json()["ignoredColumns"] == ["extra"]
    wrapped = json.dumps({"properties": [{"id": "J-3", "type": "terreno", "price": 100000}]}).encode()
    response = await _import(client, admin, {"file": ("b.txt", wrapped, "text/plain")})
    assert response.status_code == 200, response.text
    found = {item["code"]: item for item in (await client.get(PROPERTIES, headers=admin.headers)).json()["items"]}
    assert set(found) == {"J-1", "42", "J-3"}
    assert found["J-1"]["type"] == "casa" and found["J-1"]["purpose"] == "aluguel"
    assert found["J-1"]["price"] == 7500.5 and found["J-1"]["area"] == 180.0
    assert found["42"]["type"] == "sala comercial" and found["42"]["isAvailable"] is False


async def test_reimport_updates_without_duplicates(client: httpx.AsyncClient, admin: Actor, ctx: AppContext) -> None:
    first = "tipo;bairro;cidade;quartos;preço\nCasa;Centro;Curitiba;2;300.000\nCasa;Batel;Curitiba;3;500.000\n"
    assert (await _import(client, admin, _csv(first))).json()["created"] == 2
    assert (await _import(client, admin, _csv(CSV_PT))).json()["created"] == 5
    # Mesmo arquivo, preço novo: sem código, o imóvel é achado pelos dados que o identificam (não pelo preço).
    second = "tipo;bairro;cidade;quartos;preço\nCasa;Centro;Curitiba;2;280.000\nCasa;Batel;Curitiba;3;500.000\n"
    response = await _import(client, admin, _csv(second))
    assert response.json() == {"format": "csv", "created": 0, "updated": 2, "total": 2, "ignoredColumns": []}
    # Só código e preço: o resto (descrição, bairro...) continua como estava.
    prices = "código;tipo;preço\nAP-102;apartamento;R$ 640.000,00\nNOVO-1;loja;99.000\n"
    response = await _import(client, admin, _csv(prices))
    assert response.json()["created"] == 1 and response.json()["updated"] == 1
    assert await _count(ctx, Property, admin.tenant.id) == 8
    items = {
        item["code"]: item
        for item in (await client.get(PROPERTIES, headers=admin.headers, params={"pageSize": 50})).json()["items"]
    }
    assert items["AP-102"]["price"] == 640000.0 and items["AP-102"]["description"] == "Varanda gourmet; 1 vaga"
    assert items["AP-102"]["neighbourhood"] == "Pinheiros"
    centro = [
        i for i in items.values() if i["neighbourhood"] == "Centro" and i["city"] == "Curitiba" and i["type"] == "casa"
    ]
    assert len(centro) == 1 and centro[0]["price"] == 280000.0 and centro[0]["code"].startswith("auto-")
    # O texto pesquisável dos atualizados ainda tem o que ficou gravado.
    assert await _codes(client, admin, q="varanda gourmet") == ["AP-102"]


async def test_documented_examples_import(client: httpx.AsyncClient, admin: Actor, ctx: AppContext) -> None:
    """Os exemplos de CSV e JSON de docs/catalogo-e-agendamentos.md são importados como o texto diz."""
    text = DOC.read_text()
    csv_example = re.search(r"```csv\n(.*?)```", text, re.S)
    json_example = re.search(r"### JSON.*?```json\n(.*?)```", text, re.S)
    assert csv_example and json_example
    response = await _import(client, admin, _csv(csv_example.group(1)))
    assert response.json() == {"format": "csv", "created": 3, "updated": 0, "total": 3, "ignoredColumns": ["Corretor"]}
    files = {"file": ("imoveis.json", json_example.group(1).encode(), "application/json")}
    response = await _import(client, admin, files)
    assert response.json() == {"format": "json", "created": 0, "updated": 2, "total": 2, "ignoredColumns": []}
    items = {i["code"]: i for i in (await client.get(PROPERTIES, headers=admin.headers)).json()["items"]}
    assert items["KI-1"]["type"] == "kitnet" and items["KI-1"]["isAvailable"] is False
    assert items["CA-7"]["description"] == "Quintal e churrasqueira" and items["AP-102"]["price"] == 650000.0
    async with ctx.sessionmaker() as db:
        found = await search_properties(db, admin.tenant.id, city="são paulo")
    assert [p.code for p in found] == ["CA-7", "AP-102"]
    for line in map(describe_property, found):
        assert f"> {line}" in text, line


async def test_invalid_rows_are_refused_with_line_and_column(
    client: httpx.AsyncClient, admin: Actor, ctx: AppContext
) -> None:
    text = (
        "código;tipo;preço;quartos;finalidade;uf;link\n"
        "A-1;apartamento;R$ 450.000,00;2;venda;SP;https://ok.example/a\n"
        "A-2;apartamento;quatrocentos mil;2;venda;SP;\n"
        "A-3;;100;2;venda;SP;\n"
        "A-4;casa;100;muitos;permuta;XX;ftp://x\n"
        "A-1;casa;100;1;venda;SP;\n"
    )
    body = assert_problem(await _import(client, admin, _csv(text)), 422, "importacao_invalida")
    assert "nada foi importado" in body["detail"]
    assert body["errorCount"] == 7
    found = {(e["line"], e["field"]) for e in body["errors"]}
    assert found == {
        (3, "preço"),
        (4, "tipo"),
        (5, "quartos"),
        (5, "finalidade"),
        (5, "uf"),
        (5, "link"),
        (6, "código"),
    }
    price = next(e for e in body["errors"] if e["line"] == 3)
    assert price["message"].startswith('Linha 3, coluna "preço": valor inválido: "quatrocentos mil"')
    assert await _count(ctx, Property, admin.tenant.id) == 0
    items = [
        {"code": "X", "type": "casa"},
        {"code": "Y", "type": "casa", "price": -5},
        "texto",
        {"code": "Z", "código": "W", "type": "casa"},
        {"code": "V", "type": "casa", "bedrooms": "BIG"},
        {"code": "U", "type": "casa", "area": {"m2": 10}},
        {"code": "T"},
    ]
    raw = json.dumps(items).replace('"BIG"', "1E+999999999").encode()
    body = assert_problem(await _import(client, admin, {"file": ("x.json", raw, "application/json")}), 422)
    assert [(e["item"], e["field"]) for e in body["errors"]] == [
        (2, "price"),
        (3, "item"),
        (4, "item"),
        (5, "bedrooms"),
        (6, "area"),
        (7, "tipo"),
    ]
    assert "mesmo campo" in body["errors"][2]["message"]


async def test_only_the_first_50_errors_are_listed(client: httpx.AsyncClient, admin: Actor) -> None:
    text = "tipo;preço\n" + "casa;abc\n" * 80
    body = assert_problem(await _import(client, admin, _csv(text)), 422, "importacao_invalida")
    assert body["errorCount"] == 80 and len(body["errors"]) == 50
    assert [e["line"] for e in body["errors"]] == list(range(2, 52))


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "vazio"),
        (b"   \n\n", "vazio"),
        (b"codigo;preco\nA;100\n", "tipo"),
        (b"tipo;type\ncasa;casa\n", "mesmo campo"),
        (b"tipo\n", "nenhum"),
        (b'[{"type": "casa",}]', "JSON inválido"),
        (b'{"outra": []}', "lista de imóveis"),
        (b"[]", "nenhum"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON inválido"),
        (b'[{"type": "casa", "price": NaN}]', "JSON inválido"),
        (b"tipo;pre\x00co\ncasa;1\n", "nulo"),
        (b'tipo\n"casa\n', None),
    ],
)
async def test_file_problems_are_precise_422s(
    client: httpx.AsyncClient, admin: Actor, content: bytes, fragment: str | None
) -> None:
    response = await _import(client, admin, {"file": ("f.csv", content, "text/csv")})
    if fragment is None:  # aspas sem fechar: o CSV vai até o fim e a linha sai como um imóvel válido ou um 422
        assert response.status_code in {200, 422}, response.text
        return
    body = assert_problem(response, 422, "importacao_invalida")
    assert fragment in body["detail"], body


async def test_upload_limits_and_shape(client: httpx.AsyncClient, admin: Actor) -> None:
    rows = "tipo;preço\n" + "".join(f"casa;{i + 1}\n" for i in range(MAX_IMPORT_ROWS + 1))
    assert_problem(await _import(client, admin, _csv(rows)), 422, "imoveis_demais")
    big = b"tipo;descricao\n" + b"casa;" + b"x" * MAX_IMPORT_BYTES + b"\n"
    body = assert_problem(await _import(client, admin, {"file": ("g.csv", big, "text/csv")}), 413)
    assert body["code"] in {"arquivo_muito_grande", "corpo_muito_grande"}
    response = await client.post(IMPORT, headers=admin.headers, json={"file": "x"})
    assert_problem(response, 415, "tipo_nao_suportado")
    response = await client.post(IMPORT, headers=admin.headers, data={"outro": "x"}, files={"anexo": ("a", b"x")})
    assert assert_problem(response, 422, "validacao")["errors"][0]["field"] == "file"


async def test_import_is_for_admins_and_audited(
    client: httpx.AsyncClient, admin: Actor, member: Actor, factory: Factory, ctx: AppContext
) -> None:
    assert_problem(await _import(client, member, _csv(CSV_PT)), 403, "acesso_negado")
    key = await factory.api_key(admin, ["agents:write"])
    response = await client.post(IMPORT, headers=key, files=_csv(CSV_PT))
    assert response.status_code == 200, response.text
    async with ctx.sessionmaker() as db:
        entry = (await db.execute(select(AuditLog).where(AuditLog.resource_type == "properties"))).scalar_one()
    assert entry.details is not None and entry.details["created"] == 5


# --------------------------------------------------------------------------------------------------- busca


async def test_filters(client: httpx.AsyncClient, admin: Actor) -> None:
    await _seed(client, admin)
    assert await _codes(client, admin, type="apartamentos") == ["AP-102", "AP-210"]
    assert await _codes(client, admin, type="Apto") == ["AP-102", "AP-210"]
    assert await _codes(client, admin, bedrooms=3) == ["CA-7", "AP-210"]
    assert await _codes(client, admin, minBedrooms=3, type="casas") == ["CA-7"]
    assert await _codes(client, admin, neighbourhood="jardim america") == ["AP-210"]
    assert await _codes(client, admin, neighbourhood="AGUA VERDE") == ["TE-9"]
    assert await _codes(client, admin, neighbourhood="madalena") == ["CA-7"]
    assert await _codes(client, admin, city="sao paulo", maxPrice="700000") == ["CA-7", "AP-102"]
    assert await _codes(client, admin, minPrice=500000, maxPrice=700000) == ["AP-102"]
    assert await _codes(client, admin, purpose="aluguel") == ["KI-1", "CA-7"]
    assert await _codes(client, admin, purpose="aluguel", available="true") == ["CA-7"]
    assert await _codes(client, admin, available="false") == ["KI-1"]
    assert await _codes(client, admin, q="piscina academia") == ["AP-210"]
    assert await _codes(client, admin, q="CHURRASQUEIRAS") == ["CA-7"]
    assert await _codes(client, admin, q="apartamento com varanda em pinheiros") == ["AP-102"]
    assert await _codes(client, admin, q="metro") == ["KI-1"]
    assert await _codes(client, admin, q="100%_") == []
    assert await _codes(client, admin, type="castelo") == []
    response = await client.get(PROPERTIES, headers=admin.headers, params={"purpose": "permuta"})
    assert assert_problem(response, 422, "validacao")["errors"][0]["field"] == "purpose"


async def test_search_properties_service(
    client: httpx.AsyncClient, admin: Actor, admin_second: Actor, ctx: AppContext
) -> None:
    await _seed(client, admin)
    async with ctx.sessionmaker() as db:
        found = await search_properties(db, admin.tenant.id, type="Apartamentos", max_price=Decimal("700000"))
        assert [p.code for p in found] == ["AP-102"]
        # Indisponíveis ficam de fora por padrão.
        assert [p.code for p in await search_properties(db, admin.tenant.id, city="Curitiba")] == ["TE-9"]
        everything = await search_properties(db, admin.tenant.id, city="curitiba", only_available=False)
        assert [p.code for p in everything] == ["KI-1", "TE-9"]
        assert [p.code for p in await search_properties(db, admin.tenant.id, purpose="locação")] == ["CA-7"]
        assert [p.code for p in await search_properties(db, admin.tenant.id, text="quintal", limit=1)] == ["CA-7"]
        assert len(await search_properties(db, admin.tenant.id, limit=2)) == 2
        assert await search_properties(db, admin.tenant.id, max_price="650.000") == [
            p for p in await search_properties(db, admin.tenant.id) if p.price is not None and p.price <= 650000
        ]
        # O tenant vem de quem chama: com o de B, nenhum imóvel de A aparece, com filtro ou sem.
        assert await search_properties(db, admin_second.tenant.id) == []
        assert await search_properties(db, admin_second.tenant.id, text="varanda", only_available=False) == []
        with pytest.raises(Exception) as caught:
            await search_properties(db, admin.tenant.id, purpose="permuta")
        assert getattr(caught.value, "code", None) == "filtro_invalido"


async def test_describe_property(client: httpx.AsyncClient, admin: Actor, ctx: AppContext) -> None:
    await _seed(client, admin)
    async with ctx.sessionmaker() as db:
        rows = {p.code: p for p in await search_properties(db, admin.tenant.id, only_available=False, limit=50)}
    assert describe_property(rows["AP-102"]) == (
        "Apartamento com 2 quartos e 68 m² em Pinheiros, São Paulo — R$ 650.000,00 (cód. AP-102)"
    )
    assert describe_property(rows["CA-7"]) == (
        "Casa com 3 quartos e 150 m² em Vila Madalena, São Paulo — aluguel de R$ 8.500,00/mês (cód. CA-7)"
    )
    assert describe_property(rows["KI-1"]).endswith("(cód. KI-1) — indisponível no momento")
    plain = Property(
        code="AP-1",
        type="apartamento",
        purpose="venda",
        bedrooms=2,
        neighbourhood="Pinheiros",
        city="São Paulo",
        price=Decimal("650000"),
        is_available=True,
    )
    assert describe_property(plain) == "Apartamento com 2 quartos em Pinheiros, São Paulo — R$ 650.000,00 (cód. AP-1)"
    bare = Property(code="X", type="sala comercial", purpose="venda", price=None, is_available=True)
    assert describe_property(bare) == "Sala comercial — preço sob consulta (cód. X)"


async def test_properties_are_isolated_per_tenant(client: httpx.AsyncClient, admin: Actor, admin_second: Actor) -> None:
    mine = await _seed(client, admin)
    property_id = mine["AP-102"]["id"]
    assert (await client.get(PROPERTIES, headers=admin_second.headers)).json()["total"] == 0
    for method in ("GET", "DELETE"):
        response = await client.request(method, f"{PROPERTIES}/{property_id}", headers=admin_second.headers)
        assert_problem(response, 404, "imovel_nao_encontrado")
        unknown = await client.request(method, f"{PROPERTIES}/{uuid.uuid4()}", headers=admin_second.headers)
        assert unknown.json()["detail"] == response.json()["detail"]
    # O mesmo código em outro tenant é outro imóvel.
    assert (await _import(client, admin_second, _csv(CSV_PT))).json()["created"] == 5
    assert (await client.get(f"{PROPERTIES}/{property_id}", headers=admin.headers)).status_code == 200


async def test_get_and_delete_property(client: httpx.AsyncClient, admin: Actor, member: Actor, ctx: AppContext) -> None:
    mine = await _seed(client, admin)
    property_id = mine["AP-102"]["id"]
    response = await client.get(f"{PROPERTIES}/{property_id}", headers=member.headers)
    assert response.status_code == 200 and response.json()["code"] == "AP-102"
    appointment = await client.post(
        APPOINTMENTS,
        headers=member.headers,
        json={"contactNumber": CONTACT, "scheduledFor": _future().isoformat(), "propertyId": property_id},
    )
    assert appointment.status_code == 201, appointment.text
    assert_problem(await client.delete(f"{PROPERTIES}/{property_id}", headers=member.headers), 403, "acesso_negado")
    assert (await client.delete(f"{PROPERTIES}/{property_id}", headers=admin.headers)).status_code == 204
    assert_problem(await client.get(f"{PROPERTIES}/{property_id}", headers=admin.headers), 404)
    assert_problem(await client.delete(f"{PROPERTIES}/{property_id}", headers=admin.headers), 404)
    # A visita fica, sem o vínculo.
    kept = await client.get(f"{APPOINTMENTS}/{appointment.json()['id']}", headers=member.headers)
    assert kept.status_code == 200 and kept.json()["propertyId"] is None
    # Caminho que não é UUID: /import só aceita POST.
    response = await client.get(IMPORT, headers=admin.headers)
    assert_problem(response, 405)
    assert response.headers["allow"] == "POST"


# ------------------------------------------------------------------------------------------- agendamentos


async def test_create_appointment_via_api_emits_event(
    client: httpx.AsyncClient, admin: Actor, member: Actor, ctx: AppContext
) -> None:
    mine = await _seed(client, admin)
    when = _future()
    response = await client.post(
        APPOINTMENTS,
        headers=member.headers,
        json={
            "contactNumber": "(11) 98888-7777",
            "contactName": "Maria",
            "scheduledFor": when.isoformat(),
            "propertyCode": "AP-102",
            "notes": "  Prefere de manhã ",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["contactNumber"] == CONTACT and body["status"] == "scheduled"
    assert body["propertyId"] == mine["AP-102"]["id"] and body["notes"] == "Prefere de manhã"
    assert body["createdBy"] == member.user.email and body["agentId"] is None
    assert datetime.fromisoformat(body["scheduledFor"]) == when
    events = await events_of(ctx, admin.tenant.id, "appointment.created")
    assert len(events) == 1
    assert events[0]["id"] == body["id"] and events[0]["propertyCode"] == "AP-102"
    assert events[0]["contactNumber"] == CONTACT and events[0]["scheduledFor"].endswith("Z")
    assert {"contactName", "propertyId", "conversationId", "createdBy", "status"} <= events[0].keys()
    got = await client.get(f"{APPOINTMENTS}/{body['id']}", headers=member.headers)
    assert got.status_code == 200 and got.json() == body


async def test_appointment_errors_are_precise(
    client: httpx.AsyncClient, admin: Actor, admin_second: Actor, ctx: AppContext
) -> None:
    mine = await _seed(client, admin)
    theirs = await _seed(client, admin_second)

    async def create(**fields: Any) -> httpx.Response:
        payload = {"contactNumber": CONTACT, "scheduledFor": _future().isoformat(), **fields}
        return await client.post(APPOINTMENTS, headers=admin.headers, json=payload)

    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    body = assert_problem(await create(scheduledFor=past), 422, "horario_no_passado")
    assert body["errors"][0]["field"] == "scheduledFor"
    assert_problem(await create(scheduledFor=_future(days=400).isoformat()), 422, "horario_distante_demais")
    assert_problem(await create(propertyId=str(uuid.uuid4())), 404, "imovel_nao_encontrado")
    assert_problem(await create(propertyCode="NAO-EXISTE"), 404, "imovel_nao_encontrado")
    # Imóvel de outro tenant: como se não existisse.
    other = await create(propertyId=theirs["AP-102"]["id"])
    assert_problem(other, 404, "imovel_nao_encontrado")
    assert_problem(await create(propertyCode="KI-1"), 409, "imovel_indisponivel")
    assert_problem(await create(propertyId=mine["AP-102"]["id"], propertyCode="CA-7"), 422, "imovel_divergente")
    assert_problem(await create(conversationId=str(uuid.uuid4())), 404, "conversa_nao_encontrada")
    invalid = assert_problem(await create(contactNumber="12345"), 422, "validacao")
    assert invalid["errors"][0]["field"] == "contactNumber"
    # Um instante com margem de 5 minutos no passado ainda vale (relógios e latência).
    assert (await create(scheduledFor=(datetime.now(UTC) - timedelta(minutes=2)).isoformat())).status_code == 201
    assert await _count(ctx, Appointment, admin.tenant.id) == 1
    assert len(await events_of(ctx, admin.tenant.id, "appointment.created")) == 1


async def test_patch_cancel_reschedule_and_reopen(client: httpx.AsyncClient, member: Actor, ctx: AppContext) -> None:
    created = await client.post(
        APPOINTMENTS, headers=member.headers, json={"contactNumber": CONTACT, "scheduledFor": _future().isoformat()}
    )
    appointment_id = created.json()["id"]
    url = f"{APPOINTMENTS}/{appointment_id}"
    same = await client.patch(url, headers=member.headers, json={})
    assert same.status_code == 200 and await events_of(ctx, member.tenant.id, "appointment.updated") == []
    cancelled = await client.patch(url, headers=member.headers, json={"status": "cancelled", "notes": "Desistiu"})
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["notes"] == "Desistiu"
    [event] = await events_of(ctx, member.tenant.id, "appointment.updated")
    assert event["id"] == appointment_id and event["status"] == "cancelled"
    assert event["changes"] == ["notes", "status"] and event["previous"] == {"status": "scheduled", "notes": None}
    later = _future(days=10, hour=15)
    assert_problem(
        await client.patch(url, headers=member.headers, json={"scheduledFor": later.isoformat()}),
        409,
        "agendamento_encerrado",
    )
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    assert_problem(
        await client.patch(url, headers=member.headers, json={"status": "scheduled", "scheduledFor": past}),
        422,
        VisitInThePast.code,
    )
    reopened = await client.patch(
        url, headers=member.headers, json={"status": "scheduled", "scheduledFor": later.isoformat(), "notes": None}
    )
    assert reopened.status_code == 200, reopened.text
    assert datetime.fromisoformat(reopened.json()["scheduledFor"]) == later and reopened.json()["notes"] is None
    events = await events_of(ctx, member.tenant.id, "appointment.updated")
    assert len(events) == 2 and events[1]["changes"] == ["notes", "scheduledFor", "status"]
    done = await client.patch(url, headers=member.headers, json={"status": "done"})
    assert done.json()["status"] == "done"
    assert_problem(
        await client.patch(f"{APPOINTMENTS}/{uuid.uuid4()}", headers=member.headers, json={"status": "done"}),
        404,
        "agendamento_nao_encontrado",
    )
    response = await client.patch(url, headers=member.headers, json={"status": "talvez"})
    assert assert_problem(response, 422, "validacao")["errors"][0]["field"] == "status"


async def test_list_appointments_filters(client: httpx.AsyncClient, admin: Actor, member: Actor) -> None:
    mine = await _seed(client, admin)
    first, second = _future(days=2), _future(days=5)
    for when, number, prop in ((second, CONTACT, "AP-102"), (first, "11977776666", None)):
        payload = {"contactNumber": number, "scheduledFor": when.isoformat(), "propertyCode": prop}
        assert (await client.post(APPOINTMENTS, headers=member.headers, json=payload)).status_code == 201

    async def numbers(**params: Any) -> list[str]:
        response = await client.get(APPOINTMENTS, headers=member.headers, params=params)
        assert response.status_code == 200, response.text
        return [item["contactNumber"] for item in response.json()["items"]]

    assert await numbers() == ["5511977776666", CONTACT]
    assert await numbers(contactNumber="+55 (11) 98888-7777") == [CONTACT]
    assert await numbers(**{"from": (first + timedelta(hours=1)).isoformat()}) == [CONTACT]
    assert await numbers(to=(first + timedelta(hours=1)).isoformat()) == ["5511977776666"]
    assert await numbers(propertyId=mine["AP-102"]["id"]) == [CONTACT]
    assert await numbers(status="cancelled") == []
    response = await client.get(APPOINTMENTS, headers=member.headers, params={"contactNumber": "123"})
    assert assert_problem(response, 422, "validacao")["errors"][0]["field"] == "contactNumber"


async def test_appointments_are_isolated_per_tenant(
    client: httpx.AsyncClient, admin: Actor, admin_second: Actor, ctx: AppContext
) -> None:
    created = await client.post(
        APPOINTMENTS, headers=admin.headers, json={"contactNumber": CONTACT, "scheduledFor": _future().isoformat()}
    )
    url = f"{APPOINTMENTS}/{created.json()['id']}"
    assert (await client.get(APPOINTMENTS, headers=admin_second.headers)).json()["total"] == 0
    assert_problem(await client.get(url, headers=admin_second.headers), 404, "agendamento_nao_encontrado")
    response = await client.patch(url, headers=admin_second.headers, json={"status": "cancelled"})
    assert_problem(response, 404, "agendamento_nao_encontrado")
    assert (await client.get(url, headers=admin.headers)).json()["status"] == "scheduled"
    assert await events_of(ctx, admin_second.tenant.id, "appointment.updated") == []


async def test_schedule_visit_service_for_the_agent(
    client: httpx.AsyncClient, admin: Actor, admin_second: Actor, factory: Factory, ctx: AppContext
) -> None:
    mine = await _seed(client, admin)
    theirs = await _seed(client, admin_second)
    local = (datetime.now(UTC) + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0, tzinfo=None)
    async with ctx.sessionmaker() as db:
        row = await schedule_visit(
            ctx,
            db,
            admin.tenant.id,
            contact_number="5511988887777@s.whatsapp.net",
            contact_name="João",
            scheduled_for=local,
            property_code="AP-102",
            notes="via agente\x00",
            created_by="agent:teste",
        )
        await commit(db)
    # Sem fuso: horário do tenant (America/Sao_Paulo, UTC-3).
    assert row.scheduled_for == local.replace(tzinfo=UTC) + timedelta(hours=3)
    assert row.contact_number == CONTACT and row.notes == "via agente" and row.property_id is not None
    assert str(row.property_id) == mine["AP-102"]["id"]
    [event] = await events_of(ctx, admin.tenant.id, "appointment.created")
    assert event["createdBy"] == "agent:teste" and event["propertyCode"] == "AP-102"
    async with ctx.sessionmaker() as db:
        for kwargs, error in (
            ({"property_id": uuid.UUID(theirs["AP-102"]["id"])}, PropertyNotFound),
            ({"property_code": "KI-1"}, PropertyUnavailable),
            ({"scheduled_for": datetime.now(UTC) - timedelta(days=1)}, VisitInThePast),
        ):
            arguments: dict[str, Any] = {"scheduled_for": _future(), "created_by": "agent:teste", **kwargs}
            with pytest.raises(error):
                await schedule_visit(ctx, db, admin.tenant.id, contact_number=CONTACT, **arguments)
        with pytest.raises(Exception) as caught:
            await schedule_visit(
                ctx, db, admin.tenant.id, contact_number="abc", scheduled_for=_future(), created_by=None
            )
        assert getattr(caught.value, "code", None) == "telefone_invalido"
        cancelled = await update_appointment(ctx, db, admin.tenant.id, row.id, status="cancelled")
        await commit(db)
    assert cancelled.status == "cancelled"
    assert await _count(ctx, Appointment, admin.tenant.id) == 1
    assert await _count(ctx, Appointment, admin_second.tenant.id) == 0
    [updated] = await events_of(ctx, admin.tenant.id, "appointment.updated")
    assert updated["changes"] == ["status"] and updated["propertyCode"] == "AP-102"
    # Outro fuso do tenant vale para o horário sem fuso.
    other = await factory.tenant(business_hours={"timezone": "America/Manaus"})
    async with ctx.sessionmaker() as db:
        row = await schedule_visit(ctx, db, other.id, contact_number=CONTACT, scheduled_for=local, created_by=None)
        await commit(db)
    assert row.scheduled_for == local.replace(tzinfo=UTC) + timedelta(hours=4)


def test_confirmation_text() -> None:
    prop = Property(
        code="AP-102",
        type="apartamento",
        purpose="venda",
        bedrooms=2,
        neighbourhood="Pinheiros",
        city="São Paulo",
        price=Decimal("650000"),
        is_available=True,
    )
    visit = Appointment(scheduled_for=datetime(2026, 12, 15, 13, 0, tzinfo=UTC), status="scheduled")
    assert confirmation_text(visit, prop, "America/Sao_Paulo") == (
        "Visita agendada para terça-feira, 15/12/2026 às 10:00 (horário de Brasília) — Apartamento com 2 quartos "
        "em Pinheiros, São Paulo (cód. AP-102)."
    )
    assert (
        confirmation_text(visit, None) == "Visita agendada para terça-feira, 15/12/2026 às 10:00 (horário de Brasília)."
    )
    assert confirmation_text(visit, None, "America/Manaus") == (
        "Visita agendada para terça-feira, 15/12/2026 às 09:00 (UTC-04:00)."
    )
    assert confirmation_text(visit, None, "Fuso/Inexistente").startswith(
        "Visita agendada para terça-feira, 15/12/2026 às 10:00"
    )
    visit.status = "cancelled"
    assert (
        confirmation_text(visit, None)
        == "A visita de terça-feira, 15/12/2026 às 10:00 (horário de Brasília) foi cancelada."
    )
    sunday = datetime(2026, 12, 20, 23, 30, tzinfo=UTC)
    assert format_visit_time(sunday) == "domingo, 20/12/2026 às 20:30 (horário de Brasília)"


# ------------------------------------------------------------------------------------------ normalização


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("R$ 450.000,00", Decimal("450000.00")),
        ("450000", Decimal("450000")),
        ("450.000", Decimal("450000")),
        ("450000.50", Decimal("450000.50")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("1,234.56", Decimal("1234.56")),
        ("85,5 m²", Decimal("85.50")),
        ("R$\u00a01.500", Decimal("1500")),
        (450000, Decimal("450000")),
        (Decimal("99.999"), Decimal("100.00")),
        ("", None),
        ("sob consulta", None),
    ],
)
def test_amounts_in_brazilian_format(raw: Any, expected: Decimal | None) -> None:
    assert parse_amount(raw, maximum=Decimal("1e12"), examples="") == expected


@pytest.mark.parametrize("raw", ["abc", "-5", "0", "1.2.3", "12,34,567", "1.000,000.0", True, "R$", "1e5"])
def test_invalid_amounts(raw: Any) -> None:
    with pytest.raises(ValueError):
        parse_amount(raw, maximum=Decimal("1e12"), examples="")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Apartamentos", "apartamento"),
        ("APTO", "apartamento"),
        ("Casas de Condomínio", "casa de condomínio"),
        ("Salas Comerciais", "sala comercial"),
        ("Studio", "kitnet"),
        ("Kitnets", "kitnet"),
        ("Galpões", "galpão"),
        ("Chácaras", "chácara"),
        ("Lotes", "terreno"),
        ("Apartamentos Duplex", "apartamento duplex"),
    ],
)
def test_canonical_types(raw: str, expected: str) -> None:
    assert canonical_type(raw) == expected


def test_other_normalizations() -> None:
    assert [canonical_purpose(v) for v in ("Venda", "Locação", "rent", "à venda", "permuta")] == [
        "venda",
        "aluguel",
        "aluguel",
        "venda",
        None,
    ]
    assert [canonical_state(v) for v in ("sp", "São Paulo", "Sao Paulo", "XX")] == ["SP", "SP", "SP", None]
    assert [header_key(v) for v in ("Preço (R$)", "Área em m²", "Nº de quartos", "Código do imóvel")] == [
        "preco",
        "area",
        "nodequartos",
        "codigodoimovel",
    ]
    assert search_words("Apartamentos com piscina em São Paulo") == [
        ("apartamentos", "apartamento"),
        ("piscina",),
        ("sao",),
        ("paulo",),
    ]
