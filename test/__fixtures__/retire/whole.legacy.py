#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Old utilities: everything moved to ``app.utils``."""
import os

SEPARATOR = os.sep


def old_name(path):
    return path.split(SEPARATOR)


print("old utils loaded")
