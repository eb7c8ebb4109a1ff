// Runs overrides/assets/js/edit-core.js in node for tests/test_edit_core.py: reads a JSON job on
// stdin ({schema, rules, today, records: [{record, ctx}]}) and prints, per record, the YAML the
// form would write and the problems it would show. The validator is the vendored Ajv bundle.
"use strict";
const path = require("path");
const repo = path.resolve(__dirname, "..");
const core = require(path.join(repo, "overrides/assets/js/edit-core.js"));
const Ajv = require(path.join(repo, "node_modules/ajv-dist/dist/ajv2020.min.js"));
const formats = require(path.join(repo, "node_modules/ajv-formats/dist/formats.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => { input += c; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const validate = core.makeValidator(Ajv, formats, job.schema);
  const out = job.records.map(({ record, ctx }) => {
    let yaml = null, error = null;
    try { yaml = core.dumpRecord(record, job.schema, job.rules.schema_line); } catch (e) { error = String(e); }
    const schemaProblems = core.schemaProblems(validate, record, job.schema);
    const ruleProblems = ctx && !schemaProblems.length ? core.ruleProblems(record, ctx, job.rules, job.today) : [];
    return { yaml, error, schema: schemaProblems, rules: ruleProblems };
  });
  process.stdout.write(JSON.stringify(out));
});
