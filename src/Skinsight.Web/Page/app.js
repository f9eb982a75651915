"use strict";

const concernNames = {
  "acne": "Acne and breakouts", "redness": "Redness", "dark-spots": "Dark spots", "oiliness": "Oiliness and shine",
  "dryness": "Dryness", "texture": "Uneven texture", "wrinkles": "Fine lines and wrinkles", "pores": "Visible pores",
  "dark-circles": "Dark circles", "dullness": "Dullness",
};

const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function setStatus(text) { $("status").textContent = text; }

async function problemMessage(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || `Request failed with status ${response.status}.`;
  } catch {
    return `Request failed with status ${response.status}.`;
  }
}

function readProfile() {
  const number = (id) => { const v = $(id).value.trim(); return v === "" ? null : Number(v); };
  const concerns = [...document.querySelectorAll("#concerns input:checked")].map((c) => c.value);
  const allergies = $("allergies").value.split(",").map((a) => a.trim()).filter((a) => a.length > 0);
  return {
    age: number("age"), skinType: $("skinType").value, sensitive: $("sensitive").checked, concerns,
    pregnant: $("pregnant").checked, breastfeeding: $("breastfeeding").checked, allergies,
    climate: { humidity: $("humidity").value, uvIndex: number("uvIndex") ?? 3 }, budgetUsd: number("budgetUsd"),
  };
}

function renderFlags(flags) {
  const box = $("flags");
  box.replaceChildren();
  (flags || []).forEach((flag) => box.appendChild(element("p", flag.message, "flag")));
  box.hidden = !flags || flags.length === 0;
}

function renderAnalysis(analysis) {
  $("analysis").hidden = false;
  renderFlags(analysis.flags);
  const quality = $("quality");
  quality.replaceChildren();
  const verdict = analysis.quality.accepted ? "accepted" : "rejected";
  quality.appendChild(element("p", `Photo quality ${Math.round(analysis.quality.score)}/100 (${verdict}), analysed as ${analysis.mode}.`,
    analysis.quality.accepted ? "" : "rejected"));
  const issues = element("ul");
  analysis.quality.issues.forEach((issue) => issues.appendChild(element("li", `${issue.message} ${issue.advice}`)));
  if (analysis.quality.issues.length > 0) quality.appendChild(issues);

  const tone = analysis.skinTone;
  $("tone").textContent = tone
    ? `Skin tone: ITA ${tone.ita.toFixed(1)}° (${tone.category}); CIELAB L* ${tone.l.toFixed(1)}, a* ${tone.a.toFixed(1)}, b* ${tone.b.toFixed(1)}.`
    : "";

  const body = document.querySelector("#scores tbody");
  body.replaceChildren();
  Object.entries(analysis.metrics || {}).forEach(([name, metric]) => {
    const row = element("tr");
    row.appendChild(element("th", name)).setAttribute("scope", "row");
    row.appendChild(element("td", Math.round(metric.score)));
    row.appendChild(element("td", metric.noise === null || metric.noise === undefined ? "not measured" : metric.noise.toFixed(1)));
    body.appendChild(row);
  });

  const overlays = $("overlays");
  overlays.replaceChildren();
  Object.entries(analysis.overlays || {}).forEach(([name, url]) => {
    const figure = element("figure");
    const image = element("img");
    image.src = url;
    image.alt = `Overlay of ${name} on the photo`;
    image.loading = "lazy";
    figure.append(image, element("figcaption", name));
    overlays.appendChild(figure);
  });
}

function renderSteps(listId, steps) {
  const list = $(listId);
  list.replaceChildren();
  steps.forEach((step) => {
    const item = element("li");
    item.appendChild(element("span", step.step, "step-name"));
    item.appendChild(element("span", ` (${step.frequency})`, "meta"));
    if (step.product) {
      const price = step.product.priceUsd === null || step.product.priceUsd === undefined ? "" : `, $${Number(step.product.priceUsd).toFixed(2)}`;
      item.appendChild(element("div", `${step.product.brand}: ${step.product.name}${price}`));
    } else if (step.ingredients && step.ingredients.length > 0) {
      item.appendChild(element("div", `Look for: ${step.ingredients.join(", ")}`));
    }
    item.appendChild(element("div", step.reason, "meta"));
    list.appendChild(item);
  });
}

