/*
 * sim_memcheck.c - what valgrind memcheck wrote about one child: its log
 * (valgrind.SIDE.PID.log in the run directory, sim_proc.c names it) read
 * when the child is gone, however it went. Memcheck writes each error
 * record as the error happens, so a child killed by SIGKILL still leaves
 * its invalid reads and writes there; leak records appear only after a
 * graceful exit. Only stable text leaves this file: the first error's kind
 * and the function of its top frame, never an address or the PID.
 * Harness side; sim_proc.c calls it when a process has exited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

/* The text of a log line after valgrind's "==PID== " prefix, or NULL. */
static const char *vg_body(const char *line)
{
	const char *p;

	if (strncmp(line, "==", 2) || !(p = strstr(line + 2, "== ")))
		return NULL;
	return p + 3;
}

/* A record's first line counts when it names an error memcheck fails a
 * run for: any error, and leaks of the kinds --errors-for-leak-kinds
 * names (definite, indirect). */
static int vg_counts(const char *kind)
{
	/* How the process ended (a signal's default action) and warnings
	 * are not errors: no-target-crash judges the crash. */
	if (!strncmp(kind, "Process terminating", 19) || !strncmp(kind, "Warning", 7))
		return 0;
	if (strstr(kind, " lost in loss record"))
		return strstr(kind, "definitely lost") || strstr(kind, "indirectly lost");
	return 1;
}

/* The function of a frame line ("   at 0x4848: name (file:line)"), into
 * fn; 0 when the frame is memcheck's own replacement (vgpreload), whose
 * caller is the frame worth naming. */
static int vg_frame(const char *body, char *fn, size_t n)
{
	const char *p = strstr(body, ": "), *e;

	if (!p)
		return 0;
	p += 2;
	e = strstr(p, " (");
	snprintf(fn, n, "%.*s", (int)(e ? (size_t)(e - p) : strcspn(p, "\n")), p);
	return !(e && strstr(e, "vgpreload"));
}

json_t *sim_memcheck_first(const char *run_dir, enum side sd, long pid)
{
	char path[4200], line[1024], kind[256] = "", fn[256] = "", first[256] = "";
	json_t *found = NULL;
	int in_record = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/valgrind.%s.%ld.log", run_dir, side_name[side_host(sd)],
		 pid);
	if (!(f = fopen(path, "r")))
		return NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		const char *b = vg_body(line);

		if (!b) {
			in_record = 0;
			continue;
		}
		if (!strncmp(b, "   at ", 6) || !strncmp(b, "   by ", 6)) {
			if (!in_record)
				continue;
			if (!first[0])
				vg_frame(b, first, sizeof(first));
			if (vg_frame(b, fn, sizeof(fn)))
				found = json_pack("{s:s, s:s}", "kind", kind, "at", fn);
			continue;
		}
		if (in_record && first[0]) {
			/* The record's stack ended inside memcheck's own frames. */
			found = json_pack("{s:s, s:s}", "kind", kind, "at", first);
			break;
		}
		/* A record opens with a line at the margin; indented lines
		 * ("Address 0x... is ...") belong to the record before. */
		in_record = b[0] != ' ' && b[0] != '\n' && b[0] && vg_counts(b);
		if (in_record) {
			char *cut;

			snprintf(kind, sizeof(kind), "%.*s", (int)strcspn(b, "\n"), b);
			if ((cut = strstr(kind, " in loss record")))
				*cut = '\0';
			first[0] = '\0';
		}
	}
	fclose(f);
	return found;
}
