#!/usr/bin/env node
/*
 * understand.js: an independent understanding check. virtual-alexa (bespoken, 0.7.8)
 * resolves each phrase against an interaction model and calls the skill over HTTP; we
 * record the intent and slots it put in the request it sent, and what the skill said.
 *
 *   node understand.js job.json      (or: node understand.js < job.json, or "-")
 *
 * The job: {"model": "<interaction model json>", "url": "http://127.0.0.1:PORT/",
 *           "conversations": [{"setup": ["start my back routine", "skip"], "phrase": "..."}]}
 * Optional: "skillId" (default amzn1.ask.skill.virtual-alexa-check), "locale" (en-US),
 * "concurrency" (4), "rawUtter" (false; see the launch quirk below), "responses" (false:
 * true adds each turn's whole response envelope), and per conversation "userId".
 * A conversation without "phrase" reports its last turn. Prints one JSON line per
 * conversation, in order: {index, phrase, ok, request_type, intent, slots: {name: {value,
 * status, id, name}}, speech, no_match, launch_quirk, setup_no_match: [setup lines that
 * matched no sample], error, turns: [...]}. Exit 0 if the job could be read and the
 * skill reached, else 2.
 *
 * What virtual-alexa 0.7.8 does (read from its source and tried against the skill):
 * - Matching is a whole-phrase, case-insensitive regex per sample, after stripping
 *   punctuation other than apostrophes ("whats" does not match a "what's" sample). No
 *   filler words, no near matches; the best match is the one with the most literal
 *   characters. Samples are used as regex source unescaped.
 * - No sample matches: utter() throws "Unable to match utterance: ... to an intent" and
 *   sends nothing; it never produces AMAZON.FallbackIntent. Here that is no_match: true,
 *   and (as Alexa would) we then send AMAZON.FallbackIntent ourselves if the model has
 *   it, so the skill's answer is still recorded; "intent" is then AMAZON.FallbackIntent.
 * - Custom slot types: a value must equal a value's name or a synonym exactly (case
 *   aside); otherwise that sample does not match at all, so "how do I do the plank"
 *   is a no-match, not HowToIntent with ER_SUCCESS_NO_MATCH as on Alexa. A matched value
 *   gets resolutions with ER_SUCCESS_MATCH (id, name) under the authority
 *   amzn1.er-authority.echo-sdk.<applicationId>.<TYPE>; ER_SUCCESS_NO_MATCH appears only
 *   for slots set by hand (intend()). The raw words are the slot's value.
 * - Built-in slot types: AMAZON.NUMBER takes digits or the words one to twenty and sends
 *   them as said ("nine", not "9" as Alexa does; "zero" does not match at all). Other
 *   AMAZON.* types (AMAZON.TIME) are untyped: any words match ("remind me at banana"),
 *   sent raw ("8 am", not "08:00"). A slot can capture the empty string ("my pain is").
 * - Built-in intents: only those the model declares, plus, because the model has
 *   PauseIntent and ResumeIntent, all the AudioPlayer intents (ShuffleOn/Off, LoopOn/Off
 *   ...: "shuffle" becomes AMAZON.ShuffleOnIntent, which this skill's model lacks). Each
 *   knows two or three standard phrasings (Next: next, skip, skip forward; Yes: yes, yes
 *   please, sure; Previous: go back, previous, skip back, back up; NavigateHome: home, go
 *   home ...) added to the model's own samples. "okay done", "yeah" etc. match only if
 *   the model lists them.
 * - The wake word: a line that starts with "Alexa" ("Alexa, which side is this", said
 *   over a set being led) is matched without it, as a device sends Alexa only what
 *   follows the wake word; virtual-alexa itself would match "alexa" as a word of the line.
 *   Said at the end ("thanks Alexa") it is left in.
 * - Launch quirk: utter() treats any phrase containing ask, open, launch, tell or
 *   "talk to" ANYWHERE (unanchored regex, so also "basket", "tell me more", "can you tell
 *   me how") as a LaunchRequest, mid-session too; one that starts with such a word and
 *   has " to " in it is cut to the words after " to ". By default we
 *   bypass that: the phrase is matched with virtual-core's Utterance on the same model
 *   and sent through virtual-alexa as utter() would; launch_quirk: true marks phrases
 *   utter() would have misread. "rawUtter": true uses utter() as is. A line that is only
 *   a launch of the skill ("start my back routine", "alexa, open my back routine") is a
 *   launch: the first one right after launch() is that launch; a later one ends the
 *   session and launches again.
 * - The request filter (filter()) is called with the very object about to be sent, just
 *   before each HTTP POST; we record a deep copy.
 * - Skill id: context.System.application.applicationId and session.application are a
 *   random amzn1.echo-sdk-ams.app.<uuid> per VirtualAlexa unless the builder's
 *   applicationID() sets it; we set "skillId", so start the service with a matching
 *   SKILL_ID (and BACK_ROUTINE_VERIFY=0: requests are not signed).
 * - User and session: a fresh VirtualAlexa has a random amzn1.ask.account.<uuid> user
 *   (so each conversation is a first-time user; "userId" fixes it), no deviceId, no
 *   apiAccessToken, and AudioPlayer among supportedInterfaces (context.AudioPlayer IDLE).
 *   session.new is true on the first request of a session; the response's
 *   sessionAttributes become the next request's session.attributes (a LaunchRequest
 *   carries none). shouldEndSession true ends the session; a missing one keeps it open.
 *   The next line after an ended session opens a new session with an IntentRequest
 *   (new: true), not a LaunchRequest. utter("exit") sends SessionEndedRequest.
 */
