// The voice console's page. It holds no dialog: every line said and every touch goes to
// the server (POST /console/api/...), which runs the same simulator as `back-routine chat`
// and answers with segments to play ({text, ms} or {pause_ms}), the reprompt, the screen
// (the APL datasource and the document's buttons) and the raw request and response.
//
// Query parameters: listen_ms (how long the microphone stays open after an answer and
// after the reprompt, 8000 by default, 100-60000); voice=off (show the answers without
// speaking them: the words then take their time at Alexa's pace, 150 a minute); and
// text_rate (words not spoken go that many times faster, 0.25-50; pauses stay real), so
// that a test need not wait out every sentence.

import { Player, seconds } from "./player.js";
import { drawCard, drawScreen } from "./screen.js";

const $ = (selector) => document.querySelector(selector);
const params = new URLSearchParams(window.location.search);
const synth = "speechSynthesis" in window ? window.speechSynthesis : null;
const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition || null;

const state = {
  session: null,   // this tab's console session id
  listenMs: 8000,
  busy: false,     // a request is on its way
  open: false,     // an Alexa session is open
  token: null,     // the token of the APL document on the screen
  lastTurn: null,  // the last answer, for its reprompt
  recognizer: null,
};

function setState(name, text) {
  document.body.dataset.state = name;
  $("#status").textContent = text;
}

const player = new Player({
  synth,
  voiceOn: () => $("#voice").checked,
  textRate: Math.min(50, Math.max(0.25, Number(params.get("text_rate")) || 1)),
  status: setState,
});

// ---------------------------------------------------------------------- the server

