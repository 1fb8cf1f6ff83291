// The popup: read the current tab's page, let the user confirm the fields, save.
// Server data is only ever put in form values and textContent, never parsed as HTML.
"use strict";

const message = document.getElementById("message");
const form = document.getElementById("capture-form");
const SOURCES = {
  jsonld: "the page's job posting data (JSON-LD)",
  microdata: "the page's job posting data (microdata)",
  opengraph: "the page's title and summary",
  text: "the page's text",
};
let settings = null;
let pageUrl = "";

function show(id) {
  for (const section of ["setup", "capture-form", "done"]) {
    document.getElementById(section).hidden = section !== id;
  }
}

function say(text, isError) {
  message.textContent = text;
  message.className = isError ? "error" : "";
  message.hidden = !text;
}

async function targetTabId() {
  // Opened as a page (keyboard users, tests) with ?tab=<id>; else the active tab.
  const fromQuery = Number(new URLSearchParams(location.search).get("tab"));
  if (fromQuery) return fromQuery;
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab && tab.id;
}

function readPage() {
  return { url: location.href, html: document.documentElement.outerHTML };
}

async function grabPage() {
  const tabId = await targetTabId();
  if (!tabId) throw new Error("No tab to read.");
  let results;
  try {
    results = await ext.scripting.executeScript({ target: { tabId }, func: readPage });
  } catch (error) {
    throw new Error("This page cannot be read by extensions (browser pages and stores are off limits).");
  }
  const page = results && results[0] && results[0].result;
  if (!page || typeof page.html !== "string") throw new Error("The page could not be read.");
  return page;
}

function fill(found) {
  for (const name of ["title", "company", "location", "salary_min", "salary_max", "salary_currency", "deadline", "description"]) {
    const value = found[name];
    form.elements[name].value = value === null || value === undefined ? "" : String(value);
  }
  form.elements.remote.checked = Boolean(found.remote);
  form.elements.salary_period.value = found.salary_period || "year";
  document.getElementById("tracked").hidden = !found.tracked;
  document.getElementById("save").textContent = found.tracked ? "Update in tracker" : "Save to tracker";
  document.getElementById("source").textContent = `Read from ${SOURCES[found.source] || "the page"}. Check the fields before saving.`;
}

function number(value) {
  return value === "" ? null : Number(value);
}

function collect() {
  const el = form.elements;
  return {
    url: pageUrl,
    title: el.title.value.trim(),
    company: el.company.value.trim(),
    location: el.location.value.trim(),
    remote: el.remote.checked,
    salary_min: number(el.salary_min.value),
    salary_max: number(el.salary_max.value),
    salary_currency: el.salary_currency.value.trim().toUpperCase(),
    salary_period: el.salary_period.value,
    deadline: el.deadline.value || null,
    description: el.description.value,
    start_match: el.start_match.checked,
  };
}

function openInTab(link, url) {
  link.href = url;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    ext.tabs.create({ url });
  });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const payload = collect();
  if (!payload.title || !payload.company) {
    say("Enter the job title and the company.", true);
    return;
  }
  const button = document.getElementById("save");
  button.disabled = true;
  say("Saving…", false);
  try {
    const saved = await callCapture(settings, "save", payload);
    document.getElementById("done-message").textContent = saved.created
      ? "Saved to your tracker."
      : "This job was already in your tracker: updated.";
    openInTab(document.getElementById("open-application"), saved.application_url);
    if (saved.match_url) {
      openInTab(document.getElementById("open-match"), saved.match_url);
      document.getElementById("match-line").hidden = false;
    } else if (payload.start_match && saved.match_error) {
      document.getElementById("done-message").textContent += ` No match started: ${saved.match_error}`;
    }
    say("", false);
    show("done");
  } catch (error) {
    say(error.message, true);  // the fields stay as they are: nothing is lost
  } finally {
    button.disabled = false;
  }
});

document.getElementById("open-options").addEventListener("click", () => ext.runtime.openOptionsPage());

async function start() {
  settings = await loadSettings();
  if (!settings.server || !settings.token) {
    say("", false);
    show("setup");
    return;
  }
  try {
    const page = await grabPage();
    pageUrl = /^https?:\/\//i.test(page.url) ? page.url.slice(0, 4000) : "";
    say("Reading the posting…", false);
    const found = await callCapture(settings, "parse", {
      url: pageUrl,
      html: page.html.replace(/\u0000/g, "").slice(0, MAX_PAGE_CHARS),
    });
    fill(found);
    say("", false);
    show("capture-form");
    form.elements.title.focus();
  } catch (error) {
    say(error.message, true);
    if (error.status === 401) show("setup");
  }
}

start();
