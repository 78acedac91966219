import unittest

import pytest

from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


def test_rejects_missing_context():
    with pytest.raises(ValueError, match="user_context") as info:
        create_websocket_manager(None)
    assert info.value


def test_callable_form():
    pytest.raises(ValueError, lambda: create_websocket_manager(None))


class LegacyFactoryTest(unittest.TestCase):
    def test_context_manager(self):
        with self.assertRaises(ValueError):
            create_websocket_manager(user_context=None)

    def test_callable(self):
        self.assertRaises(ValueError, lambda: create_websocket_manager(None))
        self.assertRaises(ValueError, create_websocket_manager, None)
