// chalk's own terminal detection, replaced in the bundle: costopt decides colour itself
// (--no-color, NO_COLOR, FORCE_COLOR, TTY) and always passes chalk an explicit level, so the
// detection (which loads node:tty and node:os, ~8 ms of start-up) is never needed.
export default { stdout: false, stderr: false };
