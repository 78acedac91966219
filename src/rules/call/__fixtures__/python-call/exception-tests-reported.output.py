"""Tests that assert the legacy factory fails keep calling it: each such call is reported, not rewritten."""
import unittest
from unittest import mock

import pytest

from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager
from netra_backend.app.websocket_core.websocket_manager import get_websocket_manager


def test_rejects_missing_context():
    with pytest.raises(ValueError):
        create_websocket_manager(None)


def test_rejects_with_message():
    with pytest.raises(ValueError, match="user_context") as info:
        create_websocket_manager(None)
    assert "user_context" in str(info.value)


def test_rejects_among_other_managers():
    with mock.patch("netra_backend.app.config.strict", True), pytest.raises(TypeError):
        create_websocket_manager(user_context=object())


def test_deprecated():
    with pytest.warns(DeprecationWarning):
        create_websocket_manager(make_context())


def test_callable_form():
    pytest.raises(ValueError, lambda: create_websocket_manager(None))
    pytest.raises(ValueError, create_websocket_manager, None)


def test_after_the_block():
    with pytest.raises(ValueError):
        pass
    manager = get_websocket_manager(user_context=make_context())
    assert manager is not None


class LegacyFactoryTest(unittest.TestCase):
    def test_context_manager(self):
        with self.assertRaises(ValueError):
            create_websocket_manager(None)

    def test_regex(self):
        with self.assertRaisesRegex(ValueError, "user_context"):
            create_websocket_manager(None)

    def test_callable(self):
        self.assertRaises(ValueError, lambda: create_websocket_manager(None))
        self.assertRaises(ValueError, create_websocket_manager, None)

    def test_works(self):
        self.assertIsNotNone(get_websocket_manager(user_context=make_context()))
