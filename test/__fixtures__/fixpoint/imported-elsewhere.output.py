# TESTFN and unlink are imported from this module by another file of the tree (user.py): the rename keeps the old
# name as an alias, and the call rule keeps the legacy import although this file no longer calls it.
from helper import unlink
from wrappers import helper_unlink
from canon import TESTFN_v2 as TESTFN


def g():
    helper_unlink(TESTFN)
    return TESTFN
