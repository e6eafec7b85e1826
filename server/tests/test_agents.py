"""Agentes de IA: API, pipeline (rajada, resposta velha descartada, passagem para humano), modo offline e com
modelo (servidor falso compatível com a OpenAI), ferramentas no tenant da conversa e métricas."""

from __future__ import annotations

import asyncio
import itertools
import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from tests.conftest import Actor, Factory, assert_problem
from tests.messaging_helpers import connect_sandbox, events_of, isolated_app, serve, wait_for
from wacs.fakes.openai_compat import FakeLLMState, create_app
from wacs.inbound.service import ingest
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.models import AIConversation, AIRun, Conversation, Message
from wacs.providers.contract import InboundMessage

AGENTS = "/api/v1/agents"
CONTACT = "5511977776666"
CATALOGUE_CSV = (
    "codigo;tipo;quartos;bairro;cidade;preco;descricao\n"
    "AP-101;Apartamento;2;Pinheiros;São Paulo;R$ 650.000,00;Varanda gourmet, 1 vaga\n"
    "AP-102;Apartamento;2;Vila Mariana;São Paulo;520000;Perto do metrô\n"
    "AP-301;Apartamento;3;Moema;São Paulo;980000;Piscina\n"
    "CA-201;Casa;2;Butantã;São Paulo;700000;Quintal\n"
)


async def _create(client: httpx.AsyncClient, admin: Actor, **body: Any) -> dict[str, Any]:
    payload = {"name": "Especialista em Imóveis", "template": "real_estate", "debounceSeconds": 0, **body}
    response = await client.post(f"{AGENTS}/create", headers=admin.headers, json=payload)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def _import_catalogue(client: httpx.AsyncClient, admin: Actor, csv: str = CATALOGUE_CSV) -> None:
    response = await client.post(
        "/api/v1/properties/import",
        headers=admin.headers,
        files={"file": ("imoveis.csv", csv.encode(), "text/csv")},
    )
    assert response.status_code in (200, 201), response.text


async def _incoming(
    client: httpx.AsyncClient, actor: Actor, session: dict[str, Any], text: str, contact: str = CONTACT
) -> None:
    response = await client.post(
        f"/api/v1/sandbox/sessions/{session['id']}/incoming",
        headers=actor.headers,
        json={"from": contact, "text": text},
    )
    assert response.status_code == 202, response.text


async def _agent_replies(ctx: AppContext, tenant_id: uuid.UUID, contact: str = CONTACT) -> list[Message]:
    async with ctx.sessionmaker() as db:
        rows = await db.execute(
            select(Message)
            .where(
                Message.tenant_id == tenant_id,
                Message.direction == "outbound",
                Message.to_number == contact,
                Message.created_by.like("agent:%"),
            )
            .order_by(Message.created_at)
        )
        return list(rows.scalars())


async def _wait_replies(ctx: AppContext, tenant_id: uuid.UUID, count: int = 1, contact: str = CONTACT) -> list[Message]:
    async def probe() -> list[Message] | None:
        rows = await _agent_replies(ctx, tenant_id, contact)
        return rows if len(rows) >= count else None

    return await wait_for(probe, 20, what=f"{count} resposta(s) do agente")


async def _runs(ctx: AppContext, tenant_id: uuid.UUID) -> list[AIRun]:
    async with ctx.sessionmaker() as db:
        return list((await db.execute(select(AIRun).where(AIRun.tenant_id == tenant_id).order_by(AIRun.id))).scalars())


def _text(message: Message) -> str:
    return str((message.content or {}).get("text") or "")


