/*
 * sim_tmpl.h - workload templates: JSON with generators, drawn from a PRNG
 * stream. Harness side; the workload's inbound request streams
 * (sim_http.c) and outbound endpoints (sim_httpout.c) use them, so both
 * read the same way.
 *
 * A TEMPLATE is JSON, copied as it is, except an object with a single
 * "$"-key, which is drawn afresh each time:
 *   {"$pick": [T, ...]}    one of the templates
 *   {"$int": [MIN, MAX]}   an integer, both ends included
 *   {"$real": [MIN, MAX]}  a number in [MIN, MAX)
 *   {"$string": N}         N random characters from [a-z0-9], 1 <= N <= 1024
 */
#ifndef IMPCHAOS_SIM_TMPL_H
#define IMPCHAOS_SIM_TMPL_H

#include <stddef.h>
#include <jansson.h>

#include "core/prng.h"

/* Checks template t; `where` names it in messages ("body.pw"). 0, or
 * -EINVAL with err saying "WHERE: what is wrong, e.g. ...". */
int sim_tmpl_check(const json_t *t, const char *where, char *err, size_t errlen);

/* A new value drawn from template t (checked) with p. */
json_t *sim_tmpl_draw(const json_t *t, struct prng *p);

#endif
