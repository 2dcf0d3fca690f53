/*
 * html.h - writing HTML for the reports: an output stream that remembers
 * its first error, text escaping, and the page frame with its inline CSS.
 * Reports side (report.c -> run_page.c / plot.c -> html.c), not the harness.
 *
 * Two kinds of output go through here. Markup the report itself writes
 * (html_raw, html_printf) is trusted and written as is. Everything that
 * comes from a run - target names, log text, message data, invariant
 * messages, file contents - goes through html_text/html_textf, which escape
 * & < > " ' and replace control characters and invalid UTF-8, so a target
 * can never inject markup into a report.
 */
#ifndef IMPCHAOS_HTML_H
#define IMPCHAOS_HTML_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

#include "core/afile.h"

/* An output file. Writes after the first failure are dropped; the failure
 * is reported by html_close. */
struct html {
	FILE *f;
	int err;          /* first errno seen, 0 while all is well */
	struct afile af;  /* f is its temporary file, renamed to the path on close */
};

/* Opens path for writing: a temporary file that html_close() renames over
 * path when every write succeeded (core/afile.h). 0 or negative errno. */
int html_open(struct html *h, const char *path);

/* Closes the file. 0, or the negative errno of the first failed write
 * (or of fclose). Does nothing on a struct html that was never opened. */
int html_close(struct html *h);

/* Trusted markup, written as is. */
void html_raw(struct html *h, const char *s);
void html_printf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Untrusted text, escaped for element content and attribute values alike.
 * html_textn takes a byte count and may be handed any bytes. */
void html_text(struct html *h, const char *s);
void html_textn(struct html *h, const char *s, size_t n);
void html_textf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A JSON value as compact JSON text, escaped, cut to at most max bytes (on
 * a character boundary) with an ellipsis when longer. */
void html_json(struct html *h, const json_t *v, size_t max);

/* Simulated time as d+hh:mm:ss.mmm ("0+06:00:03.495"), like snprintf:
 * returns the length the full text has. */
size_t html_fmt_time(int64_t us, char *buf, size_t n);

/* Writes the doctype, head (title escaped, inline CSS) and opens <body>. */
void html_page_start(struct html *h, const char *title);

/* Closes <body> and <html>. */
void html_page_end(struct html *h);

/* Fills err for a failed report output: "out of memory", or "cannot write
 * 'PATH': REASON (choose another output directory)". Returns rc. */
int html_output_error(int rc, const char *path, char *err, size_t errlen);

#endif
