/*
 * big_frames/agent.c - test-only agent (suites/targets/robustness, runs in
 * imp-agent) whose handler saves a 5 MB and a 1 MB table, sends a 100 MB
 * message, and logs, sends and observes names with bytes that are not
 * UTF-8. The host must return or report each as an error and stay alive.
 */
#include <stdlib.h>
#include <string.h>

#include <impchaos/agent.h>

static json_t *big_string(size_t n)
{
	char *s = malloc(n + 1);
	json_t *j;

	if (!s)
		return NULL;
	memset(s, 'x', n);
	s[n] = '\0';
	j = json_string(s);
	free(s);
	return j;
}

static void attack(void *ud)
{
	json_t *t;

	(void)ud;
	t = json_pack("{s:o}", "blob", big_string(5u << 20));
	impchaos_observe("save-5mb", server_save(t));
	json_decref(t);
	t = json_pack("{s:o}", "blob", big_string(1u << 20));
	impchaos_observe("save-1mb", server_save(t));
	json_decref(t);
	t = big_string(100u << 20);
	device_send("huge", t);
	json_decref(t);
	server_log("bad \xff\xfe byte");
	device_send("na\xffme", NULL);
	impchaos_observe("ob\xc3", 1);
	impchaos_observe("alive", 1);
}

void agent_main(void)
{
	imp_wakeup(10, attack, NULL);
}
