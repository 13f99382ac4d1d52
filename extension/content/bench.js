// Counters and diagnostics for bench/ only: `build.py --bench` loads this file just before
// content/main.js (browser/session.launch(bench=True)); a packaged extension never has it.
// main.js times its mutation batches and refreshes, chip.js its placements, through
// PG.benchTimed when it is here.
"use strict";

(() => {
  const PG = (globalThis.PersonaGuard = globalThis.PersonaGuard || {});
  const cost = { batches: 0, batchMsTotal: 0, batchMsMax: 0, batchesOver1ms: 0, refreshes: 0, refreshMsMax: 0,
    places: 0 };
  const samples = { batch: [], refresh: [], place: [] }; // bounded: kept for bench/ percentiles
  const record = {
    batch(spent) {
      cost.batches += 1;
      cost.batchMsTotal += spent;
      cost.batchMsMax = Math.max(cost.batchMsMax, spent);
      if (spent > 1) cost.batchesOver1ms += 1;
      if (samples.batch.length < 50000) samples.batch.push(spent);
    },
    refresh(took) {
      cost.refreshes += 1;
      cost.refreshMsMax = Math.max(cost.refreshMsMax, took);
      if (samples.refresh.length < 50000) samples.refresh.push(took);
    },
    place(took) {
      cost.places += 1;
      if (samples.place.length < 50000) samples.place.push(took);
    },
  };

  PG.benchTimed = (kind, work) => (...args) => {
    const started = performance.now();
    try {
      return work(...args);
    } finally {
      record[kind](performance.now() - started);
    }
  };

  // Added to the answer of the background's `probe`.
  PG.benchProbe = (message) => ({ mutations: message.samples ? { ...cost, samples } : { ...cost } });

  // More messages from the background, given what they need from main.js.
  PG.benchHandlers = ({ adapter, channel, send }) => {
    // The composer's current request, and the same with the draft made new by `i`.
    const composerRequest = () => {
      const composer = document.querySelector(adapter.entry.composer);
      return adapter.request(composer, adapter.submitFor(composer));
    };
    const withDraft = (base, i) => ({ ...base, draft: { text: `${base.draft.text} ${i}` } });
    return {
      // `n` checks of the composer's current request, each with a fresh draft so none is
      // answered from the cache; returns each round trip in ms.
      async measure_round_trip(message) {
        const base = composerRequest();
        const times = [];
        for (let i = 0; i < message.n; i++) {
          const request = withDraft(base, i);
          const started = performance.now();
          const answer = await channel.check(request);
          times.push(performance.now() - started);
          if (!answer.verdict) return { error: answer.error, times };
        }
        return { times, decision: (await channel.check(base)).verdict.decision };
      },
      // The same, one check to the real host and one to the echo host (background/bench.js)
      // in turn, the first of each pair alternating: both meet the same browser, the same
      // scheduler and the same moment. Returns each one's round trips in ms.
      async measure_interleaved(message) {
        const base = composerRequest();
        const echo = (request) => send({ kind: "bench_echo_check", request });
        const times = { real: [], echo: [] };
        for (let i = 0; i < message.n; i++) {
          const request = withDraft(base, i);
          const order = i % 2 ? ["echo", "real"] : ["real", "echo"];
          for (const which of order) {
            const started = performance.now();
            const answer = await (which === "real" ? channel.check(request) : echo(request));
            times[which].push(performance.now() - started);
            if (!answer || answer.error) return { error: `${which}: ${answer ? answer.error : "no answer"}`, times };
          }
        }
        return times;
      },
    };
  };
})();
