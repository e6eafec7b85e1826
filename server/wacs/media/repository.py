from __future__ import annotations

from wacs.kit.repository import TenantScopedRepository
from wacs.models import Media


class MediaRepository(TenantScopedRepository[Media]):
    model = Media
