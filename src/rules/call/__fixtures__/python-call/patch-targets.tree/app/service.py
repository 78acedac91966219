from app.legacy_clients import make_client, open_session


def run():
    return make_client("x")


def start(url):
    return open_session(url)
