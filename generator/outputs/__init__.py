"""Everything the site is made of: pages, maps, search, open data, feed, the record form.

Each output module has `generate(ctx) -> list[Generated]` (files.py); generator/build.py runs them in
order. They share a kit: files.py (the file type, JSON, CSV), render.py (the Jinja environment),
urls.py (every route), rows.py (one display row per place) and views.py (what a town page shows).
"""
