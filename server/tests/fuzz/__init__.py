"""Fuzzing da API com schemathesis contra um processo real do serviço (ver `tests/test_fuzz.py`)."""
