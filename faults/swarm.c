/*
 * swarm.c - swarm-testing fault schedules for chaos mode (see swarm.h).
 * Faults side; the chaos campaign (harness/campaign/chaos.c) calls it per seed.
 *
 * DESIGN
 * ------
 * Generation is one pass over the catalogue, one fault at a time, each
 * with its own PRNG streams (swarm.h says why). A fault's arrivals come out
 * in increasing time, so the per-fault lists are simply concatenated and
 * then sorted by (time, catalogue position, arrival number): ties at the
 * same millisecond always resolve the same way, whatever qsort does with
 * equal keys. Each fault stops after max_injections arrivals of its own,
 * since no later one could survive the final cut; that bounds the work for
 * any duration.
 *
 * Inter-arrival gaps are exponential with the fault's mean: -mean * ln(1-u)
 * for u uniform in [0, 1), computed in double (exact to the microsecond
 * for durations far beyond the 10-year maximum) and floored to SWARM_RES_US.
 */
#include "swarm.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "core/duration.h"
#include "core/prng.h"

/* An injection while the swarm is built, with its sort key. */
struct pending {
	struct swarm_injection inj;
	size_t fault_pos;               /* catalogue position */
	size_t arrival;                 /* 0, 1, ... within its fault */
};

/* The list being built. */
struct build {
	struct pending *v;
	size_t n, cap;
};

static int cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->inj.t_us != y->inj.t_us)
		return x->inj.t_us < y->inj.t_us ? -1 : 1;
	if (x->fault_pos != y->fault_pos)
		return x->fault_pos < y->fault_pos ? -1 : 1;
	return x->arrival < y->arrival ? -1 : x->arrival > y->arrival;
}

