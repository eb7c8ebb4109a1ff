"""Records: load (safe YAML with line marks), schema validation, cross-record checks, the model
(types) and the catalog (load, join, check, derive: catalog.py)."""
