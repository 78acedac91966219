# Another module imports both names from reexport.py: they must stay importable there.
from reexport import TESTFN, unlink

unlink(TESTFN)
