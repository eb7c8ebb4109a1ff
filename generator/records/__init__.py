"""Records: load (safe YAML with line marks), schema validation, cross-record checks, the model."""
