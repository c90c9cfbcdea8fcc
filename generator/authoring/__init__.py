"""What helps people write specs: `init`'s starter files, `new`'s skeletons, the reference pages and the editor
schema. Imports `spec`, `monitor` and `check`."""
