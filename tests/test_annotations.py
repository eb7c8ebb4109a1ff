"""GitHub workflow commands and the job summary made from validation problems."""
from dataclasses import dataclass

from generator.tools.annotations import escape_data, escape_property, github_error_lines, job_summary_markdown


@dataclass
class P:
    file: str
    line: int
    col: int
    message: str
    path: str = ""


PROBLEMS = [
    P("towns/gd/x.yml", 3, 1, "缺少来源 (missing: sources)", "sources"),
    P("towns/gd/x.yml", 7, 9, "应为6位代码, 如 \"440106\" (100% digits)\nsecond line", "adcode"),
    P("towns/gd/x.yml", 12, 5, "a: b,\r\nc", "events.0.date"),
]


def test_three_problems_give_three_error_lines():
    lines = github_error_lines(PROBLEMS)
    assert len(lines) == 3
    for line, number in zip(lines, (3, 7, 12)):
        assert line.startswith(f"::error file=towns/gd/x.yml,line={number},col=")
    assert lines[0] == ("::error file=towns/gd/x.yml,line=3,col=1,title=记录错误 Record error%3A sources"
                        "::缺少来源 (missing: sources)")


def test_message_escaping():
    lines = github_error_lines(PROBLEMS)
    # data: % CR LF are encoded; ':' and ',' stay as they are
    assert lines[1].endswith("::应为6位代码, 如 \"440106\" (100%25 digits)%0Asecond line")
    assert lines[2].endswith("::a: b,%0D%0Ac")
    assert "\n" not in "".join(lines) and "\r" not in "".join(lines)


def test_property_escaping():
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_data("a:b,c%d\r\n") == "a:b,c%25d%0D%0A"
    line = github_error_lines([P("towns/gd/a,b:c.yml", 1, 2, "m", "x,y")])[0]
    assert line.startswith("::error file=towns/gd/a%2Cb%3Ac.yml,line=1,col=2,title=")
    assert "x%2Cy" in line


def test_missing_position_is_left_out():
    line = github_error_lines([P("towns/gd/x.yml", 0, 0, "whole file")])[0]
    assert line == "::error file=towns/gd/x.yml,title=记录错误 Record error::whole file"


def test_job_summary_tables():
    changes = [{"slug": "tianhe", "name": "广州市天河区", "field": "status", "before": "candidate", "after": "assessed"}]
    md = job_summary_markdown(PROBLEMS, changes)
    assert md.count("\n| <code>towns/gd/x.yml</code> |") == 3
    assert "| 广州市天河区 (<code>tianhe</code>) | status | candidate | assessed |" in md
    assert "second line" in md and "<br>" in md  # a newline never breaks a table row


def test_job_summary_escapes_record_text():
    md = job_summary_markdown([P("towns/gd/x.yml", 1, 1, "<img src=x> | pipe")], [])
    assert "<img" not in md and "&lt;img src=x&gt; \\| pipe" in md
    assert "No town's status or criteria results change" in md


def test_job_summary_without_problems():
    assert "No problems found" in job_summary_markdown([], [])


def test_sections_make_the_whole():
    from generator.tools.annotations import changes_markdown, problems_markdown
    changes = [{"slug": "tianhe", "name": "广州市天河区", "field": "status", "before": None, "after": "named"}]
    assert job_summary_markdown(PROBLEMS, changes) == problems_markdown(PROBLEMS) + "\n" + changes_markdown(changes)
    assert "| — | named |" in changes_markdown(changes)
