"""The format and reading it: the schema (the format's tables), the loader (bytes to nodes with marks, YAML's
traps to findings), the model, findings, periods and the measurement-file reader. Imports no other wing."""
