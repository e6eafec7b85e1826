"""Ferramentas puras usadas pelos agentes de IA (cálculos, formatação de respostas)."""
