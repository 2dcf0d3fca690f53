/*
 * html.c - writing HTML for the reports: output stream, escaping, page
 * frame. Reports side (report.c -> run_page.c / plot.c -> html.c).
 *
 * DESIGN
 * ------
 * Every write goes through one FILE with a large buffer; the first failure
 * is remembered in h->err and later writes are dropped, so callers write a
 * whole page without checking each call and learn the outcome from
 * html_close(). The FILE is a temporary file (core/afile.h) that
 * html_close() renames over the page only when all of it was written, so a
 * full disk never leaves a truncated page. Escaping is done byte by byte with runs of safe bytes handed
 * to fwrite in one piece. Text is also made valid UTF-8 on the way out:
 * child logs are raw bytes, and a browser given a stray byte may guess
 * another encoding for the whole page.
 */
#include "html.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Large pages (tens of thousands of table cells) are written in few
 * syscalls. */
#define HTML_BUFSIZE (256 * 1024)

/* U+FFFD REPLACEMENT CHARACTER, for control characters and invalid UTF-8. */
static const char replacement[] = "\xEF\xBF\xBD";

int html_open(struct html *h, const char *path)
{
	h->err = 0;
	h->f = afile_open(&h->af, path);
	if (!h->f)
		return -errno;
	setvbuf(h->f, NULL, _IOFBF, HTML_BUFSIZE);
	return 0;
}

int html_close(struct html *h)
{
	int err;

	if (!h->f)
		return 0;
	if (h->err) {
		afile_abort(&h->af);
	} else {
		int rc = afile_commit(&h->af);

		h->err = -rc;
	}
	h->f = NULL;
	err = h->err;
	h->err = 0;
	return -err;
}

static void put(struct html *h, const char *s, size_t n)
{
	if (h->err || n == 0)
		return;
	if (fwrite(s, 1, n, h->f) != n)
		h->err = errno ? errno : EIO;
}

void html_raw(struct html *h, const char *s)
{
	put(h, s, strlen(s));
}

void html_printf(struct html *h, const char *fmt, ...)
{
	va_list ap;

	if (h->err)
		return;
	va_start(ap, fmt);
	if (vfprintf(h->f, fmt, ap) < 0)
		h->err = errno ? errno : EIO;
	va_end(ap);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when the
 * bytes there are not one: bad lead byte, missing continuation, overlong
 * form, surrogate or a code point past U+10FFFF. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

void html_textn(struct html *h, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;

	while (i < n) {
		const char *rep = NULL;
		size_t len = 1;

		switch (p[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\t': case '\n': case '\r': break;
		default:
			if (p[i] < 0x20 || p[i] == 0x7F)
				rep = replacement;
			else if (p[i] >= 0x80 && (len = utf8_len(p + i, n - i)) == 0)
				rep = replacement, len = 1;
		}
		if (rep) {
			put(h, s + run, i - run);
			html_raw(h, rep);
			i += len;
			run = i;
		} else {
			i += len;
		}
	}
	put(h, s + run, i - run);
}

void html_text(struct html *h, const char *s)
{
	if (s)
		html_textn(h, s, strlen(s));
}

void html_textf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (!h->err)
			h->err = ENOMEM;
		return;
	}
	html_textn(h, s, (size_t)n);
	free(s);
}

