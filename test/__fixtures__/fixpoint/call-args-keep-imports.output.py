# Uses inside a rewritten call's arguments: `re` stays imported, TESTFN is renamed in place, a nested call of the
# same factory is rewritten too (real cases from the standard library: re.compile(s, re.I), unlink(TESTFN)).
import re

from wrappers import re_compile, helper_unlink, run_v2
from canon import TESTFN_v2


def f(s):
    helper_unlink(TESTFN_v2)
    return re_compile(s, re.I), open(TESTFN_v2)


def go():
    return run_v2(lambda: run_v2(print))
