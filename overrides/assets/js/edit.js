/* The record form (/edit/?town=<slug> or /edit/?new=1): a form generated from the town JSON
 * Schema, checked on every change with the build's rules (edit-core.js), writing the record
 * file exactly as the repository stores it, for a pull request or an issue on GitHub.
 * The draft stays in localStorage until it is sent. */
(function () {
  "use strict";
  const root = document.getElementById("tb-editor");
  if (!root) return;
  const core = window.TownEditCore;
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const isNew = !params.get("town");
  const repo = root.dataset.repo.replace(/\/$/, "");

  // Labels for schema fields that have no title of their own (item fields such as name, url).
  const FALLBACK = {
    name: "名称 Name", kind: "类型 Kind", url: "网址 URL", title: "标题 Title", date: "日期 Date",
    publisher: "发布者 Publisher", note: "备注 Note", source: "来源网址 Source URL", text: "内容 Text",
    value: "数值 Value", qualifier: "限定词 Qualifier (以上/约/近)", year: "年份 Year", firm: "企业 Firm",
    partner: "合作方 Partner", field: "领域 Field", adcode: "行政区划代码 Division code",
  };
  const ITEM_NAMES = { designations: "认定 Designation", events: "事件 Event", platforms: "平台 Platform",
    sources: "来源 Source", highlights: "事实 Fact", notes: "说明 Note", linked_industries: "产业 Industry",
    backbone: "企业 Firm", partners: "合作 Partner", application_projects: "项目 Project" };
  const OPEN = new Set(["designations", "platforms", "sources", "events"]);  // sections shown open

  let schema, rules, validate, record, original = "", folder = "", file = "", originalSlug = null;
  let uid = 0, timer = null, problems = [];

  function split(title) {  // "小镇名称 Name" -> ["小镇名称", "Name"]
    const m = /^(\S*[\u3000-\u9fff\uff00-\uffef]\S*)\s+(.*)$/.exec(title || "");
    return m ? [m[1], m[2]] : [title || "", ""];
  }

  function labelFor(key, node, raw) {
    const title = (raw && raw.title) || node.title || FALLBACK[key] || key;
    return split(title);
  }

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid);
    return e;
  }

  function bilingual(zh, en) {
    const frag = document.createDocumentFragment();
    frag.append(zh);
    if (en) frag.append(" ", el("span", { lang: "en", text: en }));
    return frag;
  }

  // ---- the model -------------------------------------------------------------------------
  function get(path) { return path.reduce((v, k) => (v == null ? undefined : v[k]), record); }
  function set(path, value) {
    let node = record;
    for (let i = 0; i < path.length - 1; i++) {
      const k = path[i];
      if (node[k] == null || typeof node[k] !== "object") node[k] = typeof path[i + 1] === "number" ? [] : {};
      node = node[k];
    }
    const last = path[path.length - 1];
    if (value === undefined) { if (Array.isArray(node)) node[last] = undefined; else delete node[last]; }
    else node[last] = value;
  }

  function isQuantity(raw) { const r = core.resolve(raw || {}, schema); return !!(raw && (raw.oneOf || (raw.$ref && /quantity$/.test(raw.$ref)))) && r.type === "object"; }

  /** The record the form holds, as the file will have it: empty fields left out, a quantity
   * with only a value written as the number. Items of a list stay, so positions match errors. */
  function collect(value, raw) {
    const node = core.resolve(raw || {}, schema);
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? {} : collect(v, node.items || {})));
    if (value && typeof value === "object") {
      const out = {};
      for (const [k, v] of Object.entries(value)) {
        const sub = (node.properties || {})[k];
        if (v === undefined || v === "") continue;
        const c = collect(v, sub);
        if (c && typeof c === "object" && !Array.isArray(c) && !Object.keys(c).length) continue;
        if (Array.isArray(c) && !c.length) continue;
        out[k] = isQuantity(sub) && c && typeof c === "object" && Object.keys(c).length === 1 && "value" in c ? c.value : c;
      }
      return out;
    }
    return value;
  }

  // ---- inputs ----------------------------------------------------------------------------
  function parseNumber(text, integer) {
    const t = text.trim();
    if (t === "") return undefined;
    if (/^[-+]?\d+$/.test(t)) return parseInt(t, 10);
    if (!integer && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return parseFloat(t);
    return t;  // kept as text, so the check says what the build would say
  }

  function choices(key, path, node) {
    if (path.length === 3 && path[0] === "designations") {
      const des = get(path.slice(0, -1)) || {};
      const prog = rules.programmes[des.programme];
      if (key === "programme") return Object.entries(rules.programmes).map(([id, p]) => [id, `${p.name} (${id})`]);
      if (key === "batch" && prog) return prog.batches.map((b) => [b, `第${b}批 batch ${b}`]);
      if (key === "town_type" && prog) return prog.town_types.map((t) => [t, t]);
    }
    if (path.length === 1 && key === "province") return Object.values(rules.provinces).map((p) => [p.name, p.name]);
    if (node.enum) return node.enum.map((v) => [v, String(v)]);
    if (node.type === "boolean") return [[true, "是 yes"], [false, "否 no"]];
    return null;
  }

  function field(key, raw, path, required) {
    const node = core.resolve(raw || {}, schema);
    const id = "f" + (++uid);
    const [zh, en] = labelFor(key, node, raw);
    const wrap = el("div", { class: "tb-field", "data-path": JSON.stringify(path) });
    const label = el("label", { for: id }, bilingual(zh, en));
    if (required) label.append(" ", el("span", { class: "tb-req", text: "必填 required" }));
    wrap.append(label);
    const help = (raw && raw.description) || node.description;
    const described = [];
    if (help) { wrap.append(el("p", { class: "tb-help", id: id + "-help", lang: "en", text: help })); described.push(id + "-help"); }
    const err = el("p", { class: "tb-error", id: id + "-err", hidden: true });
    described.push(id + "-err");
    const value = get(path);
    const opts = choices(key, path, node);
    let input;
    if (opts) {
      input = el("select", { id });
      input.append(el("option", { value: "", text: "— 未填 not given —" }));
      const known = opts.some(([v]) => v === value);
      if (value !== undefined && value !== "" && !known) opts.push([value, String(value)]);  // nothing is lost
      opts.forEach(([v, text], i) => {
        const o = el("option", { value: String(i), text });
        o._value = v;
        if (v === value) o.selected = true;
        input.append(o);
      });
      input.addEventListener("change", () => {
        const o = input.selectedOptions[0];
        set(path, o && o.value !== "" ? o._value : undefined);
        if (key === "programme" || (key === "province" && isNew)) { if (isNew && key === "province") folderFromProvince(); rerender(); }
        changed();
      });
    } else {
      const numeric = node.type === "integer" || node.type === "number";
      const long = (node.maxLength || 0) >= 600;
      input = el(long ? "textarea" : "input", { id, rows: long ? 3 : undefined, type: long ? undefined : "text",
        inputmode: numeric ? "decimal" : undefined, spellcheck: numeric ? "false" : undefined,
        autocomplete: "off" });
      input.value = value === undefined || value === null ? "" : String(value);
      input.addEventListener("input", () => {
        // strings stay on one line, as the repository keeps them
        const text = long ? input.value.replace(/\s*\n\s*/g, " ") : input.value;
        set(path, numeric ? parseNumber(text, node.type === "integer") : (text === "" ? undefined : text));
        if (key === "slug" && isNew) showPath();
        changed();
      });
    }
    if (required) input.setAttribute("aria-required", "true");
    input.setAttribute("aria-describedby", described.join(" "));
    input.dataset.path = JSON.stringify(path);
    wrap.append(input, err);
    return wrap;
  }

  function group(key, raw, path, required, level) {
    const node = core.resolve(raw || {}, schema);
    if (isQuantity(raw)) {
      if (typeof get(path) === "number" || typeof get(path) === "string") set(path, { value: get(path) });
    }
    const [zh, en] = labelFor(key, node, raw);
    const wrap = el("details", { class: "tb-group", "data-path": JSON.stringify(path) });
    const hasValue = get(path) !== undefined;
    if (required || OPEN.has(key) || (hasValue && level < 1)) wrap.open = true;
    const summary = el("summary", {}, bilingual(zh, en));
    if (required) summary.append(" ", el("span", { class: "tb-req", text: "必填 required" }));
    wrap.append(summary);
    const help = (raw && raw.description) || node.description;
    if (help && !isQuantity(raw)) wrap.append(el("p", { class: "tb-help", lang: "en", text: help }));
    wrap.append(el("p", { class: "tb-error", id: "g" + (++uid) + "-err", hidden: true }));
    if (node.type === "array") wrap.append(list(key, node, path, level));
    else wrap.append(object(node, path, level + 1));
    return wrap;
  }

  function object(node, path, level) {
    const box = el("div", { class: "tb-object" });
    const req = new Set(node.required || []);
    for (const [key, raw] of Object.entries(node.properties || {})) {
      const sub = core.resolve(raw, schema);
      const p = path.concat([key]);
      if (sub.type === "object" || sub.type === "array") box.append(group(key, raw, p, req.has(key), level));
      else box.append(field(key, raw, p, req.has(key)));
    }
    return box;
  }

  function list(key, node, path, level) {
    const box = el("div", { class: "tb-list", "data-list": JSON.stringify(path) });
    const items = get(path) || [];
    const itemNode = core.resolve(node.items || {}, schema);
    const [izh, ien] = split(ITEM_NAMES[key] || "项 Item");
    items.forEach((_, i) => {
      const p = path.concat([i]);
      const item = el("fieldset", { class: "tb-item", "data-path": JSON.stringify(p) });
      item.append(el("legend", {}, bilingual(`${izh} ${i + 1}`, ien)));
      const tools = el("p", { class: "tb-tools" });
      const btn = (text, en, action, disabled) => {
        const b = el("button", { type: "button", class: "tb-btn", disabled, "aria-label": `${text} ${en}（${izh} ${i + 1} ${ien}）` }, bilingual(text, en));
        b.addEventListener("click", () => {
          action();
          rerender({ path, index: text === "删除" ? Math.min(i, items.length - 1) : text === "上移" ? i - 1 : i + 1, what: text });
          changed();
        });
        return b;
      };
      tools.append(btn("上移", "Move up", () => { items.splice(i - 1, 0, items.splice(i, 1)[0]); }, i === 0),
                   btn("下移", "Move down", () => { items.splice(i + 1, 0, items.splice(i, 1)[0]); }, i === items.length - 1),
                   btn("删除", "Remove", () => { items.splice(i, 1); set(path, items); }));
      if (itemNode.type === "object") {
        item.append(object(itemNode, p, level + 1));
        item.append(el("p", { class: "tb-error", id: "i" + (++uid) + "-err", hidden: true }));
      } else item.append(field(String(key), Object.assign({ title: "内容 Text" }, node.items), p, false));
      item.append(tools);
      box.append(item);
    });
    const add = el("button", { type: "button", class: "tb-btn tb-add" }, bilingual(`添加${izh}`, `Add ${ien ? ien.toLowerCase() : "an item"}`));
    add.addEventListener("click", () => {
      const arr = get(path) || [];
      arr.push(itemNode.type === "object" ? {} : undefined);
      set(path, arr);
      rerender({ path, index: arr.length - 1, what: "add" });
      changed();
    });
    box.append(add);
    return box;
  }

  // ---- rendering, checking, output --------------------------------------------------------
  function render() {
    const form = $("tb-editor-form");
    form.textContent = "";
    uid = 0;
    form.append(object(schema, [], 0));
  }

  function rerender(focus) {
    render();
    showProblems();
    if (focus) {  // keep the keyboard where it was: the moved item's button, or the new item's first field
      const { path, index, what } = focus;
      const item = document.querySelector(`.tb-item[data-path='${JSON.stringify(path.concat([index]))}']`);
      const buttons = item ? [...item.querySelectorAll(":scope > .tb-tools button")] : [];
      const target = item && (what === "add" ? item.querySelector("input, select, textarea")
        : buttons.find((b) => !b.disabled && b.textContent.startsWith(what)) || buttons.find((b) => !b.disabled));
      if (target) target.focus();
      else { const add = document.querySelector(`.tb-list[data-list='${JSON.stringify(path)}'] > .tb-add`); if (add) add.focus(); }
    }
  }

  function folderFromProvince() {
    const code = Object.keys(rules.provinces).find((c) => rules.provinces[c].name === record.province);
    folder = code || "";
    showPath();
  }

  function repoPath() {
    const slug = collect(record, schema).slug || "<slug>";
    return isNew ? `towns/${folder || "<省份 province>"}/${slug}.yml` : file;
  }
  function showPath() { $("tb-editor-path").textContent = repoPath(); }

  function changed() {
    clearTimeout(timer);
    $("tb-editor-status").dataset.pending = "true";  // a check is due (tests wait on it, not on a clock)
    timer = setTimeout(check, 250);
  }

  function check() {
    delete $("tb-editor-status").dataset.pending;
    const rec = collect(record, schema);
    const ctx = { folder, file: isNew ? `towns/${folder}/${rec.slug}.yml` : file, originalSlug };
    problems = core.problems(validate, schema, rules, rec, ctx);
    const yaml = core.dumpRecord(rec, schema, rules.schema_line);
    $("tb-editor-yaml").value = yaml;
    showPath();
    showProblems();
    output(rec, yaml);
    saveDraft(yaml);
  }

  function wrapperFor(path) {
    for (let p = path.slice(); ; p.pop()) {
      const w = document.querySelector(`[data-path='${JSON.stringify(p)}']:not(input):not(select):not(textarea)`);
      if (w || !p.length) return w;
    }
  }

  function showProblems() {
    document.querySelectorAll(".tb-error").forEach((e) => { e.hidden = true; e.textContent = ""; });
    document.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
    const listEl = $("tb-editor-errors");
    listEl.textContent = "";
    const errors = problems.filter((p) => !p.warning), warnings = problems.filter((p) => p.warning);
    for (const p of problems) {
      const w = wrapperFor(p.field);
      const box = w && w.querySelector(":scope > .tb-error");
      const input = w && w.querySelector(":scope > input, :scope > select, :scope > textarea");
      if (box) {
        box.hidden = false;
        box.append(el("span", { class: "tb-error__line" + (p.warning ? " tb-error__line--note" : "") }, (p.warning ? "提示 Note: " : "") + p.message));
        if (input && !p.warning) input.setAttribute("aria-invalid", "true");
      }
      const li = el("li", { class: p.warning ? "tb-warning" : "" });
      const a = el("a", { href: "#" + (input ? input.id : box ? box.id : "tb-editor-form"), text: `${core.dotted(p.path) || "(记录 record)"}: ${p.message}` });
      a.addEventListener("click", (ev) => {
        ev.preventDefault();
        for (let d = w; d; d = d.parentElement) if (d.tagName === "DETAILS") d.open = true;
        const target = input || (w && w.querySelector("input, select, textarea, summary"));
        if (target) { target.scrollIntoView({ block: "center" }); target.focus(); }
      });
      li.append(a);
      listEl.append(li);
    }
    const status = $("tb-editor-status");
    status.textContent = errors.length
      ? `${errors.length} 个错误，请先改正 (${errors.length} error${errors.length > 1 ? "s" : ""}: fix them first)`
      : `全部通过 (all valid)${warnings.length ? `；${warnings.length} 个提示 (${warnings.length} note${warnings.length > 1 ? "s" : ""})` : ""}`;
    status.dataset.state = errors.length ? "invalid" : "valid";
  }

  function output(rec, yaml) {
    const slug = rec.slug || "";
    const invalid = problems.some((p) => !p.warning);
    const unchanged = yaml === original;
    const pr = $("tb-editor-pr"), issue = $("tb-editor-issue");
    const path = repoPath();
    pr.textContent = "";
    if (isNew) {
      pr.href = `${repo}/new/main/towns/${folder}?filename=${encodeURIComponent(slug + ".yml")}&value=${encodeURIComponent(yaml)}`;
      pr.append(bilingual("在 GitHub 新建文件并发起拉取请求", "Create the file on GitHub (pull request)"));
      $("tb-editor-how").textContent = "新建文件页面已填好文件名和内容；点“Propose changes”即可。新增小镇还需把它加入 policies/lists/ 中它所在的名单。The new-file page opens filled in: choose “Propose changes”. A new town must also be added to its list in policies/lists/.";
    } else {
      pr.href = `${repo}/edit/main/${path}`;
      pr.append(bilingual("复制记录并在 GitHub 编辑", "Copy the file and edit it on GitHub"));
      $("tb-editor-how").textContent = "记录已复制到剪贴板：在打开的编辑页中全选、粘贴，再点“Propose changes”。The file is copied to the clipboard: in the editor that opens, select all, paste, then “Propose changes”.";
    }
    const body = `记录文件 Record file: ${path}\n\n\`\`\`yaml\n${yaml}\`\`\`\n`;
    issue.href = `${repo}/issues/new?template=propose-town-change.yml&title=${encodeURIComponent("[小镇] " + (rec.name || slug))}` +
      `&slug=${encodeURIComponent(isNew ? "" : slug)}&name=${encodeURIComponent(rec.name || "")}&other=${encodeURIComponent(body)}`;
    for (const a of [pr, issue]) {
      const off = invalid || unchanged;
      a.classList.toggle("tb-disabled", off);
      if (off) a.setAttribute("aria-disabled", "true"); else a.removeAttribute("aria-disabled");
    }
    const dl = $("tb-editor-download");
    if (dl._url) URL.revokeObjectURL(dl._url);
    dl._url = URL.createObjectURL(new Blob([yaml], { type: "text/yaml" }));
    dl.href = dl._url;
    dl.download = (slug || "town") + ".yml";
    if (unchanged && !invalid) $("tb-editor-status").textContent += "；尚未修改 (no change yet)";
  }

  // ---- draft -----------------------------------------------------------------------------
  const draftKey = () => "tb-edit-draft:" + (isNew ? "new" : originalSlug);
  function saveDraft(yaml) {
    try {
      if (yaml === original) localStorage.removeItem(draftKey());
      else localStorage.setItem(draftKey(), JSON.stringify({ record, folder, saved: new Date().toISOString() }));
    } catch (e) { /* storage full or off: the form still works */ }
  }
  function restoreDraft() {
    let draft = null;
    try { draft = JSON.parse(localStorage.getItem(draftKey()) || "null"); } catch (e) { draft = null; }
    if (!draft || !draft.record) return;
    record = draft.record;
    if (isNew && draft.folder) folder = draft.folder;
    const note = $("tb-editor-draft");
    note.hidden = false;
    note.textContent = `已恢复 ${draft.saved.slice(0, 16).replace("T", " ")} 保存的草稿。(A draft saved in this browser was restored.) `;
    const discard = el("button", { type: "button", class: "tb-btn" }, bilingual("放弃草稿", "Discard the draft"));
    discard.addEventListener("click", () => { localStorage.removeItem(draftKey()); location.reload(); });
    note.append(discard);
  }
  function sent() { try { localStorage.removeItem(draftKey()); } catch (e) { /* nothing kept */ } }

  async function copy() {
    const yaml = $("tb-editor-yaml").value;
    try { await navigator.clipboard.writeText(yaml); return true; } catch (e) {
      const t = $("tb-editor-yaml"); t.focus(); t.select();
      try { return document.execCommand("copy"); } catch (e2) { return false; }
    }
  }

  // ---- start -----------------------------------------------------------------------------
  function newTownStart() {
    const box = $("tb-editor-start");
    const id = "tb-editor-list";
    const sel = el("select", { id, "aria-describedby": id + "-help" });
    sel.append(el("option", { value: "", text: "— 请选择 choose —" }));
    rules.lists.forEach((l, i) => sel.append(el("option", { value: String(i), text: `${l.title}（${rules.programmes[l.programme].name} 第${l.batch}批，${l.date}）` })));
    const des = (record.designations || [])[0] || {};
    const at = rules.lists.findIndex((l) => l.programme === des.programme && l.batch === des.batch);
    if (at >= 0) sel.value = String(at);
    sel.addEventListener("change", () => {
      const l = rules.lists[Number(sel.value)];
      if (!l) return;
      record.designations = record.designations || [{}];
      record.designations[0] = Object.assign({}, record.designations[0], { programme: l.programme, batch: l.batch });
      rerender();
      changed();
    });
    box.append(el("h2", {}, bilingual("新增小镇", "A new town")),
      el("p", {}, el("label", { for: id }, bilingual("公布名单（计划与批次）", "Published list (programme and batch)")), el("br"), sel),
      el("p", { class: "tb-help", id: id + "-help" }, bilingual("新小镇从它所在的名单开始：计划与批次取自名单。网址标识用小写拼音加连字符，如 zhangcha。",
        "A new town starts from the list it is on. The slug is lower-case pinyin joined by '-', e.g. zhangcha.")));
  }

  async function start() {
    const getJson = (url) => fetch(url).then((r) => { if (!r.ok) throw new Error(`${url}: ${r.status}`); return r.json(); });
    try {
      [schema, rules] = await Promise.all([getJson(root.dataset.schema), getJson(root.dataset.rules)]);
      validate = core.makeValidator(window.ajv2020, window.ajvFormats, schema);
      if (isNew) {
        record = { slug: "", name: "", province: "", designations: [{}], sources: [{}] };
        original = null;
      } else {
        originalSlug = params.get("town");
        const entry = await getJson(root.dataset.townData.replace("{slug}", encodeURIComponent(originalSlug)));
        folder = entry.province_code;
        file = entry.file;
        record = Object.fromEntries(Object.entries(entry).filter(([k]) => !rules.computed.includes(k)));
        original = core.dumpRecord(record, schema, rules.schema_line);
        $("tb-editor-title").textContent = "";
        $("tb-editor-title").append(bilingual(`提议修改：${record.name}`, "Propose a change"));
        document.title = `提议修改：${record.name} - ${document.title}`;
      }
      restoreDraft();
      if (isNew) { newTownStart(); folderFromProvince(); }
      render();
      $("tb-editor-loading").hidden = true;
      $("tb-editor-app").hidden = false;
      check();
    } catch (e) {
      $("tb-editor-loading").textContent = `无法载入表单 (the form could not load): ${e.message}`;
      return;
    }
    $("tb-editor-copy").addEventListener("click", async () => {
      const ok = await copy();
      $("tb-editor-status").textContent = ok ? "已复制 (copied)" : "请手动复制 (copy it by hand)";
    });
    for (const id of ["tb-editor-pr", "tb-editor-issue"]) {
      $(id).addEventListener("click", async (ev) => {
        if ($(id).getAttribute("aria-disabled") === "true") { ev.preventDefault(); $("tb-editor-errors").querySelector("a")?.focus(); return; }
        if (id === "tb-editor-pr" && !isNew) await copy();
        sent();
      });
    }
  }

  start();
})();
