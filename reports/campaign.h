/*
 * campaign.h - campaign directories as report inputs. Reports side
 * (report.c -> campaign.c); not part of the public report API.
 *
 * A chaos campaign (`impchaos chaos`, harness/campaign/chaos.c) leaves a directory
 * with campaign.json and its run directories under it. A report's inputs
 * are run directories and campaign directories; campaign_expand turns them
 * into one list of run directories, remembering which campaign listed
 * each, and reads each campaign's facts into one normalized JSON object
 * (the "facts" below) that index.html and summary.json both show:
 *
 *   {"dir": "chaos-out", "version": "impchaos v0.3-2-gabc", "shard": "1/4"|null,
 *    "seeds": {"from": 1, "count": 250, "step": 4, "first": 1, "last": 997},
 *    "budget": "30m"|null, "duration": "6h"|null, "targets": [...],
 *    "runs": 750, "determinism_checks": {"runs": 37, "mismatches": 0},
 *    "uncovered": [...],                       (uncovered: when the campaign says)
 *    "could_not_run": [{"run", "why"}, ...],   (when runs could not run)
 *    "interrupted": "SIGINT",                  (when a signal stopped it)
 *    "distinct_failures": 1, "groups": [...]}  (when the campaign grouped its
 *                                              failures: campaign.json's
 *                                              groups without their members)
 *
 * "first" and "last" are the first and last seed the campaign ran (absent
 * when it ran none): shard K/N of a campaign from seed S runs S+K-1,
 * S+K-1+N, ... For --merge, the shards' facts are combined into one
 * object of the same shape, with "dirs" for "dir", "shards" (["1/4",
 * ...]) and "missing_shards" for "shard", each shard's seeds under
 * seeds.shards, seeds.every_to (every seed from seeds.from to it was run,
 * or null), determinism checks and runs added up, targets joined, and
 * uncovered the faults no shard fired, could_not_run joined, interrupted
 * naming each stopped shard. version, budget and duration are a
 * string when all shards agree, else an array of the distinct values.
 */
#ifndef IMPCHAOS_CAMPAIGN_H
#define IMPCHAOS_CAMPAIGN_H

#include <stddef.h>
#include <jansson.h>

struct report_campaign {
	char *dir;            /* owned: the directory as given */
	json_t *facts;        /* owned: normalized facts (see above) */
	json_t *raw;          /* owned: campaign.json as read */
};

/* The report's inputs once campaigns are expanded. */
struct report_inputs {
	char **dirs;          /* owned: run directories, in order */
	int *campaign;        /* per run directory: index into camps, or -1 */
	size_t ndirs;
	struct report_campaign *camps;  /* owned, in the order given */
	size_t ncamps;
	json_t *merged;       /* owned: combined facts (merge), else NULL */
};

/*
 * Expands dirs[0..n): a directory holding campaign.json is a campaign and
 * stands for the runs it lists (relative to it); any other directory is a
 * run directory, left for report.c to read. With merge, every directory
 * must be a campaign, all shards of one campaign (same shard count and
 * first seed, no shard twice), and in->merged gets their combined facts.
 * 0, or negative errno with err filled:
 *   -EINVAL  campaign.json unreadable or malformed; with merge, a directory
 *            that is not a campaign or shards of different campaigns
 *   -ENOMEM
 * Release in with campaign_inputs_release either way.
 */
int campaign_expand(struct report_inputs *in, const char *const *dirs, size_t n, int merge,
		    char *err, size_t errlen);

void campaign_inputs_release(struct report_inputs *in);

/* A facts value as display text: a string as is, an array of strings
 * joined with " / ", null or missing as fallback. Owned by the caller
 * (NULL on -ENOMEM). */
char *campaign_text(const json_t *v, const char *fallback);

#endif
