TESTFN = "x"


def unlink(p):
    pass
