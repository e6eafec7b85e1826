"""Agentes de IA: o cliente de LLM compatível com a OpenAI e as ferramentas dos agentes (cálculos, respostas)."""
