"use strict";

const concernNames = {
  "acne": "Acne and breakouts", "redness": "Redness", "dark-spots": "Dark spots", "oiliness": "Oiliness and shine",
  "dryness": "Dryness", "texture": "Uneven texture", "wrinkles": "Fine lines and wrinkles", "pores": "Visible pores",
  "dark-circles": "Dark circles", "dullness": "Dullness",
};

const $ = (id) => document.getElementById(id);

// Every POST, PUT and DELETE signed in by the cookie needs an antiforgery token in X-CSRF-TOKEN. The token is
// bound to the current sign-in, so a fresh one is fetched before each such request.
const nativeFetch = window.fetch.bind(window);
window.fetch = async (url, options = {}) => {
  const method = (options.method || "GET").toUpperCase();
  if (method === "GET" || method === "HEAD") return nativeFetch(url, options);
  const tokenResponse = await nativeFetch("/api/antiforgery", { credentials: "same-origin" });
  const { headerName, token } = await tokenResponse.json();
  const headers = new Headers(options.headers);
  headers.set(headerName, token);
  return nativeFetch(url, { ...options, credentials: "same-origin", headers });
};

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
  const list = (id) => $(id).value.split(",").map((a) => a.trim()).filter((a) => a.length > 0);
  const concerns = [...document.querySelectorAll("#concerns input:checked")].map((c) => c.value);
  const profile = {
    age: number("age"), concerns,
    pregnant: $("pregnant").checked, breastfeeding: $("breastfeeding").checked, allergies: list("allergies"),
    pastReactions: list("pastReactions"), freeOf: list("freeOf"), routineLength: $("routineLength").value,
    climate: { humidity: $("humidity").value, uvIndex: number("uvIndex") ?? 3, season: $("season").value || null },
    lifestyle: { sleepHours: number("sleepHours"), sunExposure: $("sunExposure").value, smoking: $("smoking").checked },
    budgetUsd: number("budgetUsd"),
  };
  // Left out when not chosen, so that the questionnaire's answer counts.
  if ($("skinType").value) profile.skinType = $("skinType").value;
  if ($("sensitive").checked) profile.sensitive = true;
  const answers = {};
  document.querySelectorAll("#questionnaire input:checked").forEach((r) => { answers[r.name] = Number(r.value); });
  if (Object.keys(answers).length > 0) profile.questionnaire = answers;
  return profile;
}

async function loadQuestionnaire() {
  const box = $("questionnaire");
  try {
    const response = await fetch("/api/questionnaire");
    if (!response.ok) { box.appendChild(element("p", await problemMessage(response))); return; }
    const list = await response.json();
    list.questions.forEach((question) => {
      const group = element("fieldset", undefined, "question");
      group.appendChild(element("legend", question.text));
      question.answers.forEach((label, index) => {
        const wrapper = element("label");
        const radio = element("input");
        radio.type = "radio";
        radio.name = question.id;
        radio.value = String(list.minAnswer + index);
        wrapper.append(radio, document.createTextNode(` ${label}`));
        group.appendChild(wrapper);
      });
      box.appendChild(group);
    });
  } catch (error) {
    box.appendChild(element("p", `The questionnaire could not be loaded: ${error.message}`));
  }
}

function renderExplanation(item, explanation) {
  if (!explanation) return;
  const ranking = explanation.ranking;
  if (ranking) {
    const source = ranking.scorer === "review-ranker"
      ? `Ranked first of ${ranking.candidates} safe products by the review-trained model (chance of a 3-star or lower rating: ${Math.round(ranking.dislikeProbability * 100)}%)`
      : `Ranked first of ${ranking.candidates} safe products by catalog rating, reviews, labels and price`;
    item.appendChild(element("div", `${source}.`, "meta"));
    const factors = element("ul", undefined, "factors");
    ranking.factors.forEach((f) => factors.appendChild(element("li", f.text)));
    if (ranking.factors.length > 0) item.appendChild(factors);
  }
  if (explanation.rules.length > 0) item.appendChild(element("div", `Rules applied: ${explanation.rules.join(", ")}`, "meta"));
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
    renderExplanation(item, step.explanation);
    list.appendChild(item);
  });
}

