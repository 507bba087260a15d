"""Snakemake run for a person at a terminal: each step as it finishes and where the outputs are on the
console, Snakemake's own chatter (every rule's inputs and outputs, the job table) in a log.

    python -m qualsynth.console LOG [--append] -- snakemake ARGS...   (what make report, sample and audit run)

Every line Snakemake prints goes to LOG. The console gets one line per finished step, warnings, and, when
something fails, everything from the first error on, so that the error and its log are on screen.
The exit status is Snakemake's.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

_FINISHED = re.compile(r"^Finished jobid: \d+ \(Rule: (?P<rule>[\w]+)\)")
_PROGRESS = re.compile(r"^(?P<done>\d+) of (?P<total>\d+) steps \((?P<share>[\d.]+%)\) done")
_ERROR = re.compile(r"(Error|Exception|error:|Traceback|exited with non-zero|MissingInput)")
_PLAIN = ("Nothing to be done", "WARNING", "Warning:")


class Summary:
    """Which of Snakemake's lines a person needs to see, and how."""

    def __init__(self) -> None:
        self.failing = False
        self.rule = ""

    def line(self, text: str) -> str | None:
        """What to print for one line of Snakemake's output, or None."""
        stripped = text.rstrip("\n")
        if self.failing or _ERROR.search(stripped):
            self.failing = True
            return stripped
        finished = _FINISHED.match(stripped)
        if finished:
            self.rule = finished["rule"]
            return None
        progress = _PROGRESS.match(stripped)
        if progress and self.rule and self.rule != "all":
            width = len(progress["total"])
            return f"  [{progress['done']:>{width}}/{progress['total']}] {self.rule.replace('_', ' ')}"
        if stripped.startswith(_PLAIN):
            return stripped
        return None


def run(log: Path, command: list[str], append: bool = False) -> int:
    """Run ``command``, its output to ``log`` (after what it holds, with ``append``) and its summary to the
    console; its exit status."""
    import signal

    log.parent.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    # Ctrl-C reaches Snakemake too (the terminal signals both): this side keeps reading until it has stopped.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with open(log, "a" if append else "w", encoding="utf-8") as record:
            record.write(f"$ {' '.join(command)}\n")
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace"
            )
            assert process.stdout is not None
            for line in process.stdout:
                record.write(line)
                shown = summary.line(line)
                if shown is not None:
                    print(shown, flush=True)
            status = process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    print(f"Snakemake's full output: {log}", flush=True)
    return status


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    append = "--append" in args[: args.index("--")] if "--" in args else False
    if append:
        args.remove("--append")
    if len(args) < 3 or args[1] != "--":
        print("usage: python -m qualsynth.console LOG [--append] -- snakemake ARGS...", file=sys.stderr)
        return 2
    return run(Path(args[0]), args[2:], append)


if __name__ == "__main__":
    raise SystemExit(main())