class TestAgentsApi:
    async def test_create_from_template_list_get_configure_delete(
        self, client: httpx.AsyncClient, admin: Actor
    ) -> None:
        created = await _create(client, admin, makeDefault=True, llm={"apiKey": "sk-segredo-do-tenant"})
        assert created["type"] == "real_estate"
        assert set(created["capabilities"]) == {
            "search_properties",
            "schedule_visits",
            "provide_documentation",
            "calculate_financing",
        }
        assert created["isDefault"] is True
        assert created["llm"]["hasApiKey"] is True
        assert "sk-segredo-do-tenant" not in json.dumps(created)
        assert created["responseSettings"]["language"] == "pt-BR"
        listed = await client.get(f"{AGENTS}/list", headers=admin.headers)
        assert listed.status_code == 200
        assert [a["id"] for a in listed.json()["items"]] == [created["id"]]
        got = await client.get(f"{AGENTS}/{created['id']}", headers=admin.headers)
        assert got.json()["systemPrompt"].startswith("Você é um especialista em imóveis")
        configured = await client.put(
            f"{AGENTS}/{created['id']}/configure",
            headers=admin.headers,
            json={
                "systemPrompt": "Você é a Ana, corretora.",
                "responseSettings": {"maxTokens": 300, "temperature": 0.2, "language": "pt-BR"},
                "llm": {"apiKey": ""},
                "handoff": {"keywords": ["Gerente"], "message": "Chamando o gerente."},
            },
        )
        assert configured.status_code == 200, configured.text
        body = configured.json()
        assert body["systemPrompt"] == "Você é a Ana, corretora."
        assert body["responseSettings"]["maxTokens"] == 300
        assert body["llm"]["hasApiKey"] is False
        assert body["handoff"]["keywords"] == ["gerente"]
        assert body["capabilities"]  # o que não foi enviado continua
        templates = await client.get(f"{AGENTS}/templates", headers=admin.headers)
        assert {t["name"] for t in templates.json()} == {"real_estate", "customer_support"}
        deleted = await client.delete(f"{AGENTS}/{created['id']}", headers=admin.headers)
        assert deleted.status_code == 204
        assert (await client.get(f"{AGENTS}/{created['id']}", headers=admin.headers)).status_code == 404

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"name": ""}, "name"),
            ({"name": "X", "capabilities": ["voar"]}, "capabilities"),
            ({"name": "X", "debounceSeconds": 120}, "debounceSeconds"),
            ({"name": "X", "responseSettings": {"temperature": 3}}, "responseSettings.temperature"),
            ({"name": "X", "template": "astrologia"}, "template"),
            ({"name": "X", "llm": {"baseUrl": "ftp://modelo.exemplo.com"}}, "llm.baseUrl"),
            ({"name": "X", "businessHours": "sempre"}, "businessHours"),
            ({"name": "X", "handoff": {"keywords": ["  "]}}, "handoff.keywords"),
        ],
    )
    async def test_bad_input_is_a_precise_problem(
        self, client: httpx.AsyncClient, admin: Actor, body: dict[str, Any], field: str
    ) -> None:
        response = await client.post(f"{AGENTS}/create", headers=admin.headers, json=body)
        problem = assert_problem(response, 422)
        assert any(error["field"].startswith(field) for error in problem["errors"]), problem

    async def test_other_tenant_agent_is_not_found(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor
    ) -> None:
        created = await _create(client, admin)
        for method, path, body in [
            ("GET", f"{AGENTS}/{created['id']}", None),
            ("PUT", f"{AGENTS}/{created['id']}/configure", {"name": "roubado"}),
            ("DELETE", f"{AGENTS}/{created['id']}", None),
            ("POST", f"{AGENTS}/{created['id']}/test", {"message": "oi"}),
            ("POST", f"{AGENTS}/{created['id']}/assign-conversation", {"conversationId": str(uuid.uuid4())}),
        ]:
            response = await client.request(method, path, headers=admin_second.headers, json=body)
            assert_problem(response, 404, "agente_nao_encontrado")
        listed = await client.get(f"{AGENTS}/list", headers=admin_second.headers)
        assert listed.json()["items"] == []

    async def test_member_cannot_create_but_can_read(
        self, client: httpx.AsyncClient, admin: Actor, member: Actor
    ) -> None:
        created = await _create(client, admin)
        assert_problem(await client.post(f"{AGENTS}/create", headers=member.headers, json={"name": "X"}), 403)
        assert (await client.get(f"{AGENTS}/{created['id']}", headers=member.headers)).status_code == 200


