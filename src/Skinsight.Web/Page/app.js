"use strict";

const concernNames = {
  "acne": "Acne and breakouts", "redness": "Redness", "dark-spots": "Dark spots", "oiliness": "Oiliness and shine",
  "dryness": "Dryness", "texture": "Uneven texture", "wrinkles": "Fine lines and wrinkles", "pores": "Visible pores",
  "dark-circles": "Dark circles", "dullness": "Dullness",
};

// Measure keys as the API sends them, in words for people; a key not listed is shown as it is.
const measureNames = { darkCircles: "dark circles", "skin-temperature": "skin temperature", "uv-dose": "UV dose",
  "ambient-humidity": "ambient humidity", "ambient-temperature": "ambient temperature", "acne-lesions": "acne lesions (learned; white comedones, red papules, yellow pustules, magenta nodules)" };
const measureName = (key) => measureNames[key] || key;

const modeNames = { face: "a face photo", closeup: "a close-up of skin", rejected: "a rejected photo" };

// A photo measure has one series per photo mode, so its name says which.
const seriesModeNames = { face: "face", closeup: "close-up", unknown: "mode unknown" };
const seriesName = (m) => (m.mode ? `${measureName(m.kind)} (${seriesModeNames[m.mode] || m.mode})` : measureName(m.kind));

const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function setStatus(text) { $("status").textContent = text; }

// The one place the page calls fetch, so that a header every request needs is added here once. Every POST, PUT
// and DELETE signed in by the cookie needs an antiforgery token in X-CSRF-TOKEN. The token is bound to the
// current sign-in, so a fresh one is fetched before each such request.
async function request(url, { method = "GET", json, form } = {}) {
  const init = { method, credentials: "same-origin", headers: {} };
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (form !== undefined) {
    init.body = form;
  }
  if (method !== "GET" && method !== "HEAD") {
    const tokenResponse = await request("/api/antiforgery");
    if (tokenResponse.ok) {
      const { headerName, token } = await tokenResponse.json();
      init.headers[headerName] = token;
    }
  }
  return fetch(url, init);
}

function describeProblem(problem, status) {
  if (problem.consent) return `This needs your consent to ${problem.consent}: tick it under "1. Consent" above, then try again.`;
  return problem.detail || problem.title || `Request failed with status ${status}.`;
}

