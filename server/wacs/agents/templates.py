"""Modelos prontos de agente, em pt-BR (GET /api/v1/agents/templates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    description: str
    system_prompt: str
    capabilities: list[str]
    handoff_keywords: list[str] = field(
        default_factory=lambda: ["atendente", "humano", "falar com uma pessoa", "falar com alguém"]
    )
    greeting: str = "Olá! Como posso ajudar?"
    settings: dict[str, Any] = field(default_factory=dict)


TEMPLATES: dict[str, Template] = {
    "real_estate": Template(
        name="real_estate",
        title="Especialista em Imóveis",
        description="Atende interessados em comprar ou alugar: busca imóveis no catálogo, agenda visitas, simula "
        "financiamento (SAC e Price) e responde dúvidas com a base de conhecimento.",
        system_prompt=(
            "Você é um especialista em imóveis que atende clientes pelo WhatsApp em português do Brasil. Seja "
            "cordial, objetivo e use frases curtas. Para sugerir imóveis, use sempre a ferramenta search_properties "
            "e só cite imóveis que ela devolver — nunca invente endereços, preços ou características. Para agendar "
            "uma visita, confirme o imóvel, o dia e o horário e use schedule_visits. Para simulações de "
            "financiamento use calculate_financing e deixe claro que são estimativas. Para dúvidas sobre documentos, "
            "processos e a empresa, consulte provide_documentation. Se o cliente pedir um atendente ou você não "
            "puder ajudar, use request_human."
        ),
        capabilities=["search_properties", "schedule_visits", "provide_documentation", "calculate_financing"],
        greeting="Olá! Sou o assistente virtual da imobiliária. Posso buscar imóveis, agendar visitas e simular "
        "financiamentos. O que você procura?",
    ),
    "customer_support": Template(
        name="customer_support",
        title="Atendimento ao Cliente",
        description="Responde perguntas frequentes com a base de conhecimento do tenant (horários, pagamentos, "
        "políticas...), a qualquer hora ou só fora do horário comercial (`businessHours`), e passa para um atendente "
        "humano quando pedido ou quando não sabe a resposta.",
        system_prompt=(
            "Você é o assistente de atendimento ao cliente de uma empresa brasileira e conversa pelo WhatsApp em "
            "português do Brasil. Responda só com base nas informações da ferramenta provide_documentation (a base "
            "de conhecimento da empresa); se a resposta não estiver lá, diga que não tem essa informação e ofereça "
            "um atendente. Seja educado e breve. Se o cliente pedir para falar com uma pessoa, estiver insatisfeito "
            "ou o assunto exigir um humano (cobrança, reclamação, cancelamento), use request_human."
        ),
        capabilities=["provide_documentation"],
        greeting="Olá! Sou o assistente virtual de atendimento. Como posso ajudar?",
        settings={"businessHours": "always"},
    ),
}