static void params_free(struct schedule_param *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

/* A duration uniform in [lo, hi], at whole SWARM_RES_US when that range
 * holds a multiple of it (lo, hi >= 0). */
static int64_t draw_duration(struct prng *p, int64_t lo, int64_t hi)
{
	int64_t rlo = (lo + SWARM_RES_US - 1) / SWARM_RES_US, rhi = hi / SWARM_RES_US;

	if (rlo <= rhi)
		return prng_range(p, rlo, rhi) * SWARM_RES_US;
	return prng_range(p, lo, hi);
}

/* Appends key=value, both copied, to *v. */
static int param_add(struct schedule_param **v, size_t *n, const char *key, const char *value)
{
	struct schedule_param *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	*v = nv;
	nv[*n].key = strdup(key);
	nv[*n].value = strdup(value);
	if (!nv[*n].key || !nv[*n].value) {
		free(nv[*n].key);
		free(nv[*n].value);
		return -ENOMEM;
	}
	(*n)++;
	return 0;
}

/* Draws the parameters of one injection of f from its params stream. */
static int draw_params(struct prng *p, const struct fault_info *f, struct swarm_injection *inj)
{
	for (const struct fault_param *fp = f->params; fp && fp->key; fp++) {
		char value[64];
		int rc = 0;

		if (fp->kind == FAULT_PARAM_DURATION) {
			int64_t lo = fp->min_us < 0 ? 0 : fp->min_us;
			int64_t hi = fp->max_us < SWARM_DURATION_CAP_US ? fp->max_us
									: SWARM_DURATION_CAP_US;

			if (prng_below(p, 2) == 0)
				continue;       /* the fault draws its own default */
			duration_format(draw_duration(p, lo, hi > lo ? hi : lo), value, sizeof(value));
			rc = param_add(&inj->params, &inj->nparams, fp->key, value);
		} else if (fp->kind == FAULT_PARAM_PROC) {
			rc = param_add(&inj->params, &inj->nparams, fp->key,
				       prng_below(p, 2) ? "device" : "agent");
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int push(struct build *b, const struct pending *pd)
{
	if (b->n == b->cap) {
		size_t ncap = b->cap ? 2 * b->cap : 64;
		struct pending *nv = realloc(b->v, ncap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		b->v = nv;
		b->cap = ncap;
	}
	b->v[b->n++] = *pd;
	return 0;
}

/* Draws the rate and arrivals of the included fault at catalogue position
 * pos; `p` is its "swarm/<name>" stream, past the inclusion draw. */
static int draw_fault(struct build *b, struct prng *p, uint64_t seed, size_t pos,
		      int64_t duration_us, size_t max_injections, int64_t *mean_out)
{
	const struct fault_info *f = &fault_catalog()[pos];
	double lo = (double)duration_us / 50, hi = (double)duration_us / 2, mean, t = 0;
	char stream[256];
	struct prng pp;
	size_t k;

	if (lo < (double)SWARM_MIN_MEAN_US)
		lo = (double)SWARM_MIN_MEAN_US;
	if (hi < lo)
		hi = lo;
	mean = exp(log(lo) + prng_unit(p) * (log(hi) - log(lo)));
	*mean_out = (int64_t)mean;

	snprintf(stream, sizeof(stream), "swarm/%s/params", f->name);
	prng_init(&pp, seed, stream);
	for (k = 0; k < max_injections;) {
		struct pending pd = { .inj = { .fault = f->name }, .fault_pos = pos, .arrival = k };
		int rc;

		t += -mean * log1p(-prng_unit(p));
		if (t >= (double)duration_us)
			break;
		pd.inj.t_us = (int64_t)t / SWARM_RES_US * SWARM_RES_US;
		if (pd.inj.t_us <= 0)
			continue;
		rc = draw_params(&pp, f, &pd.inj);
		if (rc == 0)
			rc = push(b, &pd);
		if (rc < 0) {
			params_free(pd.inj.params, pd.inj.nparams);
			return rc;
		}
		k++;
	}
	return 0;
}

int swarm_generate(uint64_t seed, int64_t duration_us, size_t max_injections, struct swarm *out)
{
	const struct fault_info *cat = fault_catalog();
	struct build b = { 0 };
	struct prng *streams = NULL;
	unsigned char *in = NULL;
	size_t nfaults = 0, nin = 0, neligible = 0, i;
	int rc = -ENOMEM;

	memset(out, 0, sizeof(*out));
	if (duration_us < 1)
		return -EINVAL;
	while (cat[nfaults].name)
		nfaults++;
	if (nfaults == 0)
		return 0;
	streams = calloc(nfaults, sizeof(*streams));
	in = calloc(nfaults, 1);
	out->included = calloc(nfaults, sizeof(*out->included));
	out->mean_us = calloc(nfaults, sizeof(*out->mean_us));
	if (!streams || !in || !out->included || !out->mean_us)
		goto fail;

	for (i = 0; i < nfaults; i++) {
		char stream[256];

		if (!fault_in_swarm(&cat[i]))
			continue;       /* never drawn (catalog.h says why) */
		snprintf(stream, sizeof(stream), "swarm/%s", cat[i].name);
		prng_init(&streams[i], seed, stream);
		in[i] = (unsigned char)prng_below(&streams[i], 2);
		nin += in[i];
		neligible++;
	}
	if (nin == 0 && neligible > 0) {
		/* One chance in 2^neligible; a stream of its own keeps it from
		 * disturbing the per-fault draws. */
		struct prng pick;
		uint64_t k;

		prng_init(&pick, seed, "swarm/pick");
		k = prng_below(&pick, neligible);
		for (i = 0; i < nfaults; i++)
			if (fault_in_swarm(&cat[i]) && k-- == 0) {
				in[i] = 1;
				break;
			}
	}

	for (i = 0; i < nfaults; i++) {
		if (!in[i])
			continue;
		rc = draw_fault(&b, &streams[i], seed, i, duration_us, max_injections,
				&out->mean_us[out->nincluded]);
		if (rc < 0)
			goto fail;
		out->included[out->nincluded++] = cat[i].name;
	}

	if (b.n > 0)
		qsort(b.v, b.n, sizeof(*b.v), cmp_pending);
	for (i = max_injections; i < b.n; i++)
		params_free(b.v[i].inj.params, b.v[i].inj.nparams);
	if (b.n > max_injections)
		b.n = max_injections;
	if (b.n > 0) {
		out->v = malloc(b.n * sizeof(*out->v));
		if (!out->v) {
			rc = -ENOMEM;
			goto fail;
		}
	}
	for (i = 0; i < b.n; i++)
		out->v[i] = b.v[i].inj;
	out->n = b.n;
	free(b.v);
	free(in);
	free(streams);
	return 0;

fail:
	for (i = 0; i < b.n; i++)
		params_free(b.v[i].inj.params, b.v[i].inj.nparams);
	free(b.v);
	free(in);
	free(streams);
	swarm_release(out);
	return rc;
}

int swarm_to_schedule_text(const struct swarm *sw, char **text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*text = NULL;
	if (!f)
		return -ENOMEM;
	for (size_t i = 0; i < sw->n; i++) {
		const struct swarm_injection *inj = &sw->v[i];
		char t[64];

		duration_format(inj->t_us, t, sizeof(t));
		fprintf(f, "at %s %s", t, inj->fault);
		for (size_t k = 0; k < inj->nparams; k++)
			fprintf(f, " %s=%s", inj->params[k].key, inj->params[k].value);
		fputc('\n', f);
	}
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return -ENOMEM;
	}
	if (fclose(f) != 0) {
		free(buf);
		return -ENOMEM;
	}
	*text = buf;
	return 0;
}

void swarm_release(struct swarm *sw)
{
	for (size_t i = 0; i < sw->n; i++)
		params_free(sw->v[i].params, sw->v[i].nparams);
	free(sw->v);
	free(sw->included);
	free(sw->mean_us);
	memset(sw, 0, sizeof(*sw));
}