async function problemMessage(response) {
  try {
    return describeProblem(await response.json(), response.status);
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
    const response = await request("/api/questionnaire");
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

// Describes how the acne grade was reached, with the count's own grade when the photo grader moved it.
function acneGradedBy(acne) {
  if (acne.gradedBy !== "count-and-photo") return "graded from the count";
  if (acne.countGrade === acne.grade) return "graded from the count and the whole photo";
  const moved = acne.detectorCount !== null && acne.detectorCount !== undefined && acne.detectorCount !== acne.count
    ? `; the detector counted ${acne.detectorCount}, which alone gives grade ${acne.countGrade}, so the count was moved into this grade's range`
    : `; the count alone gives grade ${acne.countGrade}`;
  return `graded from the count and the whole photo${moved}`;
}

function renderAnalysis(analysis) {
  $("analysis").hidden = false;
  renderFlags(analysis.flags);
  const quality = $("quality");
  quality.replaceChildren();
  const verdict = analysis.quality.accepted ? "accepted" : "rejected";
  quality.appendChild(element("p", `Photo quality ${Math.round(analysis.quality.score)}/100 (${verdict}), analysed as ${modeNames[analysis.mode] || analysis.mode}.`,
    analysis.quality.accepted ? "" : "rejected"));
  const issues = element("ul");
  analysis.quality.issues.forEach((issue) => issues.appendChild(element("li", `${issue.message} ${issue.advice}`)));
  if (analysis.quality.issues.length > 0) quality.appendChild(issues);

  const tone = analysis.skinTone;
  $("tone").textContent = tone
    ? `Skin tone: ITA ${tone.ita.toFixed(1)}° (${tone.category}); CIELAB L* ${tone.l.toFixed(1)}, a* ${tone.a.toFixed(1)}, b* ${tone.b.toFixed(1)}.`
    : "";

  // Present only for face photos when the server has the skin-age model.
  const age = analysis.estimatedSkinAge;
  $("skin-age").textContent = age
    ? `Estimated skin age: ${Math.round(age.years)} years (± ${age.uncertaintyYears.toFixed(1)}, the model's mean error on aligned face crops). A cosmetic estimate of how old the skin looks; its error on phone selfies has not been measured and can be larger.`
    : "";

  // Present for face photos and skin close-ups that are not dermoscopy or that the face discriminant takes for part of a
  // face, when the server has the learned acne lesion counter.
  const acne = analysis.acneLesions;
  const types = acne
    ? Object.entries(acne.byType || {}).filter(([, n]) => n > 0).map(([name, n]) => `${name} ${n}`).join(", ")
    : "";
  $("acne-lesions").textContent = acne
    ? `Acne lesions: ${acne.count} (± ${acne.uncertaintyLesions.toFixed(1)}, the detector's mean error on held-out ACNE04 photos), grade ${acne.grade} (${acne.gradeName}, ${acneGradedBy(acne)})${types ? `; boxed by type: ${types}` : ""}. A cosmetic count, not a diagnosis, from a model trained on photos of acne patients; on other skin it can count marks that are not acne.`
    : "";

  // Present only for close-ups that look like dermoscopy when the server has the lesion segmenter.
  const lesion = analysis.lesion;
  $("lesion").textContent = lesion
    ? `Lesion outline: ${lesion.width}x${lesion.height} px at (${lesion.x}, ${lesion.y}), ${lesion.areaPercent.toFixed(1)}% of the photo. An outline for tracking its size, not a diagnosis.`
    : "";

  const body = document.querySelector("#scores tbody");
  body.replaceChildren();
  Object.entries(analysis.metrics || {}).forEach(([name, metric]) => {
    const row = element("tr");
    row.appendChild(element("th", measureName(name))).setAttribute("scope", "row");
    row.appendChild(element("td", Math.round(metric.score)));
    row.appendChild(element("td", metric.noise === null || metric.noise === undefined ? "unknown" : metric.noise.toFixed(1)));
    body.appendChild(row);
  });

  const overlays = $("overlays");
  overlays.replaceChildren();
  $("overlays-note").hidden = Object.keys(analysis.overlays || {}).length > 0;
  Object.entries(analysis.overlays || {}).forEach(([name, url]) => {
    const figure = element("figure");
    const image = element("img");
    image.src = url;
    image.alt = `Overlay of ${measureName(name)} on the photo`;
    image.loading = "lazy";
    figure.append(image, element("figcaption", measureName(name)));
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
    item.appendChild(element("div", step.reason, "meta reason"));
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

// The photo is queued as a background job, which a worker of any app instance runs; the page polls its status.
async function analyzePhoto() {
  const file = $("photo").files[0];
  if (!file) { setStatus("Choose a photo first."); $("photo").focus(); return; }
  const data = new FormData();
  data.append("photo", file);
  $("analyze-button").disabled = true;
  setStatus("Uploading the photo...");
  try {
    const response = await request("/api/jobs/analyses", { method: "POST", form: data });
    if (!response.ok) { await showRejection(response); return; }
    const job = await response.json();
    const analysis = await waitForAnalysis(job.statusUrl);
    if (!analysis) return;
    renderAnalysis(analysis);
    setStatus("Analysis ready.");
  } catch (error) {
    setStatus(`The server could not be reached: ${error.message}`);
  } finally {
    $("analyze-button").disabled = false;
  }
}

const jobWaitLimitMs = 120000;

// Polls a job until it ends; returns its analysis, or null after showing why there is none.
async function waitForAnalysis(statusUrl) {
  const started = Date.now();
  for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    const response = await request(statusUrl);
    if (!response.ok) { setStatus(await problemMessage(response)); return null; }
    const job = await response.json();
    if (job.state === "succeeded") {
      const result = await request(`/api/analyses/${job.analysisId}`);
      if (!result.ok) { setStatus(await problemMessage(result)); return null; }
      return result.json();
    }
    if (job.state === "failed" || job.state === "deadLetter") {
      if (job.quality) renderQuality(job.quality);
      setStatus(job.failure === "error"
        ? "The analysis failed on the server; try again in a few minutes."
        : job.error || "The analysis failed.");
      return null;
    }
    const waited = Math.round((Date.now() - started) / 1000);
    if (Date.now() - started > jobWaitLimitMs) {
      setStatus(`The analysis has not finished after ${waited} s; the server is busy, so try again later.`);
      return null;
    }
    setStatus(job.state === "running" ? `Analysing the photo (${waited} s)...` : `Waiting for a free worker (${waited} s)...`);
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
    const response = await request("/api/plans", { method: "POST", form: data });
    if (!response.ok) { await showRejection(response); return; }
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
  const response = await request("/api/history");
  if (!response.ok) { list.appendChild(element("li", await problemMessage(response))); return; }
  const history = await response.json();
  history.items.forEach((entry) => {
    const item = element("li", `${entry.productKey}: ${entry.kind} `);
    const remove = element("button", "Remove");
    remove.type = "button";
    remove.setAttribute("aria-label", `Remove ${entry.kind} entry for ${entry.productKey}`);
    remove.addEventListener("click", async () => {
      const query = new URLSearchParams({ kind: entry.kind });
      await request(`/api/history/${encodeURIComponent(entry.productKey)}?${query}`, { method: "DELETE" });
      loadHistory();
    });
    item.appendChild(remove);
    list.appendChild(item);
  });
}

async function recordHistory(event) {
  event.preventDefault();
  const body = { productKey: $("historyKey").value.trim(), kind: $("historyKind").value };
  const response = await request("/api/history", { method: "POST", json: body });
  if (!response.ok) { setStatus(await problemMessage(response)); return; }
  setStatus(`Recorded ${body.productKey} as ${body.kind}.`);
  $("historyKey").value = "";
  loadHistory();
}

async function searchProducts(event) {
  event.preventDefault();
  const query = new URLSearchParams({ take: "20" });
  new FormData($("catalog-form")).forEach((value, key) => { if (String(value).trim() !== "") query.set(key, String(value).trim()); });
  const response = await request(`/api/products?${query}`);
  const list = $("products");
  list.replaceChildren();
  if (!response.ok) { $("products-total").textContent = await problemMessage(response); return; }
  const page = await response.json();
  $("products-total").textContent = `${page.total} matching products.`;
  // Only take is set when the person gave no words and no filters, so an empty page then means an empty catalog.
  const filtered = [...query.keys()].some((key) => key !== "take");
  if (page.items.length === 0) {
    list.appendChild(element("li", filtered
      ? "No products match. The search looks in product names and brands; try fewer words or filters."
      : "The catalog is empty. An operator imports one with 'skinsight catalog import'."));
  }
  page.items.forEach((p) => {
    const price = p.price === null || p.price === undefined ? "" : ` - ${Number(p.price).toFixed(2)} ${p.currency}`;
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
  const response = await request(`/api/products/${encodeURIComponent(id)}`);
  // The catalog is open to visitors who are signed out, who cannot see the status line of the person's flow.
  if (!response.ok) { $("products-total").textContent = await problemMessage(response); return; }
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

function renderConsents(consents) {
  const box = $("consents");
  box.querySelectorAll("div").forEach((node) => node.remove());
  consents.forEach((consent) => {
    const row = element("div");
    const label = element("label");
    const check = element("input");
    check.type = "checkbox";
    check.id = `consent-${consent.purpose}`;
    check.checked = consent.given;
    check.addEventListener("change", async () => {
      // Withdrawing keep-photos deletes the stored photos at once, so the page requests confirmation first and keeps
      // the box ticked when the person cancels.
      if (!check.checked && consent.purpose === "keep-photos" && !window.confirm(
        "Withdrawing this consent deletes every photo Skinsight has kept for you, and this cannot be undone. Withdraw it?")) {
        check.checked = true;
        return;
      }
      const response = check.checked
        ? await request(`/api/consents/${consent.purpose}`, { method: "PUT", json: { textVersion: consent.version } })
        : await request(`/api/consents/${consent.purpose}`, { method: "DELETE" });
      if (!response.ok) { setStatus(await problemMessage(response)); check.checked = !check.checked; return; }
      const result = await response.json();
      if (!check.checked) {
        setStatus(result.photosDeleted ? `Consent withdrawn; ${result.photosDeleted} kept photos deleted.` : "Consent withdrawn.");
        return;
      }
      setStatus("Consent saved.");
      // A photo chosen before this consent still shows that the consent is missing, so it is checked again.
      const photo = $("photo").files[0];
      if (consent.purpose === "analysis" && photo) checkQuality(photo);
    });
    const text = element("span");
    text.append(element("strong", consent.purpose), document.createTextNode(`: ${consent.text} (version ${consent.version})`));
    label.append(check, text);
    row.appendChild(label);
    box.appendChild(row);
  });
}

async function showAccount() {
  const response = await request("/api/account");
  const signedIn = response.ok;
  $("account-form").hidden = signedIn;
  $("signed-in").hidden = !signedIn;
  $("signed-out-hint").hidden = signedIn;
  $("person-flow").hidden = !signedIn;
  $("operator").hidden = true;
  if (!signedIn) return;
  const account = await response.json();
  // The server checks the role on every operator request. Hiding the part only keeps the page uncluttered.
  $("operator").hidden = !account.roles.includes("operator");
  if (!$("operator").hidden) loadFormats();
  $("who").textContent = `Signed in as ${account.handle}${account.roles.length ? ` (${account.roles.join(", ")})` : ""}.`;
  const consents = await request("/api/consents");
  if (consents.ok) renderConsents(await consents.json());
  await loadHistory();
}

async function authenticate(path) {
  const form = $("account-form");
  if (!form.reportValidity()) return;
  const response = await request(path, { method: "POST", json: { handle: $("handle").value, password: $("password").value } });
  $("password").value = "";
  if (!response.ok) {
    const message = await problemMessage(response);
    $("account-error").textContent = message;
    setStatus(message);
    $("password").focus();
    return;
  }
  $("account-error").textContent = "";
  $("account-status").textContent = "";
  setStatus(path.endsWith("signup") ? "Account created. Give the consents you agree to below." : "Signed in.");
  await showAccount();
}

async function showProgress() {
  const charts = $("charts");
  const advice = $("advice");
  charts.replaceChildren();
  advice.replaceChildren();
  const response = await request("/api/progress");
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
    const mode = m.mode ? `&mode=${encodeURIComponent(m.mode)}` : "";
    image.src = `/api/progress/charts/${encodeURIComponent(m.kind)}?format=svg${mode}`;
    image.alt = `${seriesName(m)} over time: ${m.trend ? m.trend.verdict : "too few check-ins for a trend"}`;
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
    const response = await request("/api/checkins", { method: "POST", form: data });
    if (!response.ok) { setStatus(await problemMessage(response)); return; }
    const created = await response.json();
    $("checkin-form").reset();
    renderFlags(created.flags);
    setStatus(created.note
      ? `Check-in saved. ${created.note}`
      : "Check-in saved. Show progress to see it in the charts.");
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
    const response = await request("/api/me?confirm=yes", { method: "DELETE" });
    if (!response.ok) { setStatus(await problemMessage(response)); return; }
    $("erase-confirm").hidden = true;
    await showAccount();
    // The status line is hidden with the person's flow once signed out, so the message goes in the account section.
    $("account-status").textContent = "Your account and everything stored about you have been erased.";
  } catch (error) {
    setStatus(`The server could not be reached: ${error.message}`);
  } finally {
    $("erase-yes").disabled = false;
  }
}

// Live quality feedback: the photo is checked as soon as it is chosen, before any analysis.
let qualityCheck = 0;

function renderQuality(quality) {
  const box = $("photo-quality");
  box.replaceChildren();
  box.className = quality.accepted ? "quality" : "quality rejected";
  let verdict = "good enough to analyse";
  if (!quality.accepted) verdict = "not good enough to analyse. Retake it";
  else if (quality.issues.length > 0) verdict = "good enough to analyse, but a retake would measure better";
  box.appendChild(element("p", `Photo quality ${Math.round(quality.score)}/100: ${verdict}.`, "quality-score"));
  if (quality.issues.length === 0) return;
  const list = element("ul");
  quality.issues.forEach((issue) => {
    const item = element("li", issue.message);
    item.appendChild(element("div", `Retake advice: ${issue.advice}`, "advice"));
    list.appendChild(item);
  });
  box.appendChild(list);
}

async function checkQuality(file) {
  const box = $("photo-quality");
  const check = ++qualityCheck;
  box.className = "quality";
  box.replaceChildren(element("p", "Checking the photo's quality..."));
  const data = new FormData();
  data.append("photo", file);
  try {
    const response = await request("/api/photos/quality", { method: "POST", form: data });
    // A newer photo was chosen while this one was checked, so this response is stale.
    if (check !== qualityCheck) return;
    if (!response.ok) { box.replaceChildren(element("p", await problemMessage(response), "rejected")); return; }
    renderQuality(await response.json());
  } catch (error) {
    if (check === qualityCheck) box.replaceChildren(element("p", `The server could not be reached: ${error.message}`));
  }
}

// A 422 from the quality gate carries its report, which the photo step shows with the retake advice.
async function showRejection(response) {
  let problem = {};
  try { problem = await response.json(); } catch { /* not JSON: the status alone is shown */ }
  if (problem.quality) renderQuality(problem.quality);
  setStatus(describeProblem(problem, response.status));
}

// The operator's part: catalog import, model cards and experiments.
function seconds(elapsed) {
  const parts = String(elapsed).split(":").map(Number);
  return parts.length === 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : Number.NaN;
}

function table(caption, headings, rows) {
  const node = element("table");
  node.appendChild(element("caption", caption));
  const head = element("tr");
  headings.forEach((h) => { const th = element("th", h); th.scope = "col"; head.appendChild(th); });
  node.appendChild(element("thead")).appendChild(head);
  const body = element("tbody");
  rows.forEach((cells) => {
    const row = element("tr");
    cells.forEach((c, i) => {
      const cell = element(i === 0 ? "th" : "td", c);
      if (i === 0) cell.scope = "row";
      cell.dataset.label = headings[i];
      row.appendChild(cell);
    });
    body.appendChild(row);
  });
  node.appendChild(body);
  const scroll = element("div", undefined, "table-scroll");
  scroll.appendChild(node);
  return scroll;
}

async function loadFormats() {
  const select = $("import-format");
  if (select.options.length > 1) return;
  const response = await request("/api/catalog/formats");
  if (!response.ok) return;
  (await response.json()).formats.forEach((name) => {
    const option = element("option", name);
    option.value = name;
    select.appendChild(option);
  });
}

function renderImportReport(report) {
  const box = $("import-report");
  const time = seconds(report.elapsed);
  const took = Number.isNaN(time) ? "" : ` in ${time.toFixed(1)} s`;
  box.replaceChildren(element("p", `${report.path}: ${report.rowsRead} rows read, ${report.imported} imported, `
    + `${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped} skipped${took}.`, "import-summary"));
  if (report.skippedRows.length === 0) return;
  const shown = report.skippedRows.slice(0, 100);
  const more = report.skippedRows.length > shown.length ? ` (first ${shown.length} of ${report.skippedRows.length})` : "";
  box.appendChild(table(`Skipped rows and why${more}`, ["Row", "Reason"], shown.map((r) => [r.rowNumber, r.reason])));
}

async function importCatalog(event) {
  event.preventDefault();
  const file = $("import-file").files[0];
  if (!file) { setStatus("Choose a catalog file first."); $("import-file").focus(); return; }
  const data = new FormData();
  data.append("file", file);
  if ($("import-format").value) data.append("format", $("import-format").value);
  $("import-button").disabled = true;
  setStatus(`Importing ${file.name}...`);
  try {
    const response = await request("/api/catalog/imports", { method: "POST", form: data });
    if (!response.ok) {
      const message = await problemMessage(response);
      $("import-report").replaceChildren(element("p", message, "warning"));
      setStatus(message);
      return;
    }
    renderImportReport(await response.json());
    setStatus("Import finished.");
  } catch (error) {
    setStatus(`The server could not be reached: ${error.message}`);
  } finally {
    $("import-button").disabled = false;
  }
}

// Model cards are Markdown. This renders the few constructs they use (paragraphs, "- " lists, pipe tables,
// `code` and **bold**) as DOM nodes, never as HTML, so a card cannot inject markup.
function inlineMarkdown(node, text) {
  text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).forEach((part) => {
    if (part.startsWith("`") && part.endsWith("`") && part.length > 1) node.appendChild(element("code", part.slice(1, -1)));
    else if (part.startsWith("**") && part.endsWith("**") && part.length > 3) node.appendChild(element("strong", part.slice(2, -2)));
    else if (part) node.appendChild(document.createTextNode(part));
  });
  return node;
}

function markdownTable(lines) {
  const cells = (line) => line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
  const rows = lines.filter((line) => !/^\|?\s*:?-{3,}/.test(line.trim())).map(cells);
  const node = element("table");
  rows.forEach((row, index) => {
    const tr = element("tr");
    row.forEach((text) => tr.appendChild(inlineMarkdown(element(index === 0 ? "th" : "td"), text)));
    node.appendChild(tr);
  });
  const scroll = element("div", undefined, "table-scroll");
  scroll.appendChild(node);
  return scroll;
}

function cardText(text) {
  const box = element("div", undefined, "card-text");
  text.split(/\n\s*\n/).forEach((block) => {
    const lines = block.split("\n").filter((line) => line.trim() !== "");
    if (lines.length === 0) return;
    if (lines.every((line) => line.trim().startsWith("|"))) { box.appendChild(markdownTable(lines)); return; }
    if (lines[0].startsWith("- ")) {
      const list = element("ul");
      lines.forEach((line) => {
        if (line.startsWith("- ") || list.lastChild === null) list.appendChild(element("li"));
        inlineMarkdown(list.lastChild, `${line.replace(/^- /, "").trim()} `);
      });
      box.appendChild(list);
      return;
    }
    box.appendChild(inlineMarkdown(element("p"), lines.map((line) => line.trim()).join(" ")));
  });
  return box;
}

function metadataTable(metadata) {
  return table(`Values recorded in ${metadata.file}`, ["Name", "Value"], metadata.values.map((v) => [v.key, v.value]));
}

async function showModels() {
  const box = $("models");
  box.replaceChildren();
  const response = await request("/api/models");
  if (!response.ok) { box.appendChild(element("p", await problemMessage(response))); return; }
  const models = await response.json();
  if (models.length === 0) box.appendChild(element("p", "No model folders were found on the server."));
  models.forEach((model) => {
    const article = element("article", undefined, "model");
    article.appendChild(inlineMarkdown(element("h4"), model.title));
    const files = model.files.map((f) => `${f.name} (${(f.bytes / 1024).toFixed(0)} KB)`).join(", ");
    article.appendChild(element("p", `Folder ${model.name}, card ${model.cardFile || "missing"}. Files: ${files || "none"}.`, "meta"));
    article.appendChild(element("h5", "Metrics"));
    if (model.metrics) article.appendChild(cardText(model.metrics));
    else article.appendChild(element("p", model.metadata.length > 0
      ? "The card has no metrics section; the values recorded with the model follow."
      : "The card has no metrics section and the model has no metadata file."));
    model.metadata.forEach((m) => {
      if (!model.metrics) { article.appendChild(metadataTable(m)); return; }
      // The card's own metrics come first; the raw recorded values stay one click away.
      const more = element("details");
      more.append(element("summary", `Values recorded in ${m.file}`), metadataTable(m));
      article.appendChild(more);
    });
    const details = element("details");
    details.appendChild(element("summary", "Whole card"));
    model.sections.forEach((section) => details.append(element("h5", section.heading), cardText(section.text)));
    article.appendChild(details);
    box.appendChild(article);
  });
}

async function showExperiments() {
  const box = $("experiments");
  box.replaceChildren();
  const response = await request("/api/experiments");
  if (!response.ok) { box.appendChild(element("p", await problemMessage(response))); return; }
  const experiments = await response.json();
  if (experiments.length === 0) { box.appendChild(element("p", "No experiments yet. Create one through the API or the CLI.")); return; }
  const list = element("ul", undefined, "experiments");
  experiments.forEach((x) => {
    const arms = x.arms.map((a) => `${a.name} (weight ${a.weight})`).join(", ");
    const item = element("li");
    item.appendChild(element("div", `${x.name}: ${x.status}. Measure ${x.measure} (${x.better} is better), ${x.plannedPerArm} `
      + `people per arm planned, arms ${arms}. ${x.hypothesis}`));
    const report = element("button", "Report");
    report.type = "button";
    report.setAttribute("aria-label", `Report of experiment ${x.name}`);
    report.addEventListener("click", () => showExperimentReport(x.name));
    item.appendChild(report);
    if (x.status === "running") {
      const stop = element("button", "Stop", "secondary");
      stop.type = "button";
      stop.setAttribute("aria-label", `Stop experiment ${x.name}`);
      stop.addEventListener("click", () => stopExperiment(x.name));
      item.appendChild(stop);
    }
    list.appendChild(item);
  });
  box.appendChild(list);
}

function fixed(value, digits) { return value === null || value === undefined ? "-" : Number(value).toFixed(digits); }

async function showExperimentReport(name) {
  const box = $("experiment-report");
  const response = await request(`/api/experiments/${encodeURIComponent(name)}/report`);
  if (!response.ok) { box.replaceChildren(element("p", await problemMessage(response), "warning")); return; }
  const report = await response.json();
  box.replaceChildren(element("h4", `Report of ${name}`), element("p", report.outcomeRule, "meta"));
  box.appendChild(table("People and mean change of the measure per arm, control first",
    ["Arm", "Exposed", "With outcome", "Mean change"],
    report.arms.map((a) => [a.variant, a.exposed, a.withOutcome, fixed(a.meanOutcome, 2)])));
  report.comparisons.forEach((c) => {
    const text = c.message
      ? `${c.variant} against ${c.control}: ${c.message}`
      : `${c.variant} against ${c.control}: difference ${fixed(c.difference, 2)} (95% interval ${fixed(c.lower, 2)} to `
        + `${fixed(c.upper, 2)}), p = ${fixed(c.pValue, 3)}, Cohen's d ${fixed(c.cohensD, 2)}, favours ${c.favours}.`;
    box.appendChild(element("p", `${text} Decision: ${c.decision} (look ${c.look}, ${Math.round(c.informationFraction * 100)}% of the planned people).`));
  });
}

async function stopExperiment(name) {
  const response = await request(`/api/experiments/${encodeURIComponent(name)}/stop`, { method: "POST" });
  if (!response.ok) { setStatus(await problemMessage(response)); return; }
  setStatus(`Experiment ${name} stopped.`);
  await showExperiments();
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
  // A file that is not an image has no preview, so the broken image is hidden rather than shown.
  $("photo-preview").addEventListener("error", () => { $("photo-preview").hidden = true; });
  $("photo").addEventListener("change", () => {
    const file = $("photo").files[0];
    const preview = $("photo-preview");
    if (file) { preview.src = URL.createObjectURL(file); preview.hidden = false; } else { preview.hidden = true; }
    if (file) checkQuality(file); else $("photo-quality").replaceChildren();
  });
  $("analyze-button").addEventListener("click", analyzePhoto);
  $("plan-form").addEventListener("submit", buildPlan);
  $("catalog-form").addEventListener("submit", searchProducts);
  $("product-close").addEventListener("click", closeProduct);
  // A link such as /#product=sephora-2023:P123 opens that product's view directly, also when it is followed or typed
  // into the address bar while the page is open. showProduct and closeProduct use replaceState, which fires no
  // hashchange event.
  const openLinkedProduct = () => {
    const linked = location.hash.match(/^#product=(.+)$/);
    if (linked) showProduct(decodeURIComponent(linked[1]), null);
    else if (!$("product").hidden) { $("product").hidden = true; }
  };
  window.addEventListener("hashchange", openLinkedProduct);
  openLinkedProduct();
  Object.entries(concernNames).forEach(([value, label]) => {
    const option = element("option", label);
    option.value = value;
    $("f-concern").appendChild(option);
  });
  $("history-form").addEventListener("submit", recordHistory);
  loadQuestionnaire();
  $("account-form").addEventListener("submit", (event) => { event.preventDefault(); authenticate("/api/account/signin"); });
  $("signup-button").addEventListener("click", () => authenticate("/api/account/signup"));
  $("signout-button").addEventListener("click", async () => {
    await request("/api/account/signout", { method: "POST" });
    await showAccount();
    $("account-status").textContent = "Signed out.";
  });
  showAccount();
  $("progress-button").addEventListener("click", showProgress);
  $("checkin-form").addEventListener("submit", addCheckIn);
  $("erase-button").setAttribute("aria-expanded", "false");
  $("erase-button").addEventListener("click", () => showEraseConfirm(true));
  $("erase-no").addEventListener("click", () => showEraseConfirm(false));
  $("erase-yes").addEventListener("click", eraseAccount);
  $("import-form").addEventListener("submit", importCatalog);
  $("models-button").addEventListener("click", showModels);
  $("experiments-button").addEventListener("click", showExperiments);
}

init();
