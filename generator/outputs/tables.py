"""The columns of the open-data tables (CSV headers and datapackage.json schemas come from the
same lists, so they cannot disagree), and the one rule for URLs that may be published."""
from __future__ import annotations

# Each column is (name, Table Schema type, description): the CSV header and the datapackage.json
# schema come from the same list, so they cannot disagree.

TOWN_FIELDS = [
    ("slug", "string", "Stable identifier; the page is towns/<slug>/"),
    ("name", "string", "Name exactly as published 小镇名称"),
    ("name_en", "string", "English name"),
    ("province", "string", "Province 省份"),
    ("province_code", "string", "Two-letter province folder code"),
    ("city", "string", "Prefecture-level city 地级市"),
    ("county", "string", "County-level division 县区"),
    ("adcode", "string", "6-digit division code 行政区划代码"),
    ("designations", "integer", "How many programmes the place is designated under (one row each in designations.csv)"),
    ("programmes", "string", "Programme ids of every designation, separated by '; '"),
    ("programme", "string", "Lead designation (the furthest status): programme id 所属计划"),
    ("programme_name", "string", "Lead designation: programme name"),
    ("batch", "integer", "Lead designation: batch 批次"),
    ("town_type", "string", "Lead designation: town type 小镇类型"),
    ("status", "string", "Lead designation: candidate | assessed | named | withdrawn, derived from dated events"),
    ("status_zh", "string", "Lead designation: status label in Chinese"),
    ("category", "string", "Lead designation: category in force (e.g. 创建/培育)"),
    ("government_named", "boolean", "true: named or recognised by a government body under at least one designation"),
    ("listed", "string", "Date first listed or named under any programme: YYYY-MM-DD, or YYYY where the source gives only the year; empty where it gives no date"),
    ("lead_industry", "string", "Lead industry 主导产业"),
    ("planned_area_mu", "number", "Planned area in mu 规划建设面积（亩）"),
    ("platforms_named", "integer", "Platforms named in the record (each has its own row in platforms.csv)"),
    ("platform_count_reported", "number", "Innovation platforms as the source counts them (record field platform_count); empty where unknown"),
    ("lon", "number", "Longitude, WGS-84 (converted from GCJ-02 where the record uses it)"),
    ("lat", "number", "Latitude, WGS-84"),
    ("approximate", "boolean", "true: the point is a representative point of a division or township, not the town"),
    ("precision", "string", "exact | township | county | city"),
    ("url", "string", "Town page"),
]

DESIGNATION_FIELDS = [
    ("town_slug", "string", "Place record (towns.csv slug)"),
    ("town_name", "string", "Place name"),
    ("programme", "string", "Programme id 所属计划"),
    ("programme_name", "string", "Programme name"),
    ("run_by", "string", "Body that runs the programme 主办机关"),
    ("name", "string", "The place's name in this programme where it differs 入选名称"),
    ("batch", "integer", "Batch 批次"),
    ("town_type", "string", "Town type 小镇类型"),
    ("status", "string", "candidate | assessed | named | withdrawn, derived from dated events"),
    ("status_zh", "string", "Status label in Chinese"),
    ("category", "string", "Category in force (e.g. 创建/培育)"),
    ("decided_by", "string", "Who made the current status 决定机关"),
    ("listed", "string", "Date first listed or named: YYYY-MM-DD, or YYYY; empty where the source gives no date"),
    ("url", "string", "Place page, designation section"),
]

PLATFORM_FIELDS = [
    ("town_slug", "string", "Town the platform belongs to"),
    ("town_name", "string", "Town name"),
    ("index", "integer", "Position on the town page (anchor #platform-<index>)"),
    ("name", "string", "Platform name 平台名称"),
    ("kind", "string", "Platform kind 平台类型"),
    ("level", "string", "Level as the source states it 级别 (国家级, 省级 …)"),
    ("wider_area", "string", "When the platform belongs to a wider area than the town: that area 所在区域; empty: the town's own"),
    ("website", "string", "Platform website (http/https only)"),
    ("note", "string", "Note"),
    ("source", "string", "Source of the fact"),
    ("province", "string", "Province"),
    ("status", "string", "The town's status"),
    ("url", "string", "Town page anchor for the platform"),
]

LIST_FIELDS = [
    ("list_id", "string", "List id (policies/lists/<id>.yml)"),
    ("list_title", "string", "List title"),
    ("list_date", "string", "Date the list was published: YYYY-MM-DD, or YYYY where the source gives only the year; empty where it gives no date"),
    ("list_kind", "string", "listing | naming"),
    ("programme", "string", "Programme id"),
    ("batch", "integer", "Batch"),
    ("position", "integer", "Published position, where the list is numbered (empty where the source gives no order)"),
    ("name_as_published", "string", "Name as the list printed it"),
    ("category", "string", "Category on the list"),
    ("town_slug", "string", "Town record"),
    ("town_url", "string", "Town page"),
    ("note", "string", "Note"),
    ("source", "string", "Source of the list"),
]


def http_url(value) -> str:
    """A URL only if it is http(s); anything else (javascript:, data:, …) is dropped."""
    text = str(value or "")
    return text if text.lower().startswith(("http://", "https://")) else ""
