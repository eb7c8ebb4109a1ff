"""Rules the catalog applies to records, as plain functions of plain data: lifecycle (statuses,
rank, timelines, dates), criteria, geo (datums, tile providers), divisions (gazetteer)."""
