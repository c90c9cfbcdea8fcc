"""What changed in the specs between two versions, and what the vendor must be told of it and sign for: the
class of each change (classes), the changes between two versions (diff), reading a version from git (git),
and the reports of `playbook diff` (report)."""
