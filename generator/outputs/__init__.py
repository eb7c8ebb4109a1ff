"""Everything the site is made of: pages, maps, search, open data, feed, the record form.

Each output module has `generate(ctx) -> list[Generated]`; generator/build.py runs them in order.
"""
