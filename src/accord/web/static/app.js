// Accord dashboard: gather the controls, ask the server, show the answer. No framework, no network beyond this server.
(function () {
  "use strict";
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const overrides = {};
  let timer = null;
  let seq = 0;

  function state() {
    const controls = $("#controls");
    return {
      scenario: controls.dataset.scenario,
      levers: $$("input[name=lever]:checked").map((x) => x.value),
      hypotheses: $$("input[name=hypothesis]:checked").map((x) => x.value),
      package: Object.fromEntries($$("select[data-issue]").map((x) => [x.dataset.issue, x.value])),
      overrides: overrides,
      pair: [$("#pair-x") && $("#pair-x").value, $("#pair-y") && $("#pair-y").value].filter(Boolean),
      months: $("#months") ? Math.max(0, Number($("#months").value) || 0) : 0,
    };
  }

  async function analyse() {
    const mine = ++seq;
    $("#status").textContent = "computing...";
    const started = performance.now();
    const res = await fetch("/analyse", {method: "POST", headers: {"Content-Type": "application/json"},
                                         body: JSON.stringify(state())});
    const html = await res.text();
    if (mine !== seq) return;  // a newer request is on its way
    $("#results").innerHTML = html;
    $("#status").textContent = `updated in ${Math.round(performance.now() - started)} ms`;
    wirePair();
  }

  function schedule() { clearTimeout(timer); timer = setTimeout(analyse, 120); }

  function wirePair() { $$("#pair-x, #pair-y").forEach((el) => el.addEventListener("change", schedule)); }

  function renderOverrides() {
    const list = $("#override-list");
    list.innerHTML = "";
    Object.entries(overrides).forEach(([path, value]) => {
      const li = document.createElement("li");
      li.textContent = `${path} = ${value} `;
      const b = document.createElement("button");
      b.type = "button"; b.textContent = "reset";
      b.addEventListener("click", () => { delete overrides[path]; renderOverrides(); schedule(); });
      li.appendChild(b); list.appendChild(li);
    });
  }

  function wireControls() {
    const root = $("#controls");
    $$("input, select", root).forEach((el) => {
      if (el.id === "param" || el.id === "param-value" || el.id === "lever-package" || el.id === "theory" ||
          el.id === "named-package") return;
      el.addEventListener("change", schedule);
    });
    const leverSets = JSON.parse(root.dataset.leverSets || "{}");
    const hypSets = JSON.parse(root.dataset.hypSets || "{}");
    const named = JSON.parse(root.dataset.named || "{}");
    $("#lever-package") && $("#lever-package").addEventListener("change", (e) => {
      const chosen = new Set(leverSets[e.target.value] || []);
      $$("input[name=lever]").forEach((x) => { x.checked = chosen.has(x.value); });
      schedule();
    });
    $("#theory") && $("#theory").addEventListener("change", (e) => {
      const v = e.target.value;
      const chosen = new Set(v === "all" ? $$("input[name=hypothesis]").map((x) => x.value) : (hypSets[v] || []));
      $$("input[name=hypothesis]").forEach((x) => { x.checked = chosen.has(x.value); });
      schedule();
    });
    $("#named-package") && $("#named-package").addEventListener("change", (e) => {
      const pkg = named[e.target.value] || {};
      $$("select[data-issue]").forEach((x) => { if (pkg[x.dataset.issue]) x.value = pkg[x.dataset.issue]; });
      schedule();
    });
    const param = $("#param"), slider = $("#param-value"), shown = $("#param-shown");
    if (param) {
      const sync = () => {
        const o = param.selectedOptions[0];
        slider.min = o.dataset.low; slider.max = o.dataset.high;
        slider.step = (Number(o.dataset.high) - Number(o.dataset.low)) / 100 || 0.01;
        slider.value = overrides[param.value] !== undefined ? overrides[param.value] : o.dataset.nominal;
        shown.textContent = `${slider.value} (range ${o.dataset.low} to ${o.dataset.high}; nominal ${o.dataset.nominal})`;
      };
      param.addEventListener("change", sync);
      slider.addEventListener("input", () => { shown.textContent = slider.value; });
      slider.addEventListener("change", () => {
        overrides[param.value] = Number(slider.value); renderOverrides(); schedule();
      });
      sync();
    }
  }

  async function loadControls(key) {
    $("#panel").innerHTML = ""; panel = null;
    const res = await fetch(`/controls?scenario=${encodeURIComponent(key)}`);
    $("#controls-box").innerHTML = await res.text();
    Object.keys(overrides).forEach((k) => delete overrides[k]);
    renderOverrides();
    wireControls();
    analyse();
  }

  let panel = null;

  async function showPanel(name) {
    panel = name;
    const key = $("#controls").dataset.scenario;
    $("#status").textContent = name === "findings" ? "computing the findings (about ten seconds the first time)..."
      : "computing...";
    const started = performance.now();
    const res = name === "forecast"
      ? await fetch("/forecast", {method: "POST", headers: {"Content-Type": "application/json"},
                                  body: JSON.stringify(state())})
      : await fetch(`/${name}?scenario=${encodeURIComponent(key)}`);
    if (panel !== name) return;
    $("#panel").innerHTML = await res.text();
    $("#status").textContent = `${name} in ${Math.round(performance.now() - started)} ms`;
  }

  document.addEventListener("DOMContentLoaded", () => {
    $$("button[data-panel]").forEach((b) => b.addEventListener("click", () => showPanel(b.dataset.panel)));
    $("#scenario").addEventListener("change", (e) => loadControls(e.target.value));
    $("#upload").addEventListener("change", async (e) => {
      const file = e.target.files[0];
      if (!file) return;
      const form = new FormData();
      form.append("file", file);
      const res = await fetch("/scenarios", {method: "POST", body: form});
      const data = await res.json();
      if (!res.ok) { $("#upload-errors").innerHTML = data.error_html || data.error; return; }
      $("#upload-errors").innerHTML = "";
      const opt = document.createElement("option");
      opt.value = data.key; opt.textContent = data.key;
      $("#scenario").appendChild(opt);
      $("#scenario").value = data.key;
      loadControls(data.key);
    });
    wireControls();
    analyse();
  });
})();
