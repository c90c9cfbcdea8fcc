"""`python -m generator` is the `playbook` command."""

from generator.cli import main

main()
