"""A resposta de um agente a uma mensagem: o mesmo caminho para a conversa de verdade (job `ai.reply`) e para o
playground (`POST /api/v1/agents/{id}/test`). Não toca no banco além das ferramentas (cada uma abre e fecha a sua
transação curta): nenhuma conexão fica presa enquanto o modelo pensa."""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any

from wacs.agents import responder, tools
from wacs.agents.responder import ToolRecord, has_keyword, normalize
from wacs.agents.spec import AgentSpec
from wacs.agents.tools import ToolScope
from wacs.ai.llm import LLMError, chat
from wacs.kit import metrics

logger = logging.getLogger("wacs.agents")

# Turnos guardados no contexto da conversa; os mais antigos viram o resumo (limitado).
MAX_TURNS = 12
MAX_SUMMARY_CHARS = 2000
MAX_TURN_CHARS = 1000


@dataclass
class Reply:
    text: str
    mode: str  # llm | offline | fallback
    handoff: str | None = None  # keyword | model | failure
    tool_calls: list[ToolRecord] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    model_seconds: float = 0.0
    error: str | None = None


async def respond(
    spec: AgentSpec,
    scope: ToolScope,
    context: dict[str, Any] | None,
    incoming: str,
    max_tool_rounds: int = 4,
) -> Reply:
    """Responde `incoming` (as mensagens da rajada, juntas) com o contexto guardado da conversa."""
    norm = normalize(incoming)
    if any(has_keyword(norm, keyword) for keyword in spec.handoff_keywords):
        return Reply(spec.handoff_message, spec.mode, handoff="keyword")
    if spec.model.chat is None:
        answer = await responder.reply(spec, scope, incoming)
        return Reply(answer.text, "offline", answer.handoff, answer.tool_calls)
    try:
        return await _with_model(spec, scope, context, incoming, max_tool_rounds)
    except LLMError as exc:
        metrics.AI_FALLBACKS.labels(exc.kind).inc()
        logger.warning("modelo falhou; responde o atendente offline", extra={"kind": exc.kind, "error": str(exc)})
        answer = await responder.reply(spec, scope, incoming)
        if answer.understood:
            return Reply(answer.text, "fallback", answer.handoff, answer.tool_calls, error=exc.message_pt)
        # Sem modelo e sem regra que sirva: melhor uma pessoa do que um "não entendi".
        return Reply(spec.handoff_message, "fallback", "failure", answer.tool_calls, error=exc.message_pt)


def _system_prompt(spec: AgentSpec, scope: ToolScope, context: dict[str, Any] | None) -> str:
    now = tools.local_now(scope.timezone)
    parts = [
        spec.system_prompt,
        f"Data e hora local agora: {now.strftime('%d/%m/%Y %H:%M')} ({scope.timezone}). Responda em português do "
        "Brasil, em texto simples próprio para WhatsApp.",
    ]
    if scope.contact_name:
        parts.append(f"Nome do cliente: {scope.contact_name}.")
    summary = (context or {}).get("summary")
    if summary:
        parts.append(f"Resumo da conversa anterior: {summary}")
    return "\n\n".join(parts)


async def _with_model(
    spec: AgentSpec, scope: ToolScope, context: dict[str, Any] | None, incoming: str, max_rounds: int
) -> Reply:
    config = spec.model.chat
    assert config is not None
    messages: list[dict[str, Any]] = [{"role": "system", "content": _system_prompt(spec, scope, context)}]
    for turn in (context or {}).get("turns") or []:
        if turn.get("role") in {"user", "assistant"} and isinstance(turn.get("content"), str):
            messages.append({"role": turn["role"], "content": turn["content"]})
    messages.append({"role": "user", "content": incoming})
    specs = tools.tool_specs(spec.capabilities)
    reply = Reply("", "llm")
    started = time.monotonic()
    try:
        for round_number in range(max_rounds + 1):
            last = round_number == max_rounds
            result = await chat(
                config,
                messages,
                specs,
                temperature=spec.temperature,
                max_tokens=spec.max_tokens,
                tool_choice="none" if last else None,
            )
            reply.prompt_tokens += result.usage.prompt_tokens
            reply.completion_tokens += result.usage.completion_tokens
            if not result.tool_calls or last:
                reply.text = (result.content or "").strip()
                break
            messages.append({**result.message, "role": "assistant"})
            for call in result.tool_calls:
                if call.arguments_invalid:
                    content = json.dumps({"erro": "Argumentos não são um objeto JSON válido."}, ensure_ascii=False)
                    reply.tool_calls.append(ToolRecord(call.name, {}, content))
                else:
                    outcome = await tools.run(scope, call.name, call.arguments)
                    content = outcome.content
                    reply.tool_calls.append(ToolRecord(call.name, call.arguments, content))
                    if outcome.handoff:
                        reply.handoff = outcome.handoff
                messages.append({"role": "tool", "tool_call_id": call.id, "content": content})
            if reply.handoff:
                break
    finally:
        reply.model_seconds = time.monotonic() - started
    if reply.handoff:
        reply.text = spec.handoff_message
    elif not reply.text:
        raise LLMError("permanent", "O modelo não devolveu texto.")
    return reply


def split_reply(text: str, limit: int) -> list[str]:
    """Quebra uma resposta longa em mensagens de até `limit` caracteres: parágrafos, depois frases, depois palavras."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    parts: list[str] = []
    current = ""
    pieces: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        if len(paragraph) <= limit:
            pieces.append(paragraph)
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            while len(sentence) > limit:
                cut = sentence.rfind(" ", 0, limit)
                cut = cut if cut > limit // 2 else limit
                pieces.append(sentence[:cut].strip())
                sentence = sentence[cut:].strip()
            pieces.append(sentence)
    for piece in pieces:
        joiner = "\n\n" if current and "\n" not in piece and len(piece) > 0 else " "
        candidate = f"{current}{joiner}{piece}" if current else piece
        if len(candidate) <= limit:
            current = candidate
        else:
            parts.append(current.strip())
            current = piece
    if current.strip():
        parts.append(current.strip())
    return [part for part in parts if part]


def remember(context: dict[str, Any] | None, user_text: str, reply_text: str, at: str) -> dict[str, Any]:
    """O contexto depois de uma resposta: os últimos turnos e um resumo limitado dos mais antigos."""
    turns = list((context or {}).get("turns") or [])
    summary = str((context or {}).get("summary") or "")
    turns.append({"role": "user", "content": user_text[:MAX_TURN_CHARS], "at": at})
    turns.append({"role": "assistant", "content": reply_text[:MAX_TURN_CHARS], "at": at})
    while len(turns) > MAX_TURNS:
        old = turns.pop(0)
        who = "Cliente" if old.get("role") == "user" else "Assistente"
        summary = f"{summary} {who}: {str(old.get('content') or '')[:200]}".strip()
    if len(summary) > MAX_SUMMARY_CHARS:
        summary = "…" + summary[-(MAX_SUMMARY_CHARS - 1) :]
    return {"turns": turns, "summary": summary}
