import json
import os, sys
import re  # imported for nothing before the cut: left as it is (a re-export, or for its effect)
from typing import Any, Optional, cast
import shutil; import glob

__all__ = ["OldClient", "old_connect", "Config", "json"]


class OldClient:
    def send(self, payload: Any) -> str:
        return json.dumps(cast(dict, payload))


def old_connect(url: Optional[str] = None) -> OldClient:
    shutil.rmtree(glob.glob(url or "")[0])
    return OldClient() if os.environ.get(url or "") else OldClient()


class Config:
    path: Optional[str] = None
    name = "sys"
