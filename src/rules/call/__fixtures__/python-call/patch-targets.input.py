"""Tests that replace a client factory where the code under test looks it up."""
from unittest import mock
from unittest.mock import patch

import app.service
from app import aliased, legacy_clients, service


def test_string(monkeypatch):
    monkeypatch.setattr("app.service.make_client", lambda *args: "fake")
    assert service.run() == "fake"


def test_object(monkeypatch):
    monkeypatch.setattr(service, 'make_client', lambda *args: "fake")


@patch("app.service.make_client")
def test_decorator(fake):
    service.run()
    fake.assert_called_once_with("x")


def test_context_manager():
    with mock.patch("app.service.make_client") as fake:
        service.run()


def test_patch_object():
    with patch.object(app.service, "make_client") as fake:
        service.run()


def test_aliased(monkeypatch):
    monkeypatch.setattr("app.aliased.mk", lambda *args: "fake")


def test_arguments_change(monkeypatch):
    monkeypatch.setattr(
        "app.service.open_session",
        lambda url: url,
    )


def test_not_only_called(monkeypatch):
    monkeypatch.setattr("app.other.make_client", lambda *args: "fake")


def test_legacy_module(monkeypatch, mocker):
    monkeypatch.setattr("app.legacy_clients.make_client", lambda *args: "fake")
    mocker.patch("app.legacy_clients.open_session")
    with patch.object(legacy_clients, "make_client"):
        pass
    monkeypatch.setattr("app.legacy_clients.make_client", lambda *args: "fake")  # canonize: ignore


def test_left_alone(monkeypatch):
    monkeypatch.setattr("app.service.helper", None)
    monkeypatch.setattr(f"app.service.make_client", None)
    setattr(service, "make_client", None)
    mock.patch.dict("os.environ", {"make_client": "1"})
