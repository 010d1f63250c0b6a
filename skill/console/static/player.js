// Plays one answer of the voice console: its words with the browser's own voice
// (speechSynthesis), or for their time at Alexa's pace when there is no voice, and its
// pauses in real time with a countdown. Also the Echo's listening windows (a countdown,
// then what comes next). One thing plays at a time; stop() ends it at once.

export function seconds(ms) {
  const left = Math.max(0, ms);
  return (left % 1000 === 0 ? String(left / 1000) : (left / 1000).toFixed(1)) + " s";
}

function englishVoice(voices) {
  return voices.find((v) => v.lang === "en-US" && v.localService)
    || voices.find((v) => v.lang === "en-US") || voices.find((v) => /^en\b/.test(v.lang)) || null;
}

export class Player {
  // synth: window.speechSynthesis or null; voiceOn(): whether to speak; textRate: how many
  // times faster unspoken words go; status(name, text): what is happening now.
  constructor({ synth, voiceOn, textRate, status }) {
    this.synth = synth;
    this.voiceOn = voiceOn;
    this.textRate = textRate;
    this.status = status;
    this.current = null; // {cancelled, timers}
  }

  get busy() {
    return this.current !== null;
  }

  stop() {
    if (this.current) {
      this.current.cancelled = true;
      this.current.timers.forEach((timer) => clearTimeout(timer) || clearInterval(timer));
      this.current = null;
    }
    if (this.synth) this.synth.cancel();
    document.querySelectorAll(".now").forEach((span) => span.classList.remove("now"));
  }

  begin() {
    this.stop();
    this.current = { cancelled: false, timers: [] };
    return this.current;
  }

  // Count down ms, calling tick(left) as it goes, then then().
  countdown(run, ms, tick, then) {
    const until = Date.now() + ms;
    tick(ms);
    const timer = setInterval(() => {
      if (run.cancelled) return clearInterval(timer);
      const left = until - Date.now();
      tick(left);
      if (left <= 0) {
        clearInterval(timer);
        then();
      }
    }, 100);
    run.timers.push(timer);
  }

  // A listening window: a countdown of ms, then then() (unless stopped first).
  wait(ms, tick, then) {
    const run = this.begin();
    this.countdown(run, ms, tick, () => {
      this.current = null;
      then();
    });
  }

  speak(run, segment, next) {
    let done = false;
    const finish = () => {
      if (done || run.cancelled) return;
      done = true;
      next();
    };
    const voices = this.synth ? this.synth.getVoices() : [];
    if (this.voiceOn() && voices.length) {
      this.status("speaking", "Alexa is speaking");
      const utterance = new SpeechSynthesisUtterance(segment.text);
      utterance.lang = "en-US";
      utterance.voice = englishVoice(voices);
      utterance.onend = finish;
      utterance.onerror = () => run.timers.push(setTimeout(finish, segment.ms / this.textRate));
      this.synth.speak(utterance);
      // Some engines never say they have finished: go on after twice the words' time.
      run.timers.push(setTimeout(finish, 2 * segment.ms + 2000));
    } else {
      this.status("speaking", "Alexa is speaking (shown, not heard)");
      run.timers.push(setTimeout(finish, segment.ms / this.textRate));
    }
  }

  // Play segments ({text, ms} or {pause_ms}), marking spans[i] while segment i plays.
  play(spans, segments, then) {
    const run = this.begin();
    let index = 0;
    const step = () => {
      if (run.cancelled) return;
      spans.forEach((span) => span.classList.remove("now"));
      if (index >= segments.length) {
        this.current = null;
        then();
        return;
      }
      const segment = segments[index];
      const span = spans[index];
      index += 1;
      span.classList.add("now");
      if ("pause_ms" in segment) {
        this.countdown(run, segment.pause_ms, (left) => {
          span.textContent = "pause " + seconds(left);
          this.status("pause", "Pause: " + seconds(left));
        }, () => {
          span.textContent = "pause " + seconds(segment.pause_ms);
          step();
        });
      } else {
        this.speak(run, segment, step);
      }
    };
    step();
  }
}
