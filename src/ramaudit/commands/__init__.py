"""One thin module per command: parse the arguments, call the library, pick a
renderer, set the exit code. No analysis happens here; heavy modules are imported
inside the command functions so that start-up stays fast."""
