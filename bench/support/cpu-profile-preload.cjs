// Loaded into each service by bench/profile.mjs (NODE_OPTIONS=--require …): SIGUSR2 starts V8's
// sampling profiler, the next SIGUSR2 stops it and writes <LFC_PROFILE_DIR>/<service>-<pid>.cpuprofile
// (open it in Chrome DevTools' Performance panel, or read bench/profile.mjs's summary). Start-up and
// warm-up stay out of the profile, which --cpu-prof (not allowed in NODE_OPTIONS anyway) would not do.
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new inspector.Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 250 });
    session.post('Profiler.start');
    return;
  }
  running = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const service = (process.argv[1] ?? 'node').split('/').at(-3) ?? 'node';
    writeFileSync(
      join(process.env.LFC_PROFILE_DIR ?? '.', `${service}-${process.pid}.cpuprofile`),
      JSON.stringify(result.profile),
    );
  });
});