"use strict";

process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1"; // aws-sdk v2 nags on require

const fs = require("fs");
const path = require("path");
const { VirtualAlexa } = require("virtual-alexa");
// virtual-core is virtual-alexa's own matcher; resolve it from there, hoisted or not.
const { Utterance } = require(require.resolve("virtual-core", {
  paths: [path.dirname(require.resolve("virtual-alexa"))],
}));

const DEFAULT_SKILL_ID = "amzn1.ask.skill.virtual-alexa-check";
const FALLBACK = "AMAZON.FallbackIntent";
const LAUNCH_VERBS = "open|start|launch|begin|load|run|play";

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

function readJob(argv) {
  const source = argv[2] && argv[2] !== "-" ? argv[2] : 0; // 0: stdin
  const job = JSON.parse(fs.readFileSync(source, "utf8"));
  for (const key of ["model", "url", "conversations"]) {
    if (!job[key]) throw new Error(`the job has no "${key}"`);
  }
  return job;
}

function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// "Alexa, pause": the wake word wakes the device, which sends Alexa only what follows it
// (so a person can interrupt a set being led). virtual-alexa would match it as a word.
const WAKE_WORD = /^\s*alexa\b[\s,.!?]*/i;

function withoutWakeWord(line) {
  const rest = line.replace(WAKE_WORD, "");
  return rest.trim() ? rest : line;
}

