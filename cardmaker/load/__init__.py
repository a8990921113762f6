"""Loading: files → plain values with line numbers → validated model objects (exercises, layouts); the plain-text importer."""
