from app.legacy_clients import make_client

FACTORY = make_client


def run():
    return make_client()
