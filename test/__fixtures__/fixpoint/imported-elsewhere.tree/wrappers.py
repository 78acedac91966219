import helper


def helper_unlink(p):
    helper.unlink(p)  # canonize: ignore
