/*
 * sim_http.h - HTTP requests to the agent, as the scenario's workload
 * describes them (target.json "workload.http"). Harness side: target.c
 * validates a manifest's streams with this; the simulation's own hooks
 * (sim_http.c) are in sim_int.h.
 *
 * The format (README.md, "Writing a target"):
 *
 *   "workload": {"http": [
 *     {"name": "set", "method": "POST", "path": "/credentials",
 *      "every": "2h", "jitter": "30m", "start": "10m",
 *      "query": TEMPLATE, "body": TEMPLATE},
 *     ...
 *   ]}
 *
 * name      optional, default "METHOD PATH"; distinct; names the stream's
 *           PRNG streams, so the same seed gives the same requests
 * method    GET, POST, PUT, DELETE or PATCH
 * path      starts with '/', no '?' (query parameters go in "query")
 * every     the mean gap between requests, a duration of at least 1s
 * jitter    optional, each gap is every +- jitter (uniform), jitter <= every
 * start     optional, the first request's time; default a seeded point in
 *           the first period
 * query     optional, an object TEMPLATE; body optional, any TEMPLATE
 *
 * A TEMPLATE is JSON, copied as it is, except an object with a single
 * "$"-key, which is drawn from the stream's PRNG for every request:
 *   {"$pick": [T, ...]}    one of the templates
 *   {"$int": [MIN, MAX]}   an integer, both ends included
 *   {"$real": [MIN, MAX]}  a number in [MIN, MAX)
 *   {"$string": N}         N random characters from [a-z0-9], 1 <= N <= 1024
 */
#ifndef IMPCHAOS_SIM_HTTP_H
#define IMPCHAOS_SIM_HTTP_H

#include <stddef.h>
#include <jansson.h>

/* The simulated client's timeout: a request not answered within it gets
 * 504, as does one whose held response died with its agent instance. */
#define SIM_HTTP_TIMEOUT_US (60LL * 1000000)

/* Checks a workload object's "http" streams (absent is fine). 0, or
 * -EINVAL with err saying which stream is wrong, how, and what is
 * expected. */
int sim_http_check_workload(const json_t *workload, char *err, size_t errlen);

#endif
