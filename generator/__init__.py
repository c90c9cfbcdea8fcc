"""The BPO handover playbook: check process specs (`playbook check`) and publish them for vendors."""

__version__ = "0.1.0"
