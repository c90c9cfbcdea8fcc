"""Publishing: the build, rendering, templates and assets, the MkDocs configuration, the link filter and table
labels, PDF packs and the live preview. Imports every wing below it."""
