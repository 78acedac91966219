from myapp.registry import registry


def connect(conn):
    registry.register_connection(conn)
