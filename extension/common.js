// Shared by the popup and the options page: settings and calls to the capture API.
// The token is kept in this browser's extension storage only and sent only to the
// Career Copilot address the user entered.
"use strict";

const ext = globalThis.browser || globalThis.chrome;
const MAX_PAGE_CHARS = 3000000; // the server's limit

async function loadSettings() {
  const { server = "", token = "" } = await ext.storage.local.get(["server", "token"]);
  return { server, token };
}

async function saveSettings(server, token) {
  await ext.storage.local.set({ server, token });
}

function cleanServer(value) {
  let url;
  try {
    url = new URL(value.trim());
  } catch (error) {
    return "";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "";
  return url.origin;
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function errorMessage(status, body) {
  const detail = body && body.detail;
  if (status === 401) return "Your token was not accepted. Check it in the extension's options.";
  if (status === 429) return (typeof detail === "string" && detail) || "Too many captures just now; try again in a minute.";
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) return detail.map((item) => (item && item.msg) || String(item)).join(" ");
  if (detail && typeof detail === "object") {
    return Object.entries(detail).map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`).join(" ");
  }
  return `The server answered ${status}.`;
}

async function callCapture(settings, path, payload) {
  let response;
  try {
    response = await fetch(`${settings.server}/api/v1/capture/${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${settings.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(payload),
      credentials: "omit",
    });
  } catch (error) {
    throw new ApiError(0, `Cannot reach ${settings.server}. Check the address in the options.`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, errorMessage(response.status, body));
  return body;
}
