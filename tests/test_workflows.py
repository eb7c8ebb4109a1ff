"""The GitHub files: workflows pass zizmor (offline) and the workflow schema, the
issue form passes its schema and offers the same choices as the record format."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-town-change.yml"
ISSUE_CONFIG = ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml"
PROGRAMMES = ["gd-internet-plus", "gx-innovation-town", "ah-smart-cluster", "fj-internet-plus-chain", "cn-iur-demo-town"]


def tool(name: str) -> str:
    """The venv's own copy (next to sys.executable), else one on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"site.yml", "pr-check.yml"}


def test_zizmor_offline_finds_nothing():
    result = run(tool("zizmor"), "--offline", "--persona=pedantic", "--no-progress", ".github/workflows/")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_schema(workflow):
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        result = run(tool("check-jsonschema"), "--builtin-schema", schema, str(workflow))
        assert result.returncode == 0, result.stdout + result.stderr


def test_issue_form_and_config_schemas():
    for schema, file in (("vendor.github-issue-forms", ISSUE_FORM), ("vendor.github-issue-config", ISSUE_CONFIG)):
        result = run(tool("check-jsonschema"), "--builtin-schema", schema, str(file))
        assert result.returncode == 0, result.stdout + result.stderr


def _steps(workflow: Path):
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    for job in data["jobs"].values():
        yield from job.get("steps", [])


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_and_no_expressions_in_run(workflow):
    text = workflow.read_text(encoding="utf-8")
    for line in text.splitlines():
        if re.match(r"\s*(- )?uses:", line):
            assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line
    for step in _steps(workflow):
        assert "${{" not in step.get("run", ""), step
    data = yaml.safe_load(text)
    assert data["permissions"] == {}
    assert "pull_request_target" not in (data.get(True) or data.get("on"))


def test_site_workflow_shape():
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    checkout = build["steps"][0]["with"]
    assert checkout["persist-credentials"] is False and checkout["fetch-depth"] == 0
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_issue_form_choices_match_the_record_format():
    form = yaml.safe_load(ISSUE_FORM.read_text(encoding="utf-8"))
    fields = {item.get("id"): item for item in form["body"]}
    provinces = json.loads((ROOT / "generator" / "provinces.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "generator" / "schema" / "town.schema.json").read_text(encoding="utf-8"))
    assert fields["province"]["attributes"]["options"] == [row["name"] for row in provinces.values()]
    assert fields["programme"]["attributes"]["options"] == PROGRAMMES
    assert fields["platform_kinds"]["attributes"]["options"] == schema["$defs"]["platform_kind"]["enum"]
    assert fields["grade"]["attributes"]["options"] == \
        schema["$defs"]["designation"]["properties"]["events"]["items"]["properties"]["grade"]["enum"]
    for required in ("name", "province", "programme", "source_url"):
        assert fields[required]["validations"]["required"] is True


def test_pre_commit_hook():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert config["repos"][0]["repo"] == "local"
    assert hook["entry"] == "python -m generator validate"
    assert hook["language"] == "system" and hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("towns/gd/tianhe.yml") and files.search("policies/lists/gd-2016-batch1.yml")
    assert not files.search("generator/scaffold.py") and not files.search("mkdocs.yml")


def test_codeowners_cover_every_province():
    text = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    provinces = json.loads((ROOT / "generator" / "provinces.json").read_text(encoding="utf-8"))
    for code in provinces:
        assert re.search(rf"^/towns/{code}/\s+@town-directory/{code}-maintainers$", text, re.M), code
    assert re.search(r"^/generator/\s+@town-directory/core$", text, re.M)
    assert re.search(r"^/\.github/\s+@town-directory/core$", text, re.M)
