"""Run a command under a real pseudo-terminal and answer its prompts: a small expect(1) for the tests.

Usage: python3 pty-driver.py STEPS_JSON COMMAND [ARGS...]

STEPS_JSON is a list of [pattern, keys]: for each step, wait until the regular expression `pattern` matches the
terminal output (ANSI escapes removed) that follows the previous match, then type `keys`. After the last step the
output is read to the end. Prints one JSON object: {"exit": code, "signal": n, "transcript": text, "error": text}.
A step that waits longer than PTY_STEP_TIMEOUT seconds (default 30) ends the run with an error.
"""
import fcntl
import json
import os
import pty
import re
import select
import struct
import sys
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\r")


def main() -> None:
    steps = json.loads(sys.argv[1])
    command = sys.argv[2:]
    timeout = float(os.environ.get("PTY_STEP_TIMEOUT", "30"))
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    raw = b""
    consumed = 0  # characters of the cleaned output already matched
    error = None

    def read(deadline: float) -> bool:
        nonlocal raw
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.time()))
        if not ready:
            return True
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        raw += data
        return bool(data)

    try:
        for pattern, keys in steps:
            regex = re.compile(pattern)
            deadline = time.time() + timeout
            while True:
                text = ANSI.sub(b"", raw).decode("utf-8", "replace")
                match = regex.search(text, consumed)
                if match:
                    consumed = match.end()
                    break
                if time.time() > deadline:
                    raise TimeoutError(f"waited {timeout}s for {pattern!r}")
                if not read(deadline):
                    raise TimeoutError(f"the program ended while waiting for {pattern!r}")
            os.write(fd, keys.encode())
        deadline = time.time() + timeout
        while read(deadline):
            if time.time() > deadline:
                raise TimeoutError("the program did not end")
    except TimeoutError as err:
        error = str(err)
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    print(
        json.dumps(
            {
                "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                "transcript": ANSI.sub(b"", raw).decode("utf-8", "replace"),
                "error": error,
            }
        )
    )


if __name__ == "__main__":
    main()
