from helper import TESTFN as TESTFN_v2
