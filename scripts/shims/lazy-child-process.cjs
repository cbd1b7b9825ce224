// commander requires node:child_process at start-up for executable subcommands, which costopt
// does not use; loading it (with net and stream) costs ~10 ms. In the bundle commander gets
// this lazy stand-in: the real module is loaded on first use, if ever.
let real;
module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      real ??= require('node:child_process');
      return real[key];
    },
  },
);
