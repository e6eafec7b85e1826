"""Imitações locais de serviços externos (hoje, a Graph API da Meta), para testes, benchmarks e demonstração.

Nada aqui importa o resto de `wacs`: cada imitação fala só o protocolo público do serviço que imita.
"""
