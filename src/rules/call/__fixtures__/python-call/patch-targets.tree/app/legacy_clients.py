def make_client(*args):
    return ("client", args)


def open_session(url):
    return ("session", url)
