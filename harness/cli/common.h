/*
 * common.h - what the impchaos command files share (common.c): exit codes,
 * the program name, argument parsers. Command files include this and
 * commands.h, never each other.
 */
#ifndef IMPCHAOS_CLI_COMMON_H
#define IMPCHAOS_CLI_COMMON_H

#include <limits.h>
#include <stdint.h>

/* Exit codes, for CI: 0 every invariant held (or the command succeeded),
 * 1 an invariant failed, 2 bad usage or input, 3 the harness itself failed. */
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_INTERNAL 3

extern const char *prog;

/* Remembers the path the command was invoked by (argv[0]), for the
 * command lines it prints. */
void cli_set_invoked(const char *argv0);

/* A command line of the harness ("impchaos run ...") as the user can run
 * it from here: the leading "impchaos" becomes the path this command was
 * invoked by, shell-quoted ("./build/bin/impchaos run ..."). malloc'd,
 * the caller frees; NULL on out of memory. */
char *cli_command(const char *command);

/* Warns on stderr of each directory of $IMPCHAOS_TARGET_PATH that does
 * not exist: the commands that look targets up call it. */
void cli_check_target_path(void);

/* Whether --help or -h is among the arguments. */
int cli_wants_help(int argc, char **argv);

/* A non-negative integer seed; 0 or -EINVAL. */
int cli_parse_seed(const char *s, uint64_t *out);

/* --faults: the schedule text itself, or @FILE to read it from a file
 * (into *buf, which the caller frees; an earlier *buf is freed). 0, or
 * -ENOENT after saying on stderr which file could not be read. */
int cli_faults_arg(const char *arg, const char **faults, char **buf);

/* A memory size, "512K", "4M" or bytes, at most 1 TB; 0 or -EINVAL. */
int cli_parse_size(const char *s, long long *out);

/* The value of a memory option (opt: "--agent-memory"): 0, or -EINVAL
 * after saying on stderr what was malformed and the form expected. */
int cli_memory_opt(const char *opt, const char *arg, long long *out);

/* The longest output directory (--out, -o) accepted: room is left under
 * PATH_MAX for the files and run directories the commands put in it. */
#define CLI_MAX_OUT (PATH_MAX - 256)

/* 0 when dir fits CLI_MAX_OUT; else -ENAMETOOLONG after saying so on
 * stderr, naming the option opt ("--out"). */
int cli_check_out(const char *opt, const char *dir);

/* --start: 0 when s is a start utc_parse() takes; else -EINVAL after
 * saying on stderr what form is expected. */
int cli_check_start(const char *s);

/* The exit code of a command that failed with rc (a negative errno):
 * EXIT_INTERNAL when the machine failed (out of memory, open files or
 * processes), else EXIT_USAGE. */
int cli_exit_code(int rc);

#endif
