"""Command line and maintainers' tools: validate/new/diff, CI annotations, benchmark, synthetic roots."""