void html_json(struct html *h, const json_t *v, size_t max)
{
	char *s;
	size_t n;

	if (!v) {
		html_raw(h, "null");
		return;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
	if (!s) {
		if (!h->err)
			h->err = ENOMEM;
		return;
	}
	n = strlen(s);
	if (n > max) {
		/* Back up to a character boundary so no half character is
		 * turned into a replacement mark. */
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		html_textn(h, s, n);
		html_raw(h, "\xE2\x80\xA6");  /* U+2026 ellipsis */
	} else {
		html_textn(h, s, n);
	}
	free(s);
}

size_t html_fmt_time(int64_t us, char *buf, size_t n)
{
	const char *sign = "";
	uint64_t u, ms, s;
	int len;

	if (us < 0) {
		sign = "-";
		u = (uint64_t)(-(us + 1)) + 1;  /* also right for INT64_MIN */
	} else {
		u = (uint64_t)us;
	}
	ms = u / 1000;
	s = ms / 1000;
	len = snprintf(buf, n, "%s%llu+%02llu:%02llu:%02llu.%03llu", sign,
		       (unsigned long long)(s / 86400), (unsigned long long)(s / 3600 % 24),
		       (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60),
		       (unsigned long long)(ms % 1000));
	return len < 0 ? 0 : (size_t)len;
}

/* One stylesheet for every page: the files must open from a CI artifact
 * with no network, so nothing is linked. */
static const char css[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"color:#1d2329;background:#fff;margin:0;padding:24px 32px 48px}\n"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:32px 0 8px;"
	"padding-bottom:4px;border-bottom:1px solid #d8dde3}h3{font-size:15px;margin:20px 0 6px}\n"
	"a{color:#0b5cad;text-decoration:none}a:hover{text-decoration:underline}\n"
	".sub{color:#5b6670;margin:0 0 16px}.muted{color:#7a8590}\n"
	"table{border-collapse:collapse;margin:6px 0 12px}\n"
	"th,td{border:1px solid #d8dde3;padding:3px 8px;text-align:left;vertical-align:top}\n"
	"th{background:#f2f4f7;font-weight:600}\n"
	"tbody tr:nth-child(even) td{background:#fafbfc}\n"
	"table.facts th{width:130px}table.verdict td:first-child{white-space:nowrap}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"code,pre,.mono,td.t{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:12.5px}\n"
	"td.t{white-space:nowrap;color:#3c4650}\n"
	"pre{background:#f5f7f9;border:1px solid #d8dde3;padding:8px 10px;white-space:pre-wrap;"
	"overflow-wrap:anywhere;margin:4px 0 12px}\n"
	"td.d{overflow-wrap:anywhere}\n"
	"table.matrix td{text-align:center;min-width:90px}\n"
	"tbody tr td.pass,td.pass,span.pass{background:#e3f4e6;color:#17692a}\n"
	"tbody tr td.fail,td.fail,span.fail{background:#fbe0e0;color:#a11212;font-weight:600}\n"
	"tbody tr td.none,td.none{color:#a0a8b0}\n"
	"tbody tr td.incomplete,td.incomplete,span.incomplete{background:#fff4d6;color:#7a5a00}\n"
	"span.pass,span.fail,span.incomplete{padding:1px 7px;border-radius:3px}\n"
	"tbody tr.violation td,tr.violation td{background:#ffe3e3;border-top:2px solid #d21f1f;"
	"border-bottom:2px solid #d21f1f;font-weight:600}\n"
	"tbody tr.error td,tr.error td{background:#fff0f0;color:#a11212}\n"
	"tbody tr.fault td,tr.fault td{background:#fff7e0}\n"
	"tbody tr.exit td,tr.exit td{background:#eef2ff}\n"
	".failure{border-left:4px solid #d21f1f;padding:2px 0 2px 12px;margin:14px 0}\n"
	".plot{margin:6px 0 18px}.plot svg{display:block;border:1px solid #e3e7eb;background:#fff}\n"
	".plot h3{margin:14px 0 4px;font-size:14px}\n"
	"svg text{font:11px 'DejaVu Sans',sans-serif;fill:#5b6670}\n"
	"svg .grid{stroke:#eef0f3;stroke-width:1}svg .axis{stroke:#9aa4ae;stroke-width:1}\n"
	"svg .series{fill:none;stroke:#1f6fc5;stroke-width:1.5;stroke-linejoin:round}\n"
	"svg .fault-marker{stroke:#e08a00;stroke-width:1.5;stroke-dasharray:4 3}\n"
	"svg .exit-marker{stroke:#7b61c9;stroke-width:1;stroke-dasharray:2 3}\n"
	"svg .violation-marker{stroke:#d21f1f;stroke-width:2.5}\n"
	"svg .rug{stroke-dasharray:none;stroke-width:1;fill:none}\n"
	"svg .lane-up{fill:#9cc8ef}svg .lane-up.alt{fill:#6aa9e2}svg .lane-up.busy{fill:#2f6fb0}"
	"svg .lane-link{fill:#9bd3a8}svg .lane-link.alt{fill:#6fbf83}svg .fault-dot{fill:#e08a00;stroke:#fff;stroke-width:0.5}\n"
	".legend{font-size:12px;color:#5b6670;margin:2px 0 10px}\n"
	".legend span{margin-right:16px;white-space:nowrap}\n"
	".legend i{display:inline-block;width:18px;height:0;vertical-align:middle;margin-right:5px;"
	"border-top:2px solid}\n"
	".legend i.up{border:0;height:10px;background:#7fb6e8}.legend i.ln{border:0;height:10px;"
	"background:#9bd3a8}\n"
	".legend i.s{border-color:#1f6fc5}.legend i.f{border-top:2px dashed #e08a00}"
	".legend i.x{border-top:2px dotted #7b61c9}.legend i.v{border-top:3px solid #d21f1f}\n"
	"nav{margin:0 0 12px;font-size:13px}\n"
	"ul.shards{margin:4px 0 0;padding-left:18px}table.campaign td{min-width:260px}\n"
	".reproducer{margin:6px 0}\n"
	"details{margin:4px 0 10px}summary{cursor:pointer;color:#1f4f82}\n"
	"p.cause{background:#fff7e0;border-left:3px solid #e08a00;padding:4px 8px;margin:6px 0}\n"
	"span.cause{display:inline-block;margin-top:2px}p.others{font-size:13px}\n"
	"table.causes td.t{white-space:nowrap}\n"
	".plot svg{width:100%;height:auto}svg .lane-text{fill:#12324f}svg .fault-label{fill:#8a5500}\n"
	"svg .error-marker{stroke:#d21f1f;stroke-width:1}svg .error-dot{fill:#d21f1f;stroke:#fff;"
	"stroke-width:0.5}\n"
	"svg .lane-stale{fill:#f2b36b}svg .lane-stale.alt{fill:#e89a3c}svg .lane-server{fill:#d5dbe2}"
	"svg .lane-server.alt{fill:#bcc5cf}svg .lane-skew{fill:#f4a3a3}svg .lane-skew.alt{fill:#ee8a8a}"
	"svg .lane-suspend{fill:#c9b8ef}svg .lane-suspend.alt{fill:#b39fe6}\n";

void html_page_start(struct html *h, const char *title)
{
	html_raw(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_text(h, title);
	html_raw(h, "</title>\n<style>\n");
	html_raw(h, css);
	html_raw(h, "</style>\n</head>\n<body>\n");
}

void html_page_end(struct html *h)
{
	html_raw(h, "</body>\n</html>\n");
}

int html_output_error(int rc, const char *path, char *err, size_t errlen)
{
	if (rc == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	else if (rc < 0)
		snprintf(err, errlen, "cannot write '%s': %s (choose another output directory)",
			 path, strerror(-rc));
	return rc;
}
