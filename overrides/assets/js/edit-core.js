/* The record form's core, shared by the browser (edit.js) and the tests (node):
 *  - dumpRecord: the record as YAML, exactly as generator/records/writer.py dump_record writes it
 *    (keys in schema order, PyYAML's SafeDumper scalar styles, no timestamp resolver);
 *  - schemaProblems: Ajv's errors worded as generator/records/validate.py words jsonschema's;
 *  - ruleProblems: the cross-record checks of generator/records/checks.py that need only site data
 *    (data/edit-rules.json), with the same messages.
 * tests/test_edit_core.py checks all three against the Python code. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.TownEditCore = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // ---- schema walking -------------------------------------------------------------------
  function resolve(node, schema) {
    node = node || {};
    while (node.$ref) {
      let target = schema;
      // a JSON pointer within this schema; a validator may have made it absolute (id#/pointer)
      const pointer = node.$ref.slice(node.$ref.indexOf("#") + 1);
      for (const part of pointer.replace(/^\/+/, "").split("/")) target = target[part];
      const rest = Object.assign({}, node);
      delete rest.$ref;
      node = Object.assign({}, target, rest);
    }
    if (node.oneOf) {  // a quantity: the object form's properties give the order
      const obj = node.oneOf.find((o) => o.type === "object");
      if (obj) return obj;
    }
    return node;
  }

  function isPlainObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function ordered(value, node, schema) {
    node = resolve(node, schema);
    if (Array.isArray(value)) return value.map((v) => ordered(v, node.items || {}, schema));
    if (isPlainObject(value)) {
      const props = node.properties || {};
      const keys = Object.keys(props).filter((k) => k in value).concat(Object.keys(value).filter((k) => !(k in props)));
      const out = {};
      for (const k of keys) out[k] = ordered(value[k], props[k] || {}, schema);
      return out;
    }
    return value;
  }

  // ---- PyYAML scalars (emitter.py analyze_scalar / choose_scalar_style / writers) --------
  const BREAKS = "\n\x85\u2028\u2029";
  const SPACE_OR_BREAK = "\0 \t\r\n\x85\u2028\u2029";
  // resolver.py's implicit resolvers, the timestamp one removed (record_yaml._Dumper)
  const RESOLVERS = [
    [/^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/, "yYnNtTfFoO"],
    [/^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/, "-+0123456789."],
    [/^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/, "-+0123456789"],
    [/^(?:<<)$/, "<"],
    [/^(?:~|null|Null|NULL|)$/, "~nN"],
    [/^(?:=)$/, "="],
    [/^(?:!|&|\*)$/, "!&*"],
  ];

  function resolvesToNonString(value) {
    // Python's re.match with `$` also matches before one trailing newline
    const candidates = value.endsWith("\n") ? [value, value.slice(0, -1)] : [value];
    for (const [rx, first] of RESOLVERS) {
      const applies = value === "" ? rx.source.includes("|)$") : first.includes(value[0]);
      if (applies && candidates.some((c) => rx.test(c))) return true;
    }
    return false;
  }

  function isUnicodePrintable(cp) {  // allow_unicode=True
    return (cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
            (cp >= 0x10000 && cp < 0x10ffff)) && cp !== 0xfeff;
  }

  function analyze(text) {
    const s = Array.from(text);
    if (!s.length) return { empty: true, multiline: false, plain: true, single: true };
    let block = false, flow = false, lineBreaks = false, special = false;
    let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
    let breakSpace = false, spaceBreak = false;
    if (text.startsWith("---") || text.startsWith("...")) { block = true; flow = true; }
    let precededByWs = true;
    let followedByWs = s.length === 1 || SPACE_OR_BREAK.includes(s[1]);
    let prevSpace = false, prevBreak = false;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (i === 0) {
        if ("#,[]{}&*!|>'\"%@`".includes(ch)) { flow = true; block = true; }
        if (ch === "?" || ch === ":") { flow = true; if (followedByWs) block = true; }
        if (ch === "-" && followedByWs) { flow = true; block = true; }
      } else {
        if (",?[]{}".includes(ch)) flow = true;
        if (ch === ":") { flow = true; if (followedByWs) block = true; }
        if (ch === "#" && precededByWs) { flow = true; block = true; }
      }
      if (BREAKS.includes(ch)) lineBreaks = true;
      const cp = ch.codePointAt(0);
      if (!(ch === "\n" || (cp >= 0x20 && cp <= 0x7e))) {
        if (!isUnicodePrintable(cp)) special = true;
      }
      if (ch === " ") {
        if (i === 0) leadingSpace = true;
        if (i === s.length - 1) trailingSpace = true;
        if (prevBreak) breakSpace = true;
        prevSpace = true; prevBreak = false;
      } else if (BREAKS.includes(ch)) {
        if (i === 0) leadingBreak = true;
        if (i === s.length - 1) trailingBreak = true;
        if (prevSpace) spaceBreak = true;
        prevSpace = false; prevBreak = true;
      } else { prevSpace = false; prevBreak = false; }
      precededByWs = SPACE_OR_BREAK.includes(ch);
      followedByWs = i + 2 >= s.length || SPACE_OR_BREAK.includes(s[i + 2]);
    }
    let plain = true, single = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
    if (breakSpace) { plain = false; single = false; }
    if (spaceBreak || special) { plain = false; single = false; }
    if (lineBreaks) plain = false;
    if (block) plain = false;
    return { empty: false, multiline: lineBreaks, plain, single };
  }

  function singleQuoted(text, indent) {
    const s = Array.from(text);
    let out = "'", i = 0;
    while (i < s.length) {
      if (BREAKS.includes(s[i])) {
        let j = i;
        while (j < s.length && BREAKS.includes(s[j])) j++;
        if (s[i] === "\n") out += "\n";
        for (let k = i; k < j; k++) out += s[k];
        out += " ".repeat(indent);
        i = j;
      } else {
        out += s[i] === "'" ? "''" : s[i];
        i++;
      }
    }
    return out + "'";
  }

  const ESCAPES = { "\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f", "\r": "r",
    "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P" };

  function hex(n, width) { return n.toString(16).toUpperCase().padStart(width, "0"); }

  function doubleQuoted(text) {
    let out = '"';
    for (const ch of text) {
      const cp = ch.codePointAt(0);
      const keep = !'"\\\x85\u2028\u2029\ufeff'.includes(ch) &&
        ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd));
      if (keep) out += ch;
      else if (ch in ESCAPES) out += "\\" + ESCAPES[ch];
      else if (cp <= 0xff) out += "\\x" + hex(cp, 2);
      else if (cp <= 0xffff) out += "\\u" + hex(cp, 4);
      else out += "\\U" + hex(cp, 8);
    }
    return out + '"';
  }

  function pyFloatRepr(x) {  // Python's repr(float), as PyYAML and json.dumps write it
    if (Number.isNaN(x)) return "nan";
    if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
    const [mant, expPart] = x.toExponential().split("e");
    const exp = parseInt(expPart, 10);
    const neg = mant.startsWith("-");
    const digits = mant.replace("-", "").replace(".", "");
    let body;
    if (exp < -4 || exp >= 16) {
      const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
      body = m + "e" + (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(2, "0");
    } else if (exp < 0) {
      body = "0." + "0".repeat(-exp - 1) + digits;
    } else if (digits.length > exp + 1) {
      body = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
    } else {
      body = digits + "0".repeat(exp + 1 - digits.length) + ".0";
    }
    return (neg ? "-" : "") + body;
  }

  function yamlNumber(x) {
    if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x);
    if (Number.isNaN(x)) return ".nan";
    if (!Number.isFinite(x)) return x > 0 ? ".inf" : "-.inf";
    let v = pyFloatRepr(x).toLowerCase();
    if (!v.includes(".") && v.includes("e")) v = v.replace("e", ".0e");
    return v;
  }

  function scalar(value, indent, simpleKey) {
    if (value === null || value === undefined) return "null";
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return yamlNumber(value);
    const text = String(value);
    const a = analyze(text);
    const implicit = !resolvesToNonString(text);
    if (implicit && !(simpleKey && (a.empty || a.multiline)) && a.plain) return text;
    if (a.single && !(simpleKey && a.multiline)) return singleQuoted(text, indent);
    return doubleQuoted(text);
  }

  function emitMapping(obj, indent, lines, firstPrefix) {
    let first = true;
    for (const [k, v] of Object.entries(obj)) {
      const lead = first && firstPrefix !== undefined ? firstPrefix : " ".repeat(indent);
      first = false;
      const key = scalar(k, indent + 2, true) + ":";
      emitValue(v, indent, lead + key, lines);
    }
  }

  function emitValue(v, indent, head, lines) {
    if (Array.isArray(v)) {
      if (!v.length) { lines.push(head + " []"); return; }
      lines.push(head);
      emitSequence(v, indent + 2, lines);
    } else if (isPlainObject(v)) {
      if (!Object.keys(v).length) { lines.push(head + " {}"); return; }
      lines.push(head);
      emitMapping(v, indent + 2, lines);
    } else {
      lines.push(head + " " + scalar(v, indent + 2, false));
    }
  }

  function emitSequence(list, indent, lines) {
    for (const item of list) {
      const dash = " ".repeat(indent) + "- ";
      if (isPlainObject(item) && Object.keys(item).length) emitMapping(item, indent + 2, lines, dash);
      else if (Array.isArray(item)) throw new Error("lists of lists are not part of the record format");
      else if (isPlainObject(item)) lines.push(dash + "{}");
      else lines.push(dash + scalar(item, indent + 2, false));
    }
  }

  /** The record as the repository stores it (record_yaml.dump_record), schema line first. */
  function dumpRecord(record, schema, schemaLine) {
    const lines = [];
    emitMapping(ordered(record, schema, schema), 0, lines);
    return schemaLine + "\n" + lines.join("\n") + "\n";
  }

  // ---- Python's text forms, for messages --------------------------------------------------
  const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

  function pyRepr(s) {
    const q = s.includes("'") && !s.includes('"') ? '"' : "'";
    let out = q;
    for (const ch of s) {
      const cp = ch.codePointAt(0);
      if (ch === q || ch === "\\") out += "\\" + ch;
      else if (ch === "\t") out += "\\t";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (cp < 0x20 || cp === 0x7f) out += "\\x" + hex(cp, 2).toLowerCase();
      else if (cp < 0x7f || (ch !== " " && !NOT_PRINTABLE.test(ch)) || ch === " ") out += ch;
      else if (cp <= 0xff) out += "\\x" + hex(cp, 2).toLowerCase();
      else if (cp <= 0xffff) out += "\\u" + hex(cp, 4).toLowerCase();
      else out += "\\U" + hex(cp, 8).toLowerCase();
    }
    return out + q;
  }

  function pyJson(v) {  // json.dumps(v, ensure_ascii=False)
    if (v === null || v === undefined) return "null";
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") {
      if (Number.isInteger(v) && Math.abs(v) < 1e16) return String(v);
      if (Number.isNaN(v)) return "NaN";
      if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
      return pyFloatRepr(v);
    }
    if (typeof v === "string") {
      return '"' + v.replace(/[\x00-\x1f\\"]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\b": "\\b", "\f": "\\f", "\n": "\\n",
        "\r": "\\r", "\t": "\\t" }[c] || "\\u" + hex(c.charCodeAt(0), 4).toLowerCase())) + '"';
    }
    if (Array.isArray(v)) return "[" + v.map(pyJson).join(", ") + "]";
    return "{" + Object.entries(v).map(([k, x]) => pyJson(k) + ": " + pyJson(x)).join(", ") + "}";
  }

  function pyStr(v) {  // str(value) / f"{value}"
    if (typeof v === "string") return v;
    if (v === null || v === undefined) return "None";
    if (typeof v === "boolean") return v ? "True" : "False";
    if (typeof v === "number") return pyJson(v).replace("Infinity", "inf").replace("NaN", "nan");
    return pyJson(v);
  }

  function show(v) {  // validate._show
    const text = typeof v === "string" ? pyRepr(v) : pyJson(v);
    const cps = Array.from(text);
    return cps.length <= 60 ? text : cps.slice(0, 57).join("") + "…";
  }

  function dotted(path) {
    let out = "";
    for (const part of path) out += typeof part === "number" ? `[${part}]` : (out ? `.${part}` : String(part));
    return out;
  }

  // difflib.get_close_matches(word, possibilities, n=1) (cutoff 0.6)
  function ratio(a, b) {
    a = Array.from(a); b = Array.from(b);
    const b2j = new Map();
    b.forEach((ch, j) => { if (!b2j.has(ch)) b2j.set(ch, []); b2j.get(ch).push(j); });
    if (b.length >= 200) {  // autojunk: popular elements are not matched
      const ntest = Math.floor(b.length / 100) + 1;
      for (const [ch, idx] of [...b2j]) if (idx.length > ntest) b2j.delete(ch);
    }
    function longest(alo, ahi, blo, bhi) {
      let bi = alo, bj = blo, size = 0, j2len = new Map();
      for (let i = alo; i < ahi; i++) {
        const next = new Map();
        for (const j of b2j.get(a[i]) || []) {
          if (j < blo) continue;
          if (j >= bhi) break;
          const k = (j2len.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > size) { bi = i - k + 1; bj = j - k + 1; size = k; }
        }
        j2len = next;
      }
      while (bi > alo && bj > blo && a[bi - 1] === b[bj - 1]) { bi--; bj--; size++; }
      while (bi + size < ahi && bj + size < bhi && a[bi + size] === b[bj + size]) size++;
      return [bi, bj, size];
    }
    let matches = 0;
    const queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop();
      const [i, j, k] = longest(alo, ahi, blo, bhi);
      if (k) {
        matches += k;
        if (alo < i && blo < j) queue.push([alo, i, blo, j]);
        if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
      }
    }
    const total = a.length + b.length;
    return total ? 2 * matches / total : 1;
  }

  function closeMatch(word, possibilities) {
    let best = null;
    for (const x of possibilities) {
      const r = ratio(x, word);
      if (r >= 0.6 && (!best || r > best[0] || (r === best[0] && x > best[1]))) best = [r, x];
    }
    return best && best[1];
  }

  // ---- schema problems (validate.py _message / _messages) ---------------------------------
  const TYPE_NAMES = { string: "文字 (text)", integer: "整数 (a whole number)", number: "数字 (a number)",
    boolean: "是或否 true/false (yes or no)", object: "字段表 (a mapping of fields)", array: "列表 (a list)",
    null: "空值 (null)" };
  const PATTERN_HINTS = {
    slug: "应为小写拼音字母、数字和连字符，如 liuzhou-qiche (lower-case pinyin, digits and '-')",
    adcode: "应为6位行政区划代码，如 \"440106\" (a 6-digit division code)",
    url: "应为以 http:// 或 https:// 开头的网址 (a web address starting with http:// or https://)",
    date: "应为日期 YYYY-MM-DD，如 2018-10-09 (a date YYYY-MM-DD)",
    committed_ratio: "应为比例，如 1:1 或 1:1:1 (a ratio such as 1:1 or 1:1:1)",
    programme: "应为计划编号，如 gd-internet-plus (a programme id)",
  };

  // validate.py PLAIN_TEXT / invisible_message: identifying fields hold no invisible characters
  const PLAIN_TEXT = "^[^\\x00-\\x1f\\x7f-\\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]*$";
  const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
  const DIRECTION_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  function invisibleMessage(text) {
    const chars = Array.from(text);  // code points, as Python counts them
    const at = chars.findIndex((c) => INVISIBLE.test(c)) + 1;
    const code = "U+" + chars[at - 1].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
    const [zh, en] = DIRECTION_CONTROLS.test(chars[at - 1]) ? ["文字方向控制符", "a text-direction control"]
      : chars[at - 1] < "\u00a0" ? ["控制字符（如换行、制表符）", "a control character such as a line break or tab"] : ["零宽字符", "a zero-width character"];
    return `含有不可见字符 ${code}（${zh}，第 ${at} 个字符）：请删去 (contains the invisible character ${code}, ${en}, at character ${at}: delete it)`;
  }

  function makeValidator(Ajv, formats, schema) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    const date = formats.fullFormats.date;
    // jsonschema's date check is the same pattern plus datetime.date.fromisoformat, which refuses year 0
    ajv.addFormat("date", { type: "string", validate: (s) => date.validate(s) && !s.startsWith("0000"), compare: date.compare });
    return ajv.compile(schema);
  }

  function pointerPath(pointer, data) {
    const path = [];
    let node = data;
    for (const raw of pointer.split("/").slice(1)) {
      const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      if (Array.isArray(node)) { path.push(Number(part)); node = node[Number(part)]; }
      else { path.push(part); node = node == null ? undefined : node[part]; }
    }
    return path;
  }

  function hintKey(path, pattern, schema) {
    for (const name of ["url", "date"]) if (pattern === schema.$defs[name].pattern) return name;
    for (let i = path.length - 1; i >= 0; i--) {
      if (typeof path[i] === "string") return path[i] in PATTERN_HINTS ? path[i] : null;
    }
    return null;
  }

  /** [{path, message, key, field}]: `path` as the CLI names it, `field` the input it belongs to. */
  function schemaProblems(validate, data, schema) {
    validate(data);
    const out = [];
    for (const e of validate.errors || []) {
      if (/\/oneOf\/\d+\//.test(e.schemaPath)) continue;  // jsonschema reports a failed oneOf once
      const path = pointerPath(e.instancePath, data);
      const v = e.data;
      const add = (p, message, key, field) => out.push({ path: p, message, key: !!key, field: field || p });
      switch (e.keyword) {
        case "type": {
          const expected = [].concat(e.parentSchema.type);
          const names = expected.map((t) => TYPE_NAMES[t] || t).join(" 或 ");
          add(path, `应为${names}，实际为 ${show(v)} (expected ${expected.join(" or ")}, got ${show(v)})`);
          break;
        }
        case "required": {
          const name = e.params.missingProperty;
          add(path, `缺少必填字段 ${name} (missing required field '${name}')`, true, path.concat([name]));
          break;
        }
        case "additionalProperties": {
          const key = e.params.additionalProperty;
          const close = closeMatch(key, Object.keys(e.parentSchema.properties || {}));
          const hint = close ? `，是否应为 ${close}？(did you mean '${close}'?)` : "";
          add(path.concat([key]), `未知字段 ${key} (unknown field '${key}')${hint}`, true);
          break;
        }
        case "enum": {
          const choices = e.schema.map(pyStr).join("、");
          add(path, `应为以下之一：${choices}；实际为 ${show(v)} (expected one of the listed values, got ${show(v)})`);
          break;
        }
        case "pattern": {
          if (e.schema === PLAIN_TEXT && typeof v === "string") { add(path, invisibleMessage(v)); break; }
          const hint = PATTERN_HINTS[hintKey(path, e.schema, schema) || ""] || "格式不符 (does not match the expected format)";
          add(path, `${hint}，实际为 ${show(v)} (got ${show(v)})`);
          break;
        }
        case "format":
          if (e.params.format === "date") add(path, `日期无效，实际为 ${show(v)} (not a valid date, got ${show(v)})`);
          else add(path, e.message);
          break;
        case "minimum": case "exclusiveMinimum":
          add(path, `应不小于 ${pyStr(e.schema)}，实际为 ${show(v)} (must be ≥ ${pyStr(e.schema)})`);
          break;
        case "maximum": case "exclusiveMaximum":
          add(path, `应不大于 ${pyStr(e.schema)}，实际为 ${show(v)} (must be ≤ ${pyStr(e.schema)})`);
          break;
        case "minLength":
          add(path, `不能为空或过短 (must have at least ${e.schema} characters)`);
          break;
        case "maxLength": {
          const n = Array.from(v).length;
          add(path, `过长：${n} 字，上限 ${e.schema} (too long: ${n} characters, limit ${e.schema})`);
          break;
        }
        case "minItems":
          add(path, `至少需要 ${e.schema} 项 (needs at least ${e.schema} item(s))`);
          break;
        case "maxItems":
          add(path, `最多 ${e.schema} 项，实际 ${v.length} 项 (at most ${e.schema} items)`);
          break;
        case "oneOf": case "anyOf":
          if (typeof v === "string" || typeof v === "boolean" || v === null) {
            add(path, `应为数字，实际为 ${show(v)} (expected a number, got ${show(v)})`);
          } else {
            add(path, `应为数字，或 {value: 数字, qualifier: 以上|约|近} (expected a number or {value, qualifier}), 实际为 ${show(v)}`);
          }
          break;
        default:
          add(path, e.message);
      }
    }
    return out;
  }

  // ---- cross-record rules (rules.py) that need only site data ----------------------------
  const MOBILE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/;
  const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
  const CHINA_BOUNDS = [73.4, 135.1, 3.3, 53.6];
  const CITY_SUFFIXES = ["自治州", "地区", "市", "盟"];

  function* strings(value, path) {
    if (typeof value === "string") yield [path, value];
    else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* strings(value[i], path.concat([i]));
    else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) yield* strings(v, path.concat([k]));
  }

  function division(rules, code) {
    code = String(code);
    const names = rules.divisions[code.slice(0, 2)];
    const name = names && names[code.slice(2)];
    return name === undefined || code.length !== 6 ? null : { adcode: code, name };
  }

  function bare(name) {
    for (const suffix of CITY_SUFFIXES) {
      if (name.endsWith(suffix) && name.length > suffix.length + 1) return name.slice(0, -suffix.length);
    }
    return name;
  }

  function localToday() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }

  /** ctx: {folder, file, originalSlug}; returns [{path, message, key:false, field, warning?}] */
  function ruleProblems(rec, ctx, rules, today) {
    today = today || localToday();
    const out = [];
    const add = (path, message, warning) => out.push({ path, message, key: false, field: path, warning: !!warning });
    const slug = rec.slug;
    const stem = ctx.file.split("/").pop().replace(/\.yml$/, "");
    if (stem !== slug) add(["slug"], `文件名应与 slug 一致：应命名为 ${slug}.yml (the file name must match the slug: ${slug}.yml)`);
    const other = rules.towns[slug];
    if (other && slug !== ctx.originalSlug) {
      const seen = `towns/${other[0]}/${slug}.yml`;
      add(["slug"], `slug ${slug} 与 ${seen} 重复 (duplicate slug, already used by ${seen})`);
    }
    const prov = rules.provinces;
    const province = prov[ctx.folder];
    if (!province) {
      add(["province"], `未知的省份目录 towns/${ctx.folder}/ (unknown province folder; use one of: ${Object.keys(prov).sort().join(", ")})`);
    } else if (province.name !== rec.province) {
      add(["province"], `省份应为 ${province.name}，与目录 towns/${ctx.folder}/ 一致 (province must match the folder: ${province.name})`);
    }
    // _programme
    const seenProg = {};
    (rec.designations || []).forEach((des, i) => {
      const at = ["designations", i];
      const pid = des.programme;
      if (pid in seenProg) {
        add(at.concat(["programme"]), `计划 ${pid} 已在第 ${seenProg[pid] + 1} 项认定中出现；同一计划只写一项认定 (the programme is already designation ${seenProg[pid] + 1}: one designation per programme)`);
      }
      if (!(pid in seenProg)) seenProg[pid] = i;
      const prog = rules.programmes[pid];
      if (!prog) {
        add(at.concat(["programme"]), `未知的计划 ${pid} (unknown programme; known: ${Object.keys(rules.programmes).sort().join(", ")})`);
        return;
      }
      if ("batch" in des && !prog.batches.includes(des.batch)) {
        add(at.concat(["batch"]), `计划 ${pid} 没有第 ${pyStr(des.batch)} 批 (unknown batch; the programme has batches ${prog.batches.join(", ")})`);
      }
      const types = prog.town_types || [];
      if ("town_type" in des && !types.includes(des.town_type)) {
        add(at.concat(["town_type"]), `小镇类型应为 ${types.join("、") || "（该计划未定义类型）"} (town type must be one the programme defines), got ${pyRepr(des.town_type)}`);
      }
    });
    // _history: a warning here, since the list is another file (policies/lists/) the change must also touch
    const listed = rules.towns[slug] ? rules.towns[slug][1] : [];
    (rec.designations || []).forEach((des, i) => {
      if (!listed.includes(des.programme)) {
        add(["designations", i, "programme"], `该认定不在计划 ${des.programme} 的任何已公布名单中：请在 policies/lists/ 的名单里加入 ${slug} (this designation is on no published list of its programme: add the place to its list)`, true);
      }
    });
    // _division
    const dal = rec.division_as_listed || {};
    for (const [path, code0] of [[["adcode"], rec.adcode], [["division_as_listed", "adcode"], dal.adcode]]) {
      if (code0 === undefined || code0 === null) continue;
      const code = String(code0);
      if (province && !code.startsWith(province.adcode_prefix)) {
        add(path, `行政区划代码 ${code} 不属于 ${province.name}（应以 ${province.adcode_prefix} 开头） (division code is not in the province)`);
      } else if (path.length === 1 && !division(rules, code)) {
        add(path, `未知的行政区划代码 ${code} (unknown division code)`);
      }
    }
    // _location: the extent only; on land and near its division is checked by the build
    const loc = rec.location;
    if (loc) {
      const [w, e, s, n] = CHINA_BOUNDS;
      if (!(w <= loc.lon && loc.lon <= e && s <= loc.lat && loc.lat <= n)) {
        add(["location"], `坐标 (${pyStr(loc.lon)}, ${pyStr(loc.lat)}) 不在中国境内；请检查经纬度是否写反 (the point is outside China; are lon and lat swapped?)`);
      }
    }
    // _city
    if (rec.adcode && rec.city) {
      const code = String(rec.adcode);
      const parent = division(rules, code.slice(0, 4) + "00");
      const own = division(rules, code);
      if (!(parent === null || parent.name.endsWith("辖区") || bare(parent.name) === bare(rec.city)) &&
          !(own !== null && bare(own.name) === bare(rec.city))) {
        add(["city"], `地级市 ${rec.city} 与行政区划代码 ${code} 不符：${code} 属于 ${parent.name}；请核对 city 或 adcode (the city does not match the division code, which lies in ${parent.name})`);
      }
    }
    // _contact_data, _dates
    for (const [path, text] of strings(rec, [])) {
      const last = path[path.length - 1];
      if (last !== "url" && last !== "source" && (MOBILE.test(text) || EMAIL.test(text))) {
        add(path, "不得发布个人联系方式（手机号码或电子邮箱）(personal contact data such as a mobile number or e-mail must not be published): remove it");
      }
    }
    for (const [path, text] of strings(rec, [])) {
      if (path[path.length - 1] === "date" && text > today) add(path, `日期 ${text} 晚于今天 (the date ${text} is in the future)`);
    }
    return out;
  }

  /** Everything the form checks, the CLI's way: rules run only on a record the schema accepts. */
  function problems(validate, schema, rules, rec, ctx, today) {
    const found = schemaProblems(validate, rec, schema);
    if (found.length) return found;
    return ruleProblems(rec, ctx, rules, today);
  }

  return { resolve, ordered, dumpRecord, scalar, pyRepr, pyJson, show, dotted, ratio, closeMatch, makeValidator,
    schemaProblems, ruleProblems, problems, localToday };
});
