// For bench/ only: `build.py --bench` loads this file after background/main.js; a packaged
// extension never has it. A second native port, to bench/echo_host.c registered under
// BENCH_ECHO_NAME beside the real host, so that bench/extension_round_trip.py measures the
// floor in the same browser as the real host, one check of each in turn. Its checks take
// the tab's own path (answerCheck) with only the port changed.
"use strict";

// bench/echo_host.py registers the echo host under this name.
const BENCH_ECHO_NAME = "org.personaguard.bench_echo";

const benchEcho = new HostConnection({ hello: host.hello, onPush: () => {}, onStatus: () => {},
  name: BENCH_ECHO_NAME });

CONTENT_KINDS.bench_echo_check = (message, sender) => answerCheck(benchEcho, message, sender);
globalThis.PersonaGuardBackground.echo = benchEcho;
