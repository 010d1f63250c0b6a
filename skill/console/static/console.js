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
"use strict";

(function () {
  const $ = (selector) => document.querySelector(selector);
  const params = new URLSearchParams(window.location.search);
  const synth = "speechSynthesis" in window ? window.speechSynthesis : null;
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition || null;
  const textRate = Math.min(50, Math.max(0.25, Number(params.get("text_rate")) || 1));

  const state = {
    session: null,      // this tab's console session id
    listenMs: 8000,
    busy: false,        // a request is on its way
    open: false,        // an Alexa session is open
    play: null,         // the answer being played, or the listening: {cancelled, timers}
    token: null,        // the token of the APL document on the screen
    recognizer: null,
  };

  // ------------------------------------------------------------------ status

  function setState(name, text) {
    document.body.dataset.state = name;
    $("#status").textContent = text;
  }

  function seconds(ms) {
    const left = Math.max(0, ms);
    return (left % 1000 === 0 ? String(left / 1000) : (left / 1000).toFixed(1)) + " s";
  }

  // ------------------------------------------------------------------ the server

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

  // ------------------------------------------------------------------ the conversation view

  function entry(kind, text) {
    const item = document.createElement("li");
    item.className = kind;
    if (text) {
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = kind.startsWith("you") ? "you" : kind === "note" ? "" : "alexa";
      item.append(who, document.createTextNode(text));
    }
    $("#log").append(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  function speechEntry(kind, segments) {
    const item = entry(kind, "");
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = "alexa";
    item.append(who);
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

  // ------------------------------------------------------------------ playing an answer

  function stopPlaying() {
    if (state.play) {
      state.play.cancelled = true;
      state.play.timers.forEach((timer) => clearTimeout(timer) || clearInterval(timer));
      state.play = null;
    }
    if (synth) synth.cancel();
    document.querySelectorAll(".now").forEach((span) => span.classList.remove("now"));
  }

  function speak(segment, span, play, next) {
    let done = false;
    const finish = () => {
      if (done || play.cancelled) return;
      done = true;
      next();
    };
    const voices = synth ? synth.getVoices() : [];
    if ($("#voice").checked && synth && voices.length) {
      const utterance = new SpeechSynthesisUtterance(segment.text);
      utterance.lang = "en-US";
      utterance.onend = finish;
      utterance.onerror = () => play.timers.push(setTimeout(finish, segment.ms));
      synth.speak(utterance);
      // Some engines never say they have finished: go on after twice the words' time.
      play.timers.push(setTimeout(finish, 2 * segment.ms + 2000));
    } else {
      setState("speaking", "Alexa is speaking (shown, not heard)");
      play.timers.push(setTimeout(finish, segment.ms / textRate));
    }
  }

  function pause(segment, span, play, next) {
    const until = Date.now() + segment.pause_ms;
    const tick = () => {
      const left = until - Date.now();
      span.textContent = "pause " + seconds(left);
      setState("pause", "Pause: " + seconds(left));
      return left;
    };
    tick();
    const timer = setInterval(() => {
      if (play.cancelled) return clearInterval(timer);
      if (tick() <= 0) {
        clearInterval(timer);
        span.textContent = "pause " + seconds(segment.pause_ms);
        next();
      }
    }, 100);
    play.timers.push(timer);
  }

  function play(view, segments, label, then) {
    stopPlaying();
    const current = { cancelled: false, timers: [] };
    state.play = current;
    let index = 0;
    const step = () => {
      if (current.cancelled) return;
      view.spans.forEach((span) => span.classList.remove("now"));
      if (index >= segments.length) {
        state.play = null;
        then();
        return;
      }
      const segment = segments[index];
      const span = view.spans[index];
      index += 1;
      span.classList.add("now");
      if ("pause_ms" in segment) {
        pause(segment, span, current, step);
      } else {
        setState("speaking", label);
        speak(segment, span, current, step);
      }
    };
    step();
  }

  // ------------------------------------------------------------------ after an answer: as an Echo

  function listen(turn, second) {
    const waiting = { cancelled: false, timers: [] };
    state.play = waiting;
    const until = Date.now() + state.listenMs;
    const tick = () => {
      const left = until - Date.now();
      setState(second ? "listening-again" : "listening", "Listening… " + seconds(left));
      return left;
    };
    tick();
    if ($("#handsfree").checked) hear();
    const timer = setInterval(() => {
      if (waiting.cancelled) return clearInterval(timer);
      if (tick() > 0) return;
      clearInterval(timer);
      state.play = null;
      stopHearing();
      if (!second && turn.reprompt && turn.reprompt.length) {
        const view = speechEntry("alexa reprompt", turn.reprompt);
        play(view, turn.reprompt, "Alexa says the reprompt", () => listen(turn, true));
      } else {
        walkAway();
      }
    }, 100);
    waiting.timers.push(timer);
  }

  async function walkAway() {
    stopPlaying();
    stopHearing();
    if (!state.open || state.busy) return;
    state.busy = true;
    try {
      const turn = await api("end", { session: state.session, reason: "EXCEEDED_MAX_REPROMPTS" });
      const item = entry("note", "(no answer: Alexa closed the session)");
      rawJson(item, turn.exchanges);
      closed();
    } catch (error) {
      entry("note error", "(" + error.message + ")");
    } finally {
      state.busy = false;
    }
  }

  function closed() {
    state.open = false;
    drawScreen(null);
    setState("closed", "Session closed. Say “start my back routine” to begin again.");
  }

  // ------------------------------------------------------------------ a turn

  async function send(path, body, said) {
    if (state.busy || !state.session) return;
    stopPlaying();
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
    said.classList.add("sent");
    answer(turn);
  }

  function answer(turn) {
    if (turn.note) entry("note", turn.note);
    state.open = turn.session_open;
    if (turn.screen) drawScreen(turn.screen);
    else if (!turn.session_open) drawScreen(null);
    drawCard(turn.card);
    const last = turn.exchanges.length ? turn.exchanges[turn.exchanges.length - 1] : null;
    if (!last) {
      setState(state.open ? "idle" : "closed", turn.note || "Nothing was sent.");
      return;
    }
    const view = speechEntry("alexa", turn.speech);
    if (!turn.speech.length) view.item.append(document.createTextNode("(says nothing)"));
    rawJson(view.item, turn.exchanges);
    play(view, turn.speech, "Alexa is speaking", () => {
      if (turn.session_open) listen(turn, false);
      else closed();
    });
  }

  function say(text) {
    const line = text.trim();
    if (!line || state.busy) return;
    const said = entry("you", line);
    send("say", { text: line }, said);
  }

  function touch(button) {
    if (!state.open || state.busy) return;
    const said = entry("you touch", "touches " + button.label);
    send("event", { arguments: button.arguments, token: state.token, source: button.id || undefined }, said);
  }

  // ------------------------------------------------------------------ the Echo Show screen

  function drawScreen(screen) {
    const panel = $("#screen");
    const buttons = panel.querySelector(".buttons");
    buttons.replaceChildren();
    const data = screen && screen.datasource && screen.datasource.screen;
    if (!data) {
      panel.className = "off";
      panel.dataset.kind = "";
      state.token = null;
      return;
    }
    state.token = screen.token;
    panel.className = "on";
    panel.dataset.kind = data.kind || "";
    for (const field of ["routine", "exercise", "where", "text", "equipment"]) {
      panel.querySelector("." + field).textContent = data[field] || "";
    }
    panel.querySelector(".bar").style.width = /^\d{1,3}%$/.test(data.progress || "") ? data.progress : "0%";
    for (const button of screen.buttons || []) {
      const element = document.createElement("button");
      element.type = "button";
      element.textContent = button.label;
      element.dataset.arguments = JSON.stringify(button.arguments);
      element.addEventListener("click", () => touch(button));
      buttons.append(element);
    }
  }

  function drawCard(card) {
    const box = $("#card");
    if (!card || !card.title) return;
    box.hidden = false;
    box.querySelector(".title").textContent = card.title;
    box.querySelector(".content").textContent = card.content || "";
  }

  // ------------------------------------------------------------------ the microphone

  function hear() {
    if (!Recognition || state.recognizer) return;
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
        stopHearing();
        say($("#text").value);
        $("#text").value = "";
      }
    };
    recognizer.onerror = (event) => {
      if (event.error !== "no-speech" && event.error !== "aborted") {
        entry("note error", "(the microphone: " + event.error + ")");
      }
    };
    recognizer.onend = () => {
      if (state.recognizer === recognizer) stopHearing();
    };
    recognizer.start();
  }

  function stopHearing() {
    const recognizer = state.recognizer;
    state.recognizer = null;
    $("#mic").setAttribute("aria-pressed", "false");
    if (recognizer) recognizer.abort();
  }

  // ------------------------------------------------------------------ wiring

  function wire() {
    $("#say").addEventListener("submit", (event) => {
      event.preventDefault();
      say($("#text").value);
      $("#text").value = "";
    });
    const mic = $("#mic");
    if (!Recognition) {
      mic.disabled = true;
      mic.title = "This browser has no speech recognition (Web Speech API): type instead";
      $("#handsfree").disabled = true;
    }
    mic.addEventListener("click", () => {
      if (state.recognizer) return stopHearing();
      stopPlaying(); // a barge-in: Alexa stops talking
      hear();
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
})();
