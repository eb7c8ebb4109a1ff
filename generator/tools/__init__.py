"""Command line and maintainers' tools: validate/new/diff, CI annotations, benchmark (bench,
search_bench, lighthouse), synthetic roots, and compare_builds (two built sites, page for page)."""