ALL_WEEK_CLOSED = {"enabled": True, "timezone": "America/Sao_Paulo", "intervals": []}


def _always_open() -> dict[str, Any]:
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    return {
        "enabled": True,
        "timezone": "America/Sao_Paulo",
        "intervals": [{"day": day, "start": "00:00", "end": "23:59"} for day in days],
        "outOfHoursMessage": "Estamos fechados agora.",
    }


def _never_open() -> dict[str, Any]:
    # Um intervalo de um minuto num dia que não é hoje: fora do horário o tempo todo durante o teste.
    return {
        "enabled": True,
        "timezone": "UTC",
        "intervals": [{"day": "monday", "start": "03:00", "end": "03:01"}],
        "outOfHoursMessage": "Nosso horário é de segunda a sexta, das 9h às 18h. Respondemos assim que voltarmos!",
    }


class TestOfflinePipeline:
    async def test_prd_scenario_lists_matching_properties(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        """PRD §7.1, sem modelo: "Quero ver apartamentos de 2 quartos" → resposta com os apartamentos do catálogo."""
        await _import_catalogue(client, admin)
        agent = await _create(client, admin, makeDefault=True)
        assert agent["mode"] == "offline"
        session = await connect_sandbox(client, admin)
        await _incoming(client, admin, session, "Quero ver apartamentos de 2 quartos")
        [reply] = await _wait_replies(ctx, admin.tenant.id)
        text = _text(reply)
        assert "apartamentos" in text
        assert "AP-101" in text and "AP-102" in text
        assert "AP-301" not in text and "CA-201" not in text
        assert reply.session_id == uuid.UUID(session["id"])
        async with ctx.sessionmaker() as db:
            inbound = (
                await db.execute(
                    select(Message).where(Message.direction == "inbound", Message.tenant_id == admin.tenant.id)
                )
            ).scalar_one()
            assert inbound.ai_processed is True
            conversation = (await db.execute(select(Conversation))).scalar_one()
            assert conversation.assigned_agent_id == uuid.UUID(agent["id"])
            assert conversation.bot_state == "active"
        [run] = await _runs(ctx, admin.tenant.id)
        assert (run.mode, run.outcome, run.tool_calls) == ("offline", "replied", 1)
        replied = await events_of(ctx, admin.tenant.id, "ai.replied")
        assert replied and replied[0]["toolCalls"] == ["search_properties"]

    async def test_burst_of_three_messages_gets_one_reply(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        await _import_catalogue(client, admin)
        await _create(client, admin, makeDefault=True, debounceSeconds=1.5)
        session = await connect_sandbox(client, admin)
        for text in ("Oi", "Procuro um apartamento", "de 2 quartos"):
            await _incoming(client, admin, session, text)
        [reply] = await _wait_replies(ctx, admin.tenant.id)
        assert "AP-101" in _text(reply)
        await asyncio.sleep(2.0)
        assert len(await _agent_replies(ctx, admin.tenant.id)) == 1
        runs = await _runs(ctx, admin.tenant.id)
        assert [r.outcome for r in runs] == ["replied"]

    async def test_handoff_by_keyword_then_resume(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        agent = await _create(client, admin, makeDefault=True)
        session = await connect_sandbox(client, admin)
        await _incoming(client, admin, session, "Quero falar com um ATENDENTE, por favor")
        [reply] = await _wait_replies(ctx, admin.tenant.id)
        assert "atendente" in _text(reply).lower()
        [handoff] = await events_of(ctx, admin.tenant.id, "ai.handoff")
        assert handoff["reason"] == "keyword"
        await _incoming(client, admin, session, "Oi? Alguém aí?")
        await asyncio.sleep(1.0)
        assert len(await _agent_replies(ctx, admin.tenant.id)) == 1  # pausado: um humano atende
        conversation_id = handoff["conversationId"]
        resumed = await client.post(
            f"{AGENTS}/{agent['id']}/resume-conversation",
            headers=admin.headers,
            json={"conversationId": conversation_id},
        )
        assert resumed.status_code == 200, resumed.text
        assert resumed.json()["botState"] == "active"
        await _incoming(client, admin, session, "Bom dia")
        replies = await _wait_replies(ctx, admin.tenant.id, 2)
        assert "assistente virtual" in _text(replies[-1])
        assert await events_of(ctx, admin.tenant.id, "ai.resumed")
        seen = [e["botState"] for e in await events_of(ctx, admin.tenant.id, "conversation.updated")]
        assert [state for state, _ in itertools.groupby(seen)] == [None, "active", "handoff", "active"], seen

    async def test_operator_message_pauses_the_agent(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        await _create(client, admin, makeDefault=True)
        session = await connect_sandbox(client, admin)
        await _incoming(client, admin, session, "Bom dia")
        await _wait_replies(ctx, admin.tenant.id)
        sent = await client.post(
            "/api/v1/messages/text", headers=admin.headers, json={"to": CONTACT, "content": "Oi, aqui é a Maria!"}
        )
        assert sent.status_code in (200, 202), sent.text

        async def paused() -> bool:
            async with ctx.sessionmaker() as db:
                return (await db.execute(select(Conversation.bot_state))).scalar_one() == "handoff"

        await wait_for(paused, 15, what="agente pausado pela mensagem do operador")
        [handoff] = await events_of(ctx, admin.tenant.id, "ai.handoff")
        assert handoff["reason"] == "operator"
        await _incoming(client, admin, session, "Obrigado, Maria")
        await asyncio.sleep(1.0)
        assert len(await _agent_replies(ctx, admin.tenant.id)) == 1

    async def test_send_with_enable_ai_assigns_the_agent(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        agent = await _create(client, admin)  # não é o padrão
        session = await connect_sandbox(client, admin)
        sent = await client.post(
            "/api/v1/messages/text",
            headers=admin.headers,
            json={"to": CONTACT, "content": "Olá! Temos novidades.", "enableAI": True, "agentId": agent["id"]},
        )
        assert sent.status_code in (200, 202), sent.text

        async def assigned() -> bool:
            async with ctx.sessionmaker() as db:
                row = (await db.execute(select(Conversation))).scalar_one_or_none()
                return row is not None and row.assigned_agent_id == uuid.UUID(agent["id"])

        await wait_for(assigned, 15, what="conversa atribuída ao agente")
        await _incoming(client, admin, session, "Quero simular um financiamento de 300 mil em 30 anos a 10% ao ano")
        [reply] = await _wait_replies(ctx, admin.tenant.id)
        assert "Price" in _text(reply) and "SAC" in _text(reply)

    async def test_tenant_b_agent_never_sees_tenant_a_catalogue(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor
    ) -> None:
        await _import_catalogue(client, admin)
        await _create(client, admin_second, makeDefault=True)
        session = await connect_sandbox(client, admin_second, phone="5511900000002")
        await _incoming(client, admin_second, session, "Quero ver apartamentos de 2 quartos")
        [reply] = await _wait_replies(ctx, admin_second.tenant.id)
        assert "AP-101" not in _text(reply) and "não encontrei" in _text(reply)

    async def test_support_agent_answers_from_its_tenant_knowledge_base_only(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor
    ) -> None:
        faq = (
            "# Perguntas frequentes\n\n"
            "Horário de atendimento: funcionamos de segunda a sexta, das 9h às 18h, e aos sábados das 9h às 13h.\n\n"
            "Formas de pagamento: aceitamos Pix, boleto e cartão de crédito em até 10 vezes."
        )
        uploaded = await client.post(
            "/api/v1/knowledge/documents",
            headers=admin.headers,
            files={"file": ("faq.md", faq.encode(), "text/markdown")},
        )
        assert uploaded.status_code == 201, uploaded.text
        await _create(client, admin, template="customer_support", makeDefault=True)
        await _create(client, admin_second, template="customer_support", makeDefault=True)
        session_a = await connect_sandbox(client, admin)
        session_b = await connect_sandbox(client, admin_second, phone="5511900000002")
        await _incoming(client, admin, session_a, "Qual o horario de funcionamento de voces?")
        await _incoming(client, admin_second, session_b, "Qual o horario de funcionamento de voces?")
        [reply_a] = await _wait_replies(ctx, admin.tenant.id)
        assert "segunda a sexta" in _text(reply_a) and "Pix" not in _text(reply_a)  # o parágrafo que responde
        [reply_b] = await _wait_replies(ctx, admin_second.tenant.id)
        assert "segunda a sexta" not in _text(reply_b) and "atendente" in _text(reply_b)
        [run_a] = await _runs(ctx, admin.tenant.id)
        assert run_a.tool_calls == 1

    async def test_playground_answers_without_sending(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        await _import_catalogue(client, admin)
        agent = await _create(client, admin)
        response = await client.post(
            f"{AGENTS}/{agent['id']}/test", headers=admin.headers, json={"message": "Tem casa de 2 quartos?"}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["mode"] == "offline" and "CA-201" in body["reply"]
        assert [c["name"] for c in body["toolCalls"]] == ["search_properties"]
        assert await _agent_replies(ctx, admin.tenant.id) == []

    async def test_metrics_summary(
        self, client: httpx.AsyncClient, loopback_client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        await _create(client, admin, makeDefault=True)
        session = await connect_sandbox(client, admin)
        await _incoming(client, admin, session, "Olá")
        await _wait_replies(ctx, admin.tenant.id)
        response = await client.get(f"{AGENTS}/metrics", headers=admin.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["replies"] == 1 and body["byMode"] == {"offline": 1}
        assert body["p50ResponseMs"] is not None and len(body["perDay"]) == 1
        bad = await client.get(
            f"{AGENTS}/metrics",
            headers=admin.headers,
            params={"from": "2026-12-10T00:00:00Z", "to": "2026-12-01T00:00:00Z"},
        )
        assert_problem(bad, 422, "periodo_invalido")
        exposed = (await loopback_client.get("/metrics")).text
        assert 'wacs_ai_runs_total{mode="offline",outcome="replied"}' in exposed
        assert "wacs_ai_response_seconds_bucket" in exposed and "wacs_ai_overhead_seconds_bucket" in exposed


class TestRules:
    async def test_inside_only_agent_sends_the_out_of_hours_message_once(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        response = await client.put(
            "/api/v1/tenant/settings", headers=admin.headers, json={"businessHours": _never_open()}
        )
        assert response.status_code == 200, response.text
        await _create(client, admin, makeDefault=True, businessHours="inside_only")
        session = await connect_sandbox(client, admin)
        await _incoming(client, admin, session, "Bom dia, vocês estão abertos?")
        [reply] = await _wait_replies(ctx, admin.tenant.id)
        assert "segunda a sexta" in _text(reply)
        await _incoming(client, admin, session, "Alô?")
        await wait_for(lambda: _count_runs(ctx, admin.tenant.id, 2), 15, what="segunda rodada")
        assert len(await _agent_replies(ctx, admin.tenant.id)) == 1  # uma vez por período fechado
        assert [r.outcome for r in await _runs(ctx, admin.tenant.id)] == ["out_of_hours", "out_of_hours"]

    async def test_outside_only_agent_stays_quiet_in_business_hours(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        response = await client.put(
            "/api/v1/tenant/settings", headers=admin.headers, json={"businessHours": _always_open()}
        )
        assert response.status_code == 200, response.text
        await _create(client, admin, makeDefault=True, businessHours="outside_only")
        session = await connect_sandbox(client, admin)
        await _incoming(client, admin, session, "Olá")

        async def processed() -> bool:
            async with ctx.sessionmaker() as db:
                row = (await db.execute(select(Message.ai_processed).where(Message.direction == "inbound"))).first()
                return bool(row and row[0])

        await wait_for(processed, 15, what="rajada tratada sem resposta")
        assert await _agent_replies(ctx, admin.tenant.id) == []

    async def test_group_messages_are_ignored(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        await _create(client, admin, makeDefault=True)
        session = await connect_sandbox(client, admin)
        group = InboundMessage.model_validate(
            {
                "sessionId": session["id"],
                "messageId": "grupo-1",
                "from": CONTACT,
                "chat": "120363000000000000@g.us",
                "text": "Bom dia, grupo!",
            }
        )
        private = InboundMessage.model_validate(
            {"sessionId": session["id"], "messageId": "privado-1", "from": "5511955554444", "text": "Bom dia"}
        )
        async with ctx.sessionmaker() as db:
            await ingest(ctx, db, [group, private])
            await commit(db)
        await _wait_replies(ctx, admin.tenant.id, contact="5511955554444")
        await asyncio.sleep(0.5)
        assert await _agent_replies(ctx, admin.tenant.id) == []

    async def test_keyword_trigger_for_the_default_agent(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        await _create(client, admin, makeDefault=True, triggers={"mode": "keywords", "keywords": ["imóvel"]})
        session = await connect_sandbox(client, admin)
        await _incoming(client, admin, session, "Oi, tudo bem?")
        await asyncio.sleep(1.0)
        assert await _agent_replies(ctx, admin.tenant.id) == []
        await _incoming(client, admin, session, "Quero um IMOVEL para alugar")
        await _wait_replies(ctx, admin.tenant.id)

    async def test_unassign_turns_the_agent_off_in_the_conversation(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        agent = await _create(client, admin, makeDefault=True)
        session = await connect_sandbox(client, admin)
        await _incoming(client, admin, session, "Bom dia")
        await _wait_replies(ctx, admin.tenant.id)
        async with ctx.sessionmaker() as db:
            conversation_id = (await db.execute(select(Conversation.id))).scalar_one()
        body = {"conversationId": str(conversation_id)}
        off = await client.post(f"{AGENTS}/{agent['id']}/unassign-conversation", headers=admin.headers, json=body)
        assert off.status_code == 200 and off.json()["botState"] == "off", off.text
        await _incoming(client, admin, session, "Oi de novo")
        await asyncio.sleep(1.0)
        assert len(await _agent_replies(ctx, admin.tenant.id)) == 1
        on = await client.post(f"{AGENTS}/{agent['id']}/assign-conversation", headers=admin.headers, json=body)
        assert on.json()["botState"] == "active"
        # Cada mudança chega como `conversation.updated` com a conversa inteira (o formato do GET): a outra aba do
        # operador vê o agente e o estado na hora. A primeira é a do agente padrão assumindo a conversa.
        # (As mensagens também publicam a conversa, com o estado do momento: conta cada mudança uma vez.)
        seen = [
            (e["assignedAgentId"], e["botState"]) for e in await events_of(ctx, admin.tenant.id, "conversation.updated")
        ]
        states = [state for state, _ in itertools.groupby(seen)]
        assert states == [(None, None), (agent["id"], "active"), (None, "off"), (agent["id"], "active")], states
        last = (await events_of(ctx, admin.tenant.id, "conversation.updated"))[-1]
        current = (await client.get(f"/api/v1/conversations/{conversation_id}", headers=admin.headers)).json()
        assert last.keys() == current.keys()
        for key, value in current.items():
            if key.endswith("At") and value is not None:
                assert datetime.fromisoformat(last[key]) == datetime.fromisoformat(value), key
            else:
                assert last[key] == value, key
        other = await client.post(
            f"{AGENTS}/{agent['id']}/assign-conversation",
            headers=admin.headers,
            json={"conversationId": str(uuid.uuid4())},
        )
        assert_problem(other, 404, "conversa_nao_encontrada")


async def _count_runs(ctx: AppContext, tenant_id: uuid.UUID, count: int) -> bool:
    return len(await _runs(ctx, tenant_id)) >= count


def _tool_result(body: dict[str, Any]) -> str | None:
    for message in body.get("messages") or []:
        if message.get("role") == "tool":
            return str(message.get("content"))
    return None


class TestWithModel:
    """Com modelo: o servidor falso compatível com a OpenAI em 127.0.0.1 (AI_BASE_URL da instalação)."""

    async def test_prd_scenario_with_tool_call_and_fallback(self, tmp_path: Path) -> None:
        state = FakeLLMState(api_key="sk-teste")

        def responder(body: dict[str, Any]) -> dict[str, Any]:
            result = _tool_result(body)
            if result is None:
                arguments = json.dumps({"type": "apartamento", "bedrooms": 2})
                call = {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "search_properties", "arguments": arguments},
                }
                return {"role": "assistant", "content": None, "tool_calls": [call]}
            codes = [item["codigo"] for item in json.loads(result)["imoveis"]]
            return {"role": "assistant", "content": f"Temos estes apartamentos de 2 quartos: {', '.join(codes)}."}

        state.responder = responder
        async with serve(create_app(state)) as base:
            url = base.replace("ws://", "http://")
            async with isolated_app(tmp_path, ai_base_url=url, ai_api_key="sk-teste", ai_max_retries=0) as iso:
                factory: Factory = iso.factory
                tenant = await factory.tenant()
                admin = await factory.actor(tenant, "admin")
                await _import_catalogue(iso.client, admin)
                agent = await _create(iso.client, admin, makeDefault=True)
                assert agent["mode"] == "llm"
                session = await connect_sandbox(iso.client, admin)
                await _incoming(iso.client, admin, session, "Quero ver apartamentos de 2 quartos")
                [reply] = await _wait_replies(iso.ctx, tenant.id)
                assert _text(reply) == "Temos estes apartamentos de 2 quartos: AP-102, AP-101." or (
                    "apartamentos" in _text(reply) and "AP-101" in _text(reply) and "AP-301" not in _text(reply)
                )
                first = state.requests[0]
                assert first["model"] == "gpt-4o-mini"
                assert {t["function"]["name"] for t in first["tools"]} >= {"search_properties", "request_human"}
                [run] = await _runs(iso.ctx, tenant.id)
                assert (run.mode, run.outcome, run.tool_calls) == ("llm", "replied", 1)
                assert run.prompt_tokens > 0
                # Modelo fora do ar: o atendente offline responde (fallback), o cliente não fica sem resposta.
                state.fail_next(500, times=10)
                await _incoming(iso.client, admin, session, "Tem casa de 2 quartos?")
                replies = await _wait_replies(iso.ctx, tenant.id, 2)
                assert "CA-201" in _text(replies[-1])
                runs = await _runs(iso.ctx, tenant.id)
                assert runs[-1].mode == "fallback"

    async def test_context_long_reply_split_and_handoff_by_model(self, tmp_path: Path) -> None:
        state = FakeLLMState(api_key="sk-teste")
        long_answer = (
            ("Primeiro parágrafo com bastante detalhe sobre o imóvel. " * 8).strip()
            + "\n\n"
            + ("Segundo parágrafo com as condições de pagamento e documentos. " * 8).strip()
        )
        state.reply(long_answer)
        state.call_tool("request_human", {"reason": "cliente quer negociar o preço"})
        async with serve(create_app(state)) as base:
            url = base.replace("ws://", "http://")
            async with isolated_app(tmp_path, ai_base_url=url, ai_api_key="sk-teste") as iso:
                tenant = await iso.factory.tenant()
                admin = await iso.factory.actor(tenant, "admin")
                await _create(
                    iso.client,
                    admin,
                    makeDefault=True,
                    responseSettings={"maxTokens": 500, "temperature": 0.5, "language": "pt-BR", "maxReplyChars": 500},
                )
                session = await connect_sandbox(iso.client, admin)
                await _incoming(iso.client, admin, session, "Me fale do imóvel AP-101")
                replies = await _wait_replies(iso.ctx, tenant.id, 2)
                assert all(len(_text(r)) <= 500 for r in replies)
                assert "Primeiro parágrafo" in _text(replies[0]) and "Segundo parágrafo" in _text(replies[-1])
                await _incoming(iso.client, admin, session, "Consigo um desconto?")
                replies = await _wait_replies(iso.ctx, tenant.id, 3)
                assert "atendente" in _text(replies[-1])
                second = state.requests[-1]
                roles = [m["role"] for m in second["messages"]]
                assert roles[:3] == ["system", "user", "assistant"]  # o contexto da conversa foi junto
                assert second["messages"][1]["content"] == "Me fale do imóvel AP-101"
                [handoff] = await events_of(iso.ctx, tenant.id, "ai.handoff")
                assert handoff["reason"] == "model"
                async with iso.ctx.sessionmaker() as db:
                    state_row = (await db.execute(select(AIConversation))).scalar_one()
                    assert len(state_row.context["turns"]) == 4
                    assert state_row.expires_at is not None

    async def test_agent_model_override_goes_through_the_ssrf_guard(self, tmp_path: Path) -> None:
        """Modelo próprio do agente (URL, modelo, chave cifrada): URL interna só com AI_ALLOW_PRIVATE_BASE_URL."""
        state = FakeLLMState(api_key="sk-do-agente")
        state.reply("Resposta do modelo do agente.")
        async with serve(create_app(state)) as base:
            url = base.replace("ws://", "http://")
            override = {"baseUrl": url, "model": "modelo-do-agente", "apiKey": "sk-do-agente"}
            async with isolated_app(tmp_path / "guardado") as iso:
                tenant = await iso.factory.tenant()
                admin = await iso.factory.actor(tenant, "admin")
                agent = await _create(iso.client, admin, template="customer_support", llm=override)
                assert agent["mode"] == "llm" and agent["llm"]["hasApiKey"] is True
                response = await iso.client.post(
                    f"{AGENTS}/{agent['id']}/test", headers=admin.headers, json={"message": "Qual o horário?"}
                )
                body = response.json()
                assert body["mode"] == "fallback" and "endereço interno" in body["error"]
                assert state.requests == []  # nada saiu para o endereço interno
            async with isolated_app(tmp_path / "liberado", ai_allow_private_base_url=True) as iso:
                tenant = await iso.factory.tenant()
                admin = await iso.factory.actor(tenant, "admin")
                agent = await _create(iso.client, admin, template="customer_support", llm=override)
                response = await iso.client.post(
                    f"{AGENTS}/{agent['id']}/test", headers=admin.headers, json={"message": "Qual o horário?"}
                )
                body = response.json()
                assert (body["mode"], body["reply"]) == ("llm", "Resposta do modelo do agente."), body
                assert state.requests[0]["model"] == "modelo-do-agente"
                assert state.calls[0]["headers"]["authorization"] == "Bearer sk-do-agente"

    async def test_stale_answer_is_discarded(self, tmp_path: Path) -> None:
        state = FakeLLMState(api_key="sk-teste", delay_seconds=1.5)
        async with serve(create_app(state)) as base:
            url = base.replace("ws://", "http://")
            async with isolated_app(tmp_path, ai_base_url=url, ai_api_key="sk-teste") as iso:
                tenant = await iso.factory.tenant()
                admin = await iso.factory.actor(tenant, "admin")
                await _create(iso.client, admin, template="customer_support", makeDefault=True)
                session = await connect_sandbox(iso.client, admin)
                await _incoming(iso.client, admin, session, "Qual o horário de vocês?")
                await wait_for(lambda: asyncio.sleep(0, result=bool(state.requests)), 10, what="modelo chamado")
                await _incoming(iso.client, admin, session, "E aos sábados?")
                [reply] = await _wait_replies(iso.ctx, tenant.id)
                assert "sábados" in _text(reply)
                await asyncio.sleep(2.0)
                assert len(await _agent_replies(iso.ctx, tenant.id)) == 1
                outcomes = sorted(r.outcome for r in await _runs(iso.ctx, tenant.id))
                assert outcomes == ["discarded", "replied"]