function speechOf(response) {
  const out = response && response.response && response.response.outputSpeech;
  if (!out) return "";
  if (out.type === "PlainText") return out.text || "";
  return String(out.ssml || "")
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

function slotsOf(request) {
  const intent = request && request.request && request.request.intent;
  const slots = {};
  if (!intent || !intent.slots) return slots;
  for (const [name, slot] of Object.entries(intent.slots)) {
    if (slot.value === undefined || slot.value === null) continue; // declared, not filled
    const entry = { value: slot.value, status: null, id: null, name: null };
    const authorities = (slot.resolutions && slot.resolutions.resolutionsPerAuthority) || [];
    if (authorities.length) {
      entry.status = authorities[0].status && authorities[0].status.code;
      const first = authorities[0].values && authorities[0].values[0];
      if (first) Object.assign(entry, { id: first.value.id, name: first.value.name });
    }
    slots[name] = entry;
  }
  return slots;
}

class Conversation {
  constructor(job, model, item) {
    const builder = VirtualAlexa.Builder()
      .interactionModel(clone(model)) // fromJSON annotates the intents it is given
      .skillURL(job.url)
      .applicationID(job.skillId || DEFAULT_SKILL_ID)
      .locale(job.locale || "en-US");
    this.alexa = builder.create();
    if (item.userId) this.alexa.context().user().setID(item.userId);
    this.job = job;
    this.sent = null;
    this.turns = [];
    this.alexa.filter((request) => { this.sent = clone(request); });
    const name = model.interactionModel.languageModel.invocationName;
    this.launchLine = new RegExp(`^(?:${LAUNCH_VERBS})\\s+${escapeRegex(name)}\\s*[.!]?$`, "i"); // wake word left out
  }

  model() {
    return this.alexa.context().interactionModel();
  }

  async send(line, action, extra) {
    this.sent = null;
    const response = clone(await action());
    const request = this.sent;
    const turn = {
      line,
      request_type: request ? request.request.type : null,
      intent: request && request.request.intent ? request.request.intent.name : null,
      slots: slotsOf(request),
      session_new: request && request.session ? request.session.new : null,
      speech: speechOf(response),
      end_session: Boolean(response && response.response && response.response.shouldEndSession),
      no_match: false,
      launch_quirk: false,
      ...extra,
    };
    if (this.job.responses) turn.response = response;
    this.turns.push(turn);
    return turn;
  }

  async launch(line) {
    if (this.alexa.context().activeSession() && this.turns.length) {
      await this.alexa.endSession(); // "Alexa, open ..." mid-session closes that session first
    }
    return this.send(line, () => this.alexa.launch());
  }

  async say(line) {
    const heard = withoutWakeWord(line);
    if (this.launchLine.test(heard.trim())) {
      const onlyLaunched = this.turns.length === 1 && this.turns[0].line === null;
      if (onlyLaunched) {
        this.turns[0].line = line; // the launch this conversation began with
        return this.turns[0];
      }
      return this.launch(line);
    }
    const quirk = this.alexa.parseLaunchRequest(heard) !== undefined;
    if (this.job.rawUtter) {
      try {
        return await this.send(line, () => this.alexa.utter(heard), { launch_quirk: quirk });
      } catch (error) {
        if (!/Unable to match utterance/.test(String(error))) throw error;
        return this.fallback(line, quirk);
      }
    }
    const utterance = new Utterance(this.model(), heard);
    if (!utterance.matched()) return this.fallback(line, quirk);
    // What utter() does once it has decided the line is not a launch.
    const send = () => this.alexa.request().intent(utterance.intent()).slots(utterance.toJSON()).send();
    return this.send(line, send, { launch_quirk: quirk });
  }

  async fallback(line, quirk) {
    const extra = { no_match: true, launch_quirk: quirk };
    if (!this.model().hasIntent(FALLBACK)) {
      const turn = { line, request_type: null, intent: null, slots: {}, speech: "", end_session: false, ...extra };
      this.turns.push(turn);
      return turn;
    }
    return this.send(line, () => this.alexa.request().intent(FALLBACK).send(), extra);
  }
}

async function converse(job, model, item, index) {
  const setup = item.setup || [];
  const result = { index, phrase: item.phrase === undefined ? null : item.phrase, setup, ok: false };
  const conversation = new Conversation(job, model, item);
  let stage = "launch";
  try {
    let last = await conversation.send(null, () => conversation.alexa.launch());
    const setupMisses = [];
    for (const line of setup) {
      stage = `setup line ${JSON.stringify(line)}`;
      last = await conversation.say(line);
      if (last.no_match) setupMisses.push(line);
    }
    if (item.phrase !== undefined && item.phrase !== null) {
      stage = "the phrase";
      last = await conversation.say(item.phrase);
    }
    const { line: _line, response: _response, ...fields } = last;
    Object.assign(result, fields, { ok: true, setup_no_match: setupMisses, error: null });
  } catch (error) {
    result.error = `${stage}: ${error && error.message ? error.message : String(error)}`;
  }
  result.turns = conversation.turns;
  return result;
}

async function main() {
  const job = readJob(process.argv);
  const model = JSON.parse(fs.readFileSync(job.model, "utf8")); // fresh every run
  const items = job.conversations;
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await converse(job, model, items[index], index);
    }
  };
  const width = Math.max(1, Math.min(Number(job.concurrency) || 4, items.length));
  await Promise.all(Array.from({ length: width }, worker));
  for (const result of results) process.stdout.write(JSON.stringify(result) + "\n");
  // Every conversation failing to launch means the skill was not reached at all.
  const unreachable = results.length > 0 && results.every((r) => !r.ok && /^launch:/.test(r.error || ""));
  return unreachable ? 2 : 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`understand.js: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 2;
  },
);
