/*
 * door_counter/robust/agent.c - target agent code (runs in imp-agent under
 * the harness) that handles server_save() errors: it publishes only a count
 * that is stored, keeps what it could not store, and retries the save every
 * 5 seconds until the store takes it. A restart at any moment then resumes
 * from a count at least as high as any count it published.
 */
#include <impchaos/agent.h>

static double stored;     /* the count the store holds */
static double pending;    /* openings counted but not yet stored */
static imp_timer *retry;

static void try_save(void *ud)
{
	double total = stored + pending;
	json_t *table = json_pack("{s:f}", "count", total);
	int rc = server_save(table);

	(void)ud;
	json_decref(table);
	retry = NULL;
	if (rc != 0) {
		server_error("server_save failed (%d); %g openings kept, retrying in 5 s", rc, pending);
		retry = imp_wakeup(5, try_save, NULL);
		return;
	}
	stored = total;
	pending = 0;
	impchaos_observe("count", stored);
}

static void on_openings(json_t *data, void *ud)
{
	(void)ud;
	pending += json_number_value(json_object_get(data, "openings"));
	/* A retry already scheduled will store these openings too. */
	if (!retry)
		try_save(NULL);
}

void agent_main(void)
{
	json_t *saved = server_load();

	stored = json_number_value(json_object_get(saved, "count"));
	json_decref(saved);
	device_on("openings", on_openings, NULL);
}
