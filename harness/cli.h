/*
 * cli.h - what the impchaos command's files share (cli.c holds main() and
 * the single-run commands, cli_campaign.c the campaign commands).
 */
#ifndef IMPCHAOS_CLI_H
#define IMPCHAOS_CLI_H

#include <stdint.h>

/* Exit codes, for CI: 0 every invariant held (or the command succeeded),
 * 1 an invariant failed, 2 bad usage or input, 3 the harness itself failed. */
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_INTERNAL 3

extern const char *prog;

/* Whether --help or -h is among the arguments. */
int cli_wants_help(int argc, char **argv);

/* A non-negative integer seed; 0 or -EINVAL. */
int cli_parse_seed(const char *s, uint64_t *out);

/* --faults: the schedule text itself, or @FILE to read it from a file
 * (into *buf, which the caller frees; an earlier *buf is freed). 0, or
 * -ENOENT after saying on stderr which file could not be read. */
int cli_faults_arg(const char *arg, const char **faults, char **buf);

int cmd_sweep(int argc, char **argv);
int cmd_chaos(int argc, char **argv);
int cmd_shrink(int argc, char **argv);

#endif
