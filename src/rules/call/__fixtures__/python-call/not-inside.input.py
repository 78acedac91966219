import pytest

from netra_backend.app.testing import legacy_mode
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


def test_rejects_missing_context():
    with pytest.raises(ValueError) as info:
        create_websocket_manager(None)


def test_legacy_behaviour(ctx):
    with legacy_mode(strict=True):
        manager = create_websocket_manager(ctx)
        assert manager.is_legacy


def test_canonical(ctx):
    with pytest.warns(DeprecationWarning):
        create_websocket_manager(ctx)
    assert create_websocket_manager(ctx) is not None
