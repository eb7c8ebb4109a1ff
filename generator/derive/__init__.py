"""What the build works out from records: lifecycle (status), criteria, geo, divisions, display rows."""
