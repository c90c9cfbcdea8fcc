"""`python -m generator` is the `playbook` command."""

from generator.cli import run

run()
