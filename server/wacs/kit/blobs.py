"""O contrato de um armazenamento de bytes por chave, para o `AppContext` guardar um sem conhecer a mídia.

A implementação (disco local ou S3) e os erros dela moram em `wacs.media.store`; quem a cria é `wacs.assembly`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol


class BlobStore(Protocol):
    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def open(self, key: str, chunk_size: int = ...) -> AsyncIterator[bytes]: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...

    async def aclose(self) -> None:
        """Libera conexões (chamado no encerramento do processo)."""
