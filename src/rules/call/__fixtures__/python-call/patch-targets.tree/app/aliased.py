from app.legacy_clients import make_client as mk


def run():
    return mk("x")
