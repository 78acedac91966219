"""Per-request user execution context.

Every WebSocket manager must be bound to exactly one of these, so that events for one user can never reach
another user's connections.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, Optional


@dataclass(frozen=True)
class UserExecutionContext:
    user_id: str
    thread_id: str
    run_id: str = field(default_factory=lambda: f"run_{uuid.uuid4().hex[:12]}")
    request_id: Optional[str] = None
    metadata: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_request(cls, user_id: str, thread_id: str, request_id: Optional[str] = None) -> "UserExecutionContext":
        if not user_id:
            raise ValueError("user_id is required")
        return cls(user_id=user_id, thread_id=thread_id, request_id=request_id)
