"""The records other than places, as typed objects built once by the catalog: programmes, the
published lists, criteria schemes, and the platforms inside a place.

Each keeps its validated document (`data`) and where it came from (`doc`, for file:line:col);
the fields the build reads are attributes. The prose a template may show (summary, notes,
sources …) is read through `data`, or as an attribute by the templates (see `_Prose`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.records.load import Document


class _Prose:
    """Templates print optional prose fields by name (`programme.summary`): those come from `data`."""

    data: dict

    def __getattr__(self, name: str):
        if name.startswith("_") or name == "data":
            raise AttributeError(name)
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class Programme(_Prose):
    id: str
    name: str
    short_name: str | None
    run_by: str | None
    run_by_kind: str | None
    town_types: list[str]
    batches: list[dict]  # {batch, year, scheme?, announced?, note?, source?}
    stages: dict[str, str]
    policies: list[str]
    data: dict = field(repr=False)
    doc: Document = field(repr=False)

    @classmethod
    def from_doc(cls, doc: Document) -> Programme:
        d = doc.data
        return cls(d["id"], d["name"], d.get("short_name"), d.get("run_by"), d.get("run_by_kind"),
                   list(d.get("town_types") or []), list(d.get("batches") or []), dict(d.get("stages") or {}),
                   list(d.get("policies") or []), d, doc)

    @property
    def label(self) -> str:
        """The name tables and badges use: the short name where there is one."""
        return self.short_name or self.name

    @property
    def government(self) -> bool:
        """Run by a government department (central or provincial), not an association."""
        return (self.run_by_kind or "").endswith("政府部门")

    def batch(self, number: int | None) -> dict | None:
        return next((b for b in self.batches if b["batch"] == number), None)


@dataclass
class PublishedList(_Prose):
    id: str
    programme: str
    batch: int
    title: str
    issuer: str
    date: str  # YYYY-MM-DD; only orders the list where date_precision is "unknown"
    date_precision: str  # day | month | year | unknown
    kind: str  # listing | naming
    source: str
    complete: bool  # holds every member it announced: from published_counts where given (list_complete)
    published_counts: dict[str, int]
    members: list[dict]  # {town, name_as_published, category?, position?, note?, source?, mirror?}
    data: dict = field(repr=False)
    doc: Document = field(repr=False)

    @classmethod
    def from_doc(cls, doc: Document) -> PublishedList:
        d = doc.data
        return cls(d["id"], d["programme"], d["batch"], d["title"], d.get("issuer", ""), d["date"],
                   d.get("date_precision", "day"), d["kind"], d["source"], list_complete(d),
                   dict(d.get("published_counts") or {}), list(d["members"]), d, doc)

    @property
    def document(self) -> str:
        """The document number where the list has one, else its title."""
        return self.data.get("document_number") or self.title


def list_complete(data: dict) -> bool:
    """Whether a list holds every member it announced. Where it gives `published_counts` this
    follows from them (as many members as announced); only a list without counts is as complete
    as it says (`complete`, true unless it says false). checks.py reports a stated `complete`
    that the counts contradict."""
    counts = data.get("published_counts")
    if counts:
        return len(data["members"]) >= sum(counts.values())
    return data.get("complete", True)


@dataclass
class Scheme(_Prose):
    id: str
    programme: str
    title: str
    town_types: list[str]
    criteria: list[dict]
    data: dict = field(repr=False)  # what criteria.evaluate reads (regions, criteria, stages …)
    doc: Document = field(repr=False)

    @classmethod
    def from_doc(cls, doc: Document) -> Scheme:
        d = doc.data
        return cls(d["id"], d.get("programme", ""), d.get("title", d["id"]), list(d.get("town_types") or []),
                   list(d.get("criteria") or []), d, doc)


@dataclass
class Platform(_Prose):
    """An incubator, 众创空间, fund or service platform inside a place; `index` is its anchor
    (#platform-N) on the place's page."""

    index: int
    name: str
    kind: str
    level: str | None
    url: str | None
    source: str | None
    wider: str | None  # the wider area the platform belongs to, when it is not the town's own
    data: dict = field(repr=False)

    @classmethod
    def from_record(cls, index: int, p: dict, area: str) -> Platform:
        """`area` names the wider area where the record does not (labels.yml scope.platform)."""
        wider = (p.get("scope_note") or area) if p.get("scope") == "wider" else None
        return cls(index, p["name"], p["kind"], p.get("level"), p.get("url"), p.get("source"), wider, p)