async function api(path, body) {
  const response = await fetch("/console/api/" + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (!response.ok) {
    throw new Error((data && data.error) || response.status + " " + response.statusText);
  }
  return data;
}

async function start() {
  const body = {};
  const listen = params.get("listen_ms");
  if (listen !== null) body.listen_ms = Number(listen);
  if (params.get("voice") === "off") $("#voice").checked = false;
  try {
    const opened = await api("session", body);
    state.session = opened.session;
    state.listenMs = opened.listen_ms;
    $("#listen").textContent = $("#listen-again").textContent = seconds(state.listenMs);
    $("#text").placeholder = "Type what you would say, e.g. start " + opened.invocation;
    setState("idle", "Ready: say or type “start " + opened.invocation + "”.");
  } catch (error) {
    setState("error", "The console could not start: " + error.message);
  }
}

// ---------------------------------------------------------------------- the conversation view

function entry(kind, text) {
  const item = document.createElement("li");
  item.className = kind;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = kind.startsWith("you") ? "you" : kind.startsWith("note") ? "" : "alexa";
  item.append(who);
  if (text) item.append(document.createTextNode(text));
  $("#log").append(item);
  item.scrollIntoView({ block: "end" });
  return item;
}

function speechEntry(kind, segments) {
  const item = entry(kind, "");
  const spans = segments.map((segment) => {
    const span = document.createElement("span");
    if ("pause_ms" in segment) {
      span.className = "pause";
      span.textContent = "pause " + seconds(segment.pause_ms);
    } else {
      span.className = "words";
      span.textContent = segment.text;
    }
    item.append(span, document.createTextNode(" "));
    return span;
  });
  item.scrollIntoView({ block: "end" });
  return { item, spans };
}

function rawJson(item, exchanges) {
  if (!exchanges || !exchanges.length) return;
  const details = document.createElement("details");
  details.className = "json";
  const summary = document.createElement("summary");
  summary.textContent = "request and response JSON";
  details.append(summary);
  exchanges.forEach((exchange, index) => {
    for (const part of ["request", "response"]) {
      const title = document.createElement("h3");
      const type = exchange.request.request && exchange.request.request.type;
      title.textContent = part + (exchanges.length > 1 ? " " + (index + 1) + " (" + type + ")" : "");
      const pre = document.createElement("pre");
      pre.className = part;
      pre.textContent = JSON.stringify(exchange[part], null, 2);
      details.append(title, pre);
    }
  });
  item.append(details);
}

// ---------------------------------------------------------------------- after an answer: as an Echo

// The microphone is open listenMs; in silence Alexa says the reprompt and listens again;
// in silence again (or with no reprompt) the session is closed.
function listen(turn, again) {
  if ($("#handsfree").checked) hear(false);
  const label = again ? "listening-again" : "listening";
  player.wait(state.listenMs, (left) => setState(label, "Listening… " + seconds(left)), () => {
    stopHearing();
    if (!again && turn.reprompt && turn.reprompt.length) {
      const view = speechEntry("alexa reprompt", turn.reprompt);
      player.play(view.spans, turn.reprompt, () => listen(turn, true));
    } else {
      walkAway();
    }
  });
}

async function walkAway() {
  player.stop();
  stopHearing();
  if (!state.open || state.busy) return;
  state.busy = true;
  try {
    const turn = await api("end", { session: state.session, reason: "EXCEEDED_MAX_REPROMPTS" });
    rawJson(entry("note", "(no answer: Alexa closed the session)"), turn.exchanges);
    closed();
  } catch (error) {
    entry("note error", "(" + error.message + ")");
  } finally {
    state.busy = false;
  }
}

function closed() {
  state.open = false;
  state.token = drawScreen($("#screen"), null, touch);
  setState("closed", "Session closed. Say “start my back routine” to begin again.");
}

// ---------------------------------------------------------------------- a turn

async function send(path, body) {
  player.stop();
  stopHearing();
  state.busy = true;
  setState("waiting", "…");
  let turn;
  try {
    turn = await api(path, Object.assign({ session: state.session }, body));
  } catch (error) {
    entry("note error", "(" + error.message + ")");
    setState(state.open ? "idle" : "closed", error.message);
    return;
  } finally {
    state.busy = false;
  }
  answer(turn);
}

function answer(turn) {
  if (turn.note) entry("note", turn.note);
  state.open = turn.session_open;
  const last = turn.exchanges[turn.exchanges.length - 1];
  const fresh = Boolean(last && last.request.session && last.request.session.new);
  // A new session starts on a clear screen, and a closed one leaves it.
  if (turn.screen || fresh || !turn.session_open) state.token = drawScreen($("#screen"), turn.screen, touch);
  drawCard($("#card"), turn.card);
  if (!turn.exchanges.length) {
    setState(state.open ? "idle" : "closed", turn.note || "Nothing was sent.");
    return;
  }
  state.lastTurn = turn;
  const view = speechEntry("alexa", turn.speech);
  if (!turn.speech.length) view.item.append(document.createTextNode("(says nothing)"));
  rawJson(view.item, turn.exchanges);
  player.play(view.spans, turn.speech, () => {
    if (turn.session_open) listen(turn, false);
    else closed();
  });
}

function say(text) {
  const line = text.trim();
  if (!line || state.busy || !state.session) return false;
  entry("you", line);
  send("say", { text: line });
  return true;
}

function touch(button) {
  if (!state.open || state.busy) return;
  entry("you touch", "touches " + button.label);
  send("event", { arguments: button.arguments, token: state.token, source: button.id || undefined });
}

// ---------------------------------------------------------------------- the microphone

// resume: after a push on Speak that heard nothing, the Echo's listening (and then its
// reprompt) goes on, rather than leaving the session open for ever.
function hear(resume) {
  if (!Recognition || state.recognizer) return;
  let heard = false;
  const recognizer = new Recognition();
  recognizer.lang = "en-US";
  recognizer.interimResults = true;
  recognizer.maxAlternatives = 1;
  state.recognizer = recognizer;
  $("#mic").setAttribute("aria-pressed", "true");
  recognizer.onresult = (event) => {
    const result = event.results[event.results.length - 1];
    $("#text").value = result[0].transcript;
    if (result.isFinal) {
      heard = true;
      stopHearing();
      if (say($("#text").value)) $("#text").value = "";
    }
  };
  recognizer.onerror = (event) => {
    if (event.error !== "no-speech" && event.error !== "aborted") {
      entry("note error", "(the microphone: " + event.error + ")");
    }
  };
  recognizer.onend = () => {
    if (state.recognizer === recognizer) stopHearing();
    if (resume && !heard && state.open && !state.busy && !player.busy && state.lastTurn) {
      listen(state.lastTurn, false);
    }
  };
  recognizer.start();
}

function stopHearing() {
  const recognizer = state.recognizer;
  state.recognizer = null;
  $("#mic").setAttribute("aria-pressed", "false");
  if (recognizer) recognizer.abort();
}

// ---------------------------------------------------------------------- wiring

function wire() {
  $("#say").addEventListener("submit", (event) => {
    event.preventDefault();
    if (say($("#text").value)) $("#text").value = "";
  });
  const mic = $("#mic");
  if (!Recognition) {
    mic.disabled = true;
    mic.title = "This browser has no speech recognition (Web Speech API): type instead";
    $("#handsfree").disabled = true;
  }
  mic.addEventListener("click", () => {
    if (state.recognizer) return stopHearing();
    player.stop(); // a barge-in: Alexa stops talking
    hear(true);
  });
  $("#walkaway").addEventListener("click", walkAway);
  $("#voice").addEventListener("change", () => {
    if (!$("#voice").checked && synth) synth.cancel();
  });
  if (!synth) {
    $("#voice").checked = false;
    $("#voice").disabled = true;
    $("#voice").parentElement.title = "This browser cannot speak (no speechSynthesis): the answers are shown";
  } else {
    synth.getVoices(); // some browsers load their voices on first ask
  }
}

wire();
start();
