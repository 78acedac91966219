# Uses inside a rewritten call's arguments: `re` stays imported, TESTFN is renamed in place, a nested call of the
# same factory is rewritten too (real cases from the standard library: re.compile(s, re.I), unlink(TESTFN)).
import re

from helper import TESTFN, unlink
from legacy import run


def f(s):
    unlink(TESTFN)
    return re.compile(s, re.I), open(TESTFN)


def go():
    return run(lambda: run(print))
