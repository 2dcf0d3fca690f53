/*
 * commands.h - the impchaos subcommands, one entry point each, called by
 * main.c with argv[0] the command's name. Each returns the exit code.
 */
#ifndef IMPCHAOS_CLI_COMMANDS_H
#define IMPCHAOS_CLI_COMMANDS_H

/* run_cmd.c */
int cmd_run(int argc, char **argv);
int cmd_replay(int argc, char **argv);

/* campaign_cmd.c */
int cmd_sweep(int argc, char **argv);
int cmd_chaos(int argc, char **argv);
int cmd_shrink(int argc, char **argv);

/* report_cmd.c */
int cmd_report(int argc, char **argv);

/* sq_cmd.c */
int cmd_sq(int argc, char **argv);

/* catalog_cmd.c */
int cmd_targets(int argc, char **argv);
int cmd_faults(int argc, char **argv);
int cmd_invariants(int argc, char **argv);

#endif
