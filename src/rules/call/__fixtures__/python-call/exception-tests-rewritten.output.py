import unittest

import pytest

from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager
from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager


def test_rejects_missing_context():
    with pytest.raises(ValueError, match="user_context") as info:
        get_websocket_manager(user_context=None)
    assert info.value


def test_callable_form():
    pytest.raises(ValueError, lambda: get_websocket_manager(user_context=None))


class LegacyFactoryTest(unittest.TestCase):
    def test_context_manager(self):
        with self.assertRaises(ValueError):
            get_websocket_manager(user_context=None)

    def test_callable(self):
        self.assertRaises(ValueError, lambda: get_websocket_manager(user_context=None))
        self.assertRaises(ValueError, create_websocket_manager, None)
