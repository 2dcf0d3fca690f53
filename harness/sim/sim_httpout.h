/*
 * sim_httpout.h - outbound HTTP from the agent: the services the scenario's
 * workload declares (target.json "workload.endpoints"). Harness side:
 * target.c validates a manifest's endpoints with this; the simulation's own
 * hooks (sim_httpout.c) are in sim_int.h.
 *
 * The format (README.md, "Writing a target"):
 *
 *   "workload": {"endpoints": [
 *     {"url": "https://api.example.com/forecast*", "method": "GET",
 *      "status": 200, "body": TEMPLATE, "headers": {"x-source": "sim"},
 *      "latency": "300ms"},
 *     ...
 *   ]}
 *
 * url       http:// or https://, no spaces; a final '*' matches any rest
 *           (a path, a query). A request takes the first endpoint that
 *           matches its method and URL.
 * method    optional: GET, POST, PUT, DELETE or PATCH; default any
 * name      optional, default "METHOD URL" (or the URL); distinct; names
 *           the endpoint's PRNG streams, so the same seed gives the same
 *           bodies and latencies
 * status    optional, 100..599, default 200
 * body      optional TEMPLATE (sim_tmpl.h), drawn for every response;
 *           default "" (a JSON string is a text body)
 * headers   optional object of string values: the response's headers
 * latency   optional, a duration or a [MIN, MAX] pair drawn uniformly for
 *           every request; default "100ms"
 */
#ifndef IMPCHAOS_SIM_HTTPOUT_H
#define IMPCHAOS_SIM_HTTPOUT_H

#include <stddef.h>
#include <jansson.h>

/* Statuses under 100 are transport errors, as on the imp, where they are
 * libcurl's error codes (the platform warns not to depend on the values). */
#define SIM_HTTPOUT_CONNECT_ERROR 0    /* no connection: undeclared, http/out/error */
#define SIM_HTTPOUT_TIMEOUT 28         /* libcurl's CURLE_OPERATION_TIMEDOUT */

/* Checks a workload object's "endpoints" (absent is fine). 0, or -EINVAL
 * with err saying which endpoint is wrong, how, and what is expected. */
int sim_httpout_check_workload(const json_t *workload, char *err, size_t errlen);

/* 1 when the workload declares at least one endpoint (the http/out faults
 * need one to act on). */
int sim_httpout_has_endpoints(const json_t *workload);

#endif
