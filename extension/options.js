// Options: the tracker's address and a capture token, stored in extension storage.
"use strict";

const form = document.getElementById("options-form");
const statusLine = document.getElementById("status");

function say(message, isError) {
  statusLine.textContent = message;
  statusLine.className = isError ? "error" : "ok";
}

async function store() {
  const server = cleanServer(form.elements.server.value);
  const token = form.elements.token.value.trim();
  if (!server) {
    say("Enter the address of your Career Copilot, starting with https://.", true);
    return null;
  }
  if (!token.startsWith("cct_")) {
    say("Paste a personal access token; it starts with cct_.", true);
    return null;
  }
  await saveSettings(server, token);
  form.elements.server.value = server;
  return { server, token };
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await store()) say("Saved. Open a job posting and click the extension's button.", false);
});

document.getElementById("check").addEventListener("click", async () => {
  const settings = await store();
  if (!settings) return;
  say("Checking…", false);
  try {
    await callCapture(settings, "parse", { url: "", html: "<title>Connection check</title>" });
    say("Saved. Connected: the token works for capturing jobs.", false);
  } catch (error) {
    say(`Saved, but the check failed: ${error.message}`, true);
  }
});

// Stored settings fill the form, but never over what the user has already typed.
loadSettings().then(({ server, token }) => {
  if (!form.elements.server.value) form.elements.server.value = server;
  if (!form.elements.token.value) form.elements.token.value = token;
});
