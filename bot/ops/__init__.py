"""Running Reflect: the command line, the launcher, replicas, exports, the terminal chat."""
