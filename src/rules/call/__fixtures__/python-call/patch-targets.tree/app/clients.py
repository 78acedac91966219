def build_client(*args):
    return ("client", args)


def connect(url):
    return ("session", url)