function renderPlan(plan) {
  $("plan").hidden = false;
  renderFlags(plan.flags);
  const warnings = $("warnings");
  warnings.replaceChildren();
  (plan.warnings || []).forEach((w) => warnings.appendChild(element("p", w.message, "warning")));
  renderSteps("am", plan.am);
  renderSteps("pm", plan.pm);
  $("total").textContent = plan.fromCatalog ? `Total for the products: $${Number(plan.totalPriceUsd).toFixed(2)}.` : "No catalog is loaded, so the routine names ingredients to look for.";
}

async function analyzePhoto() {
  const file = $("photo").files[0];
  if (!file) { setStatus("Choose a photo first."); $("photo").focus(); return; }
  const data = new FormData();
  data.append("photo", file);
  $("analyze-button").disabled = true;
  setStatus("Analysing the photo...");
  try {
    const response = await fetch("/api/analyses", { method: "POST", body: data });
    if (!response.ok) { setStatus(await problemMessage(response)); return; }
    renderAnalysis(await response.json());
    setStatus("Analysis ready.");
  } catch (error) {
    setStatus(`The server could not be reached: ${error.message}`);
  } finally {
    $("analyze-button").disabled = false;
  }
}

async function buildPlan(event) {
  event.preventDefault();
  const data = new FormData();
  data.append("profile", JSON.stringify(readProfile()));
  const file = $("photo").files[0];
  if (file) data.append("photo", file);
  $("plan-button").disabled = true;
  setStatus("Building your routine...");
  try {
    const response = await fetch("/api/plans", { method: "POST", body: data });
    if (!response.ok) { setStatus(await problemMessage(response)); return; }
    const result = await response.json();
    if (result.analysis) renderAnalysis(result.analysis);
    renderPlan(result);
    setStatus("Routine ready.");
    $("plan-heading").scrollIntoView({ behavior: "smooth" });
  } catch (error) {
    setStatus(`The server could not be reached: ${error.message}`);
  } finally {
    $("plan-button").disabled = false;
  }
}

async function searchProducts(event) {
  event.preventDefault();
  const query = new URLSearchParams({ q: $("q").value, take: "20" });
  const response = await fetch(`/api/products?${query}`);
  const list = $("products");
  list.replaceChildren();
  if (!response.ok) { list.appendChild(element("li", await problemMessage(response))); return; }
  const page = await response.json();
  if (page.items.length === 0) list.appendChild(element("li", "No products found. An operator imports a catalog with 'skinsight catalog import'."));
  page.items.forEach((p) => {
    const price = p.priceUsd === null || p.priceUsd === undefined ? "" : ` - $${Number(p.priceUsd).toFixed(2)}`;
    list.appendChild(element("li", `${p.brand}: ${p.name} (${p.category})${price}`));
  });
}

async function showProgress() {
  const charts = $("charts");
  const advice = $("advice");
  charts.replaceChildren();
  advice.replaceChildren();
  const response = await fetch("/api/progress");
  if (!response.ok) { charts.appendChild(element("p", await problemMessage(response))); return; }
  const dashboard = await response.json();
  if (dashboard.checkIns === 0) {
    charts.appendChild(element("p", "No check-ins yet. Add them with 'skinsight checkin add' or POST /api/checkins."));
    return;
  }
  dashboard.advice.forEach((a) => advice.appendChild(element("li", `${a.action}: ${a.message}`)));
  dashboard.measures.forEach((m) => {
    const figure = element("figure");
    const image = element("img");
    image.src = `/api/progress/charts/${encodeURIComponent(m.kind)}?format=svg`;
    image.alt = `${m.kind} over time: ${m.trend ? m.trend.verdict : "too few check-ins for a trend"}`;
    figure.append(image, element("figcaption", image.alt));
    charts.appendChild(figure);
  });
}

function init() {
  const concerns = $("concerns");
  Object.entries(concernNames).forEach(([value, label]) => {
    const wrapper = element("label");
    const box = element("input");
    box.type = "checkbox";
    box.value = value;
    box.name = "concerns";
    wrapper.append(box, document.createTextNode(` ${label}`));
    concerns.appendChild(wrapper);
  });
  $("photo").addEventListener("change", () => {
    const file = $("photo").files[0];
    const preview = $("photo-preview");
    if (file) { preview.src = URL.createObjectURL(file); preview.hidden = false; } else { preview.hidden = true; }
  });
  $("analyze-button").addEventListener("click", analyzePhoto);
  $("plan-form").addEventListener("submit", buildPlan);
  $("catalog-form").addEventListener("submit", searchProducts);
  $("progress-button").addEventListener("click", showProgress);
}

init();
