/*
 * catalog_cmd.c - the catalogue commands: `impchaos targets`, `faults` and
 * `invariants` list what a scenario can name.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "checks/check.h"
#include "commands.h"
#include "common.h"
#include "faults/catalog.h"
#include "sim/target.h"

int cmd_targets(int argc, char **argv)
{
	json_t *list, *item;
	size_t i;

	(void)argv;
	if (cli_wants_help(argc, argv)) {
		printf("usage: impchaos targets\nLists the targets on the search path "
		       "($IMPCHAOS_TARGET_PATH, then %s).\n", impchaos_examples_dir());
		return 0;
	}
	cli_check_target_path();
	list = target_list();
	if (json_array_size(list) == 0)
		fprintf(stderr, "%s: no targets found in $IMPCHAOS_TARGET_PATH or %s (run "
			"'make')\n", prog, impchaos_examples_dir());
	json_array_foreach(list, i, item) {
		const char *e = json_string_value(json_object_get(item, "error"));

		printf("%-28s %s%s\n", json_string_value(json_object_get(item, "target")),
		       e ? "BROKEN MANIFEST: " : "",
		       e ? e : json_string_value(json_object_get(item, "description")));
	}
	json_decref(list);
	return 0;
}

int cmd_faults(int argc, char **argv)
{
	const struct fault_info *f;
	const struct fault_param *p;

	if (cli_wants_help(argc, argv)) {
		printf("usage: impchaos faults\nLists every fault with its parameters. Schedule "
		       "syntax: 'at DURATION FAULT [key=value ...]' or 'every DURATION FAULT ...',\n"
		       "separated by ';' or newlines, '#' comments.\n");
		return 0;
	}
	for (f = fault_catalog(); f->name; f++) {
		printf("%s\n    %s\n    mechanism: %s\n", f->name, f->desc, f->mechanism);
		if (!fault_in_swarm(f))
			printf("    chaos: never drawn by swarms (use it in explicit schedules)\n");
		for (p = f->params; p->key; p++)
			printf("    %s=%s  %s\n", p->key,
			       p->kind == FAULT_PARAM_DURATION ? "DURATION" :
			       p->kind == FAULT_PARAM_COUNT ? "N" :
			       p->kind == FAULT_PARAM_ERRNO ? "ERRNO" :
			       p->kind == FAULT_PARAM_CHOICE ? p->choices : "agent|device", p->desc);
	}
	printf("\nerrno names: %s\n", fault_errno_names());
	printf("schedule: 'at 6h agent/restart; every 12h device/disconnect for=20m;\n"
	       "           at 3h agent/store/write errno=ENOSPC count=5'\n");
	return 0;
}

int cmd_invariants(int argc, char **argv)
{
	const struct check_info *c;

	if (cli_wants_help(argc, argv)) {
		printf("usage: impchaos invariants\nLists the invariants 'run --check' accepts.\n");
		return 0;
	}
	for (c = check_catalog(); c->name; c++)
		printf("%-34s %s\n", c->usage, c->desc);
	return 0;
}