function renderPlan(plan) {
  $("plan").hidden = false;
  renderFlags(plan.flags);
  const warnings = $("warnings");
  warnings.replaceChildren();
  (plan.warnings || []).forEach((w) => warnings.appendChild(element("p", w.message, "warning")));
  $("baumann").textContent = plan.baumann ? `Your skin type on the Baumann axes: ${plan.baumann.code}.` : "";
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

async function loadHistory() {
  const list = $("history");
  list.replaceChildren();
  const response = await fetch("/api/history");
  if (!response.ok) { list.appendChild(element("li", await problemMessage(response))); return; }
  const history = await response.json();
  history.items.forEach((entry) => {
    const item = element("li", `${entry.productKey}: ${entry.kind} `);
    const remove = element("button", "Remove");
    remove.type = "button";
    remove.setAttribute("aria-label", `Remove ${entry.kind} entry for ${entry.productKey}`);
    remove.addEventListener("click", async () => {
      const query = new URLSearchParams({ kind: entry.kind });
      await fetch(`/api/history/${encodeURIComponent(entry.productKey)}?${query}`, { method: "DELETE" });
      loadHistory();
    });
    item.appendChild(remove);
    list.appendChild(item);
  });
}

async function recordHistory(event) {
  event.preventDefault();
  const body = { productKey: $("historyKey").value.trim(), kind: $("historyKind").value };
  const response = await fetch("/api/history", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  if (!response.ok) { setStatus(await problemMessage(response)); return; }
  setStatus(`Recorded ${body.productKey} as ${body.kind}.`);
  $("historyKey").value = "";
  loadHistory();
}

async function searchProducts(event) {
  event.preventDefault();
  const query = new URLSearchParams({ take: "20" });
  new FormData($("catalog-form")).forEach((value, key) => { if (String(value).trim() !== "") query.set(key, String(value).trim()); });
  const response = await fetch(`/api/products?${query}`);
  const list = $("products");
  list.replaceChildren();
  if (!response.ok) { list.appendChild(element("li", await problemMessage(response))); return; }
  const page = await response.json();
  $("products-total").textContent = `${page.total} matching products.`;
  if (page.items.length === 0) list.appendChild(element("li", "No products found. An operator imports a catalog with 'skinsight catalog import'."));
  page.items.forEach((p) => {
    const price = p.priceUsd === null || p.priceUsd === undefined ? "" : ` - $${Number(p.priceUsd).toFixed(2)}`;
    const item = element("li");
    const open = element("button", `${p.brand}: ${p.name}`, "link");
    open.type = "button";
    open.addEventListener("click", () => showProduct(p.id, open));
    item.append(open, document.createTextNode(` (${p.category})${price}, id ${p.id}`));
    list.appendChild(item);
  });
}

// The product view: the parsed ingredients of one product with their facts, each naming its source.
let productOpener = null;

function describeResolution(resolution) {
  const confidence = resolution.inciName ? ` ${Number(resolution.confidence).toFixed(2)}` : "";
  switch (resolution.method) {
    case "koreanTable": return `Korean table: ${resolution.translation}, ${resolution.translationMatch}${confidence}`;
    case "notChecked": return "not checked (CosIng unavailable)";
    default: return `${resolution.method}${confidence}`;
  }
}

function ratingRange(values) {
  if (values.length === 0) return "not rated";
  return values.length === 1 ? String(values[0]) : `${Math.min(...values)}-${Math.max(...values)}`;
}

function annexKind(annex) {
  if (annex.prohibited) return "prohibited";
  return annex.labelledFragranceAllergen ? "labelled fragrance allergen" : "restricted";
}

function sectionNote(ingredient) {
  if (ingredient.mayContain) return " (may contain)";
  return ingredient.section ? ` (${ingredient.section})` : "";
}

function ingredientFlags(ingredient) {
  const flags = [];
  ingredient.annexes.forEach((a) => {
    const kind = annexKind(a);
    const limit = a.maxConcentration ? `, max ${a.maxConcentration.replace(/\s+/g, " ")}` : "";
    const conditions = a.conditions ? `. ${a.conditions}` : "";
    flags.push({ text: `EU Annex ${a.annex} entry ${a.reference}: ${kind}${a.conditional ? " (some forms only)" : ""}${limit}${conditions}`,
      source: a.source, warn: a.prohibited });
  });
  if (ingredient.comedogenic) {
    const c = ingredient.comedogenic;
    flags.push({ text: `Comedogenic ${c.comedogenicity}/5, irritancy ${c.irritancy}/5`, source: c.source });
  }
  if (ingredient.cosdna) {
    const c = ingredient.cosdna;
    flags.push({ text: `CosDNA acne ${ratingRange(c.acne)}, irritant ${ratingRange(c.irritant)}`, source: c.source });
  }
  ingredient.actives.forEach((a) => flags.push({
    text: `Active: ${a.name} (${a.class}), for ${a.concerns.join(", ") || "-"}, usual ${a.concentration || "-"}. Cites ${a.citation}`,
    source: a.source }));
  ingredient.allergens.forEach((a) => flags.push({ text: `Allergen group: ${a.group}`, source: a.source }));
  ingredient.contraindications.forEach((c) => flags.push({
    text: `${c.severity} for ${c.condition}${c.abovePercent ? ` above ${c.abovePercent}%` : ""}: ${c.reason}`,
    source: c.source, warn: c.severity === "avoid" }));
  ingredient.conflicts.forEach((c) => flags.push({
    text: `Conflicts with ${c.with.join("/")} (${c.when}, ${c.severity}): ${c.reason}`, source: c.source }));
  return flags;
}

function ingredientRow(ingredient) {
  const row = element("tr");
  const cell = (label, content) => {
    const td = element("td");
    td.dataset.label = label;
    if (typeof content === "string") td.textContent = content; else td.appendChild(content);
    row.appendChild(td);
  };
  const position = element("th", ingredient.position);
  position.scope = "row";
  row.appendChild(position);
  cell("Label", `${ingredient.raw}${sectionNote(ingredient)}`);
  cell("INCI name", `${ingredient.resolution.inciName || "-"} (${describeResolution(ingredient.resolution)})`);
  cell("Functions", ingredient.functions.length ? `${ingredient.functions.join(", ")} [${ingredient.functionsSource}]` : "-");
  const flags = ingredientFlags(ingredient);
  if (flags.length === 0) { cell("Flags and ratings", "-"); return row; }
  const list = element("ul", null, "facts");
  flags.forEach((f) => list.appendChild(element("li", `${f.text} [${f.source}]`, f.warn ? "fact-warn" : undefined)));
  cell("Flags and ratings", list);
  return row;
}

async function showProduct(id, opener) {
  const view = $("product");
  const response = await fetch(`/api/products/${encodeURIComponent(id)}`);
  if (!response.ok) { setStatus(await problemMessage(response)); return; }
  const product = await response.json();
  productOpener = opener;
  $("product-heading").textContent = `${product.brand}: ${product.name}`;
  const price = product.price === null || product.price === undefined ? "no price" : `${Number(product.price).toFixed(2)} ${product.currency}`;
  $("product-meta").textContent = `${product.category}, ${price}, id ${product.id}. ${product.facts.ingredients.length} ingredients.`;
  const rows = $("product-ingredients");
  rows.replaceChildren(...product.facts.ingredients.map(ingredientRow));
  const conflicts = $("product-conflicts");
  conflicts.replaceChildren(...product.facts.conflicts.map((c) => element("li",
    `${c.ingredients.join(" + ")} (${c.severity}): ${c.reason} ${c.advice} Cites ${c.citation} [${c.source}]`, "warning")));
  $("product-conflicts-heading").hidden = product.facts.conflicts.length === 0;
  $("product-sources").replaceChildren(...product.facts.sources.map((s) => element("li",
    s.available ? `${s.id}: ${s.title}` : `${s.id}: ${s.title}, unavailable: ${s.problem}`, s.available ? undefined : "warning")));
  $("product-raw").textContent = product.ingredientsRaw;
  view.hidden = false;
  history.replaceState(null, "", `#product=${encodeURIComponent(product.id)}`);
  $("product-heading").focus();
}

function closeProduct() {
  $("product").hidden = true;
  history.replaceState(null, "", location.pathname + location.search);
  if (productOpener) productOpener.focus();
}

async function send(method, url, body) {
  return fetch(url, {
    method, credentials: "same-origin",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function renderConsents(consents) {
  const box = $("consents");
  box.querySelectorAll("div").forEach((node) => node.remove());
  consents.forEach((consent) => {
    const row = element("div");
    const label = element("label");
    const check = element("input");
    check.type = "checkbox";
    check.checked = consent.given;
    check.addEventListener("change", async () => {
      const response = check.checked
        ? await send("PUT", `/api/consents/${consent.purpose}`, { textVersion: consent.version })
        : await send("DELETE", `/api/consents/${consent.purpose}`);
      if (!response.ok) { setStatus(await problemMessage(response)); check.checked = !check.checked; return; }
      const result = await response.json();
      setStatus(result.photosDeleted ? `Consent withdrawn; ${result.photosDeleted} kept photos deleted.` : "Consent saved.");
    });
    label.append(check, document.createTextNode(` ${consent.purpose}: ${consent.text} (version ${consent.version})`));
    row.appendChild(label);
    box.appendChild(row);
  });
}

async function showAccount() {
  const response = await send("GET", "/api/account");
  const signedIn = response.ok;
  $("account-form").hidden = signedIn;
  $("signed-in").hidden = !signedIn;
  if (!signedIn) return;
  const account = await response.json();
  $("who").textContent = `Signed in as ${account.handle}${account.roles.length ? ` (${account.roles.join(", ")})` : ""}.`;
  const consents = await send("GET", "/api/consents");
  if (consents.ok) renderConsents(await consents.json());
  await loadHistory();
}

async function authenticate(path) {
  const form = $("account-form");
  if (!form.reportValidity()) return;
  const response = await send("POST", path, { handle: $("handle").value, password: $("password").value });
  $("password").value = "";
  if (!response.ok) { setStatus(await problemMessage(response)); return; }
  setStatus(path.endsWith("signup") ? "Account created. Give the consents you agree to below." : "Signed in.");
  await showAccount();
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
    charts.appendChild(element("p", "No check-ins yet. Add one with the check-in form above."));
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

async function addCheckIn(event) {
  event.preventDefault();
  const ratings = {};
  const inputs = {
    dryness: $("rate-dryness"), oiliness: $("rate-oiliness"), irritation: $("rate-irritation"), satisfaction: $("rate-satisfaction"),
  };
  for (const [name, input] of Object.entries(inputs)) {
    const text = input.value.trim();
    if (text === "") continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0 || value > 10) {
      setStatus(`The ${name} rating '${text}' is not a number from 0 to 10; change it or leave it empty.`);
      input.focus();
      return;
    }
    ratings[name] = value;
  }

  const file = $("checkin-photo").files[0];
  if (Object.keys(ratings).length === 0 && !file) { setStatus("Give at least one rating or a photo."); $("rate-dryness").focus(); return; }
  const data = new FormData();
  data.append("checkIn", JSON.stringify({ ratings }));
  if (file) data.append("photo", file);

  $("checkin-button").disabled = true;
  setStatus("Saving the check-in...");
  try {
    const response = await fetch("/api/checkins", { method: "POST", body: data, credentials: "same-origin" });
    if (!response.ok) { setStatus(await problemMessage(response)); return; }
    $("checkin-form").reset();
    setStatus("Check-in saved. Show progress to see it in the charts.");
  } catch (error) {
    setStatus(`The server could not be reached: ${error.message}`);
  } finally {
    $("checkin-button").disabled = false;
  }
}

function showEraseConfirm(visible) {
  $("erase-confirm").hidden = !visible;
  $("erase-button").setAttribute("aria-expanded", String(visible));
  (visible ? $("erase-no") : $("erase-button")).focus();
}

async function eraseAccount() {
  $("erase-yes").disabled = true;
  try {
    const response = await send("DELETE", "/api/me?confirm=yes");
    if (!response.ok) { setStatus(await problemMessage(response)); return; }
    $("erase-confirm").hidden = true;
    setStatus("Your account and everything stored about you have been erased.");
    await showAccount();
  } catch (error) {
    setStatus(`The server could not be reached: ${error.message}`);
  } finally {
    $("erase-yes").disabled = false;
  }
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
  $("product-close").addEventListener("click", closeProduct);
  // A link such as /#product=sephora-2023:P123 opens that product's view directly.
  const linked = location.hash.match(/^#product=(.+)$/);
  if (linked) showProduct(decodeURIComponent(linked[1]), null);
  Object.entries(concernNames).forEach(([value, label]) => {
    const option = element("option", label);
    option.value = value;
    $("f-concern").appendChild(option);
  });
  $("history-form").addEventListener("submit", recordHistory);
  loadQuestionnaire();
  $("account-form").addEventListener("submit", (event) => { event.preventDefault(); authenticate("/api/account/signin"); });
  $("signup-button").addEventListener("click", () => authenticate("/api/account/signup"));
  $("signout-button").addEventListener("click", async () => { await send("POST", "/api/account/signout"); await showAccount(); });
  showAccount();
  $("progress-button").addEventListener("click", showProgress);
  $("checkin-form").addEventListener("submit", addCheckIn);
  $("erase-button").setAttribute("aria-expanded", "false");
  $("erase-button").addEventListener("click", () => showEraseConfirm(true));
  $("erase-no").addEventListener("click", () => showEraseConfirm(false));
  $("erase-yes").addEventListener("click", eraseAccount);
}

init();
