/*
 * test_report_browser.c - the report of a campaign as a person and a CI
 * server see it: a campaign with a naive and a robust target, run through
 * the harness library, written with report_write, and opened in Debian's
 * headless Chromium (installed by `make deps`). Reports side, checked end
 * to end.
 *
 * DESIGN
 * ------
 * The harness reaps children with libev's ev_child on the default loop,
 * which takes every child's exit status (SIGCHLD, waitpid(-1)). So the
 * test forks its "browser" helper before it runs any scenario, and the
 * helper - a process with no libev in it - starts each Chromium and waits
 * for it, with a bound. The test talks to it over two pipes, one request
 * and one reply at a time, and judges Chromium by the files it wrote
 * (the DOM it dumped, the screenshot), not by its exit status.
 *
 *   test process                         browser helper (forked first)
 *   ------------                         ---------------------------
 *   browser_start() --------fork-------> browser_serve(): read request
 *   scenario_run() x 2                     fork + exec chromium, fresh
 *   report_write()                         --user-data-dir, stdout to file
 *   browser_do(req) ----request pipe---->  waitpid (bounded), rm profile
 *                   <---reply pipe-------  status
 *   browser_stop()  ----EOF------------->  _exit(0)
 *
 * Chromium parses junit.xml too: its XML parser is libxml2, and a file
 * that is not well-formed comes back as a <parsererror> element.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "reports/report.h"
#include "scenario.h"
#include "sim/home.h"
#include "sim/target.h"

#define CHROMIUM "/usr/bin/chromium"
#define BROWSER_ARGS 4          /* page-specific arguments per request */
#define BROWSER_WAIT_S 60       /* a Chromium that takes longer is killed */

/* One Chromium invocation: stdout to out (or nowhere when empty), then
 * the fixed headless flags, a fresh profile and args. */
struct browser_req {
	char out[4600];
	char args[BROWSER_ARGS][4600];
	int nargs;
};

struct browser {
	pid_t pid;
	int req, rep;           /* the test's ends of the pipes */
};

static int full_io(int fd, void *buf, size_t n, int writing)
{
	char *p = buf;

	while (n) {
		ssize_t k = writing ? write(fd, p, n) : read(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* In the helper: runs one request, returns Chromium's exit status, 128 +
 * signal, or -1 when it could not start or had to be killed. */
static int browser_run(const struct browser_req *q, const char *dir)
{
	char profile[4200], flag[4300];
	const char *argv[16 + BROWSER_ARGS];
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	int n = 0, status, waited_ms = 0, fd;
	pid_t pid, w;

	snprintf(profile, sizeof(profile), "%s/profile-XXXXXX", dir);
	if (!mkdtemp(profile))
		return -1;
	snprintf(flag, sizeof(flag), "--user-data-dir=%s", profile);
	argv[n++] = CHROMIUM;
	argv[n++] = "--headless";
	argv[n++] = "--no-sandbox";
	argv[n++] = "--disable-gpu";
	argv[n++] = "--disable-quic";
	argv[n++] = "--no-first-run";
	argv[n++] = "--disable-background-networking";
	argv[n++] = "--disable-component-update";
	argv[n++] = "--disable-sync";
	argv[n++] = flag;
	for (int i = 0; i < q->nargs && i < BROWSER_ARGS; i++)
		argv[n++] = q->args[i];
	argv[n] = NULL;
	pid = fork();
	if (pid == 0) {
		char log[4200];

		snprintf(log, sizeof(log), "%s/chromium.log", dir);
		fd = open(*q->out ? q->out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0)
			dup2(fd, 1);
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0)
			dup2(fd, 2);
		execv(CHROMIUM, (char *const *)argv);
		_exit(127);
	}
	status = -1;
	/* Polled with a bound rather than waited for: a Chromium that hangs
	 * must not hang the suite. */
	while (pid > 0) {
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid) {
			status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			break;
		}
		if (w < 0 || waited_ms >= BROWSER_WAIT_S * 1000) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			status = -1;
			break;
		}
		nanosleep(&tick, NULL);
		waited_ms += 20;
	}
	nftw(profile, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return status;
}

/* The helper's loop: a request in, a status out, until the test closes
 * its end. Never returns. */
static void browser_serve(int req, int rep, const char *dir)
{
	struct browser_req q;
	int status;

	while (full_io(req, &q, sizeof(q), 0) == 0) {
		status = browser_run(&q, dir);
		if (full_io(rep, &status, sizeof(status), 1) < 0)
			break;
	}
	_exit(0);
}

static void browser_start(struct browser *b, const char *dir)
{
	int req[2], rep[2];

	cr_assert_eq(pipe(req), 0);
	cr_assert_eq(pipe(rep), 0);
	fflush(NULL);
	b->pid = fork();
	cr_assert_geq(b->pid, 0, "fork: %s", strerror(errno));
	if (b->pid == 0) {
		close(req[1]);
		close(rep[0]);
		browser_serve(req[0], rep[1], dir);
	}
	close(req[0]);
	close(rep[1]);
	b->req = req[1];
	b->rep = rep[0];
}

/* Runs Chromium on url with one argument before it (--dump-dom, or
 * --screenshot=F and a second, --window-size=...), stdout to out. Returns
 * its status for the log only: callers check the files. */
static int browser_do(struct browser *b, const char *out, const char *url, const char *a1,
		      const char *a2)
{
	struct browser_req q = { .nargs = 0 };
	int status = -1;

	snprintf(q.out, sizeof(q.out), "%s", out ? out : "");
	snprintf(q.args[q.nargs++], sizeof(q.args[0]), "%s", a1);
	if (a2)
		snprintf(q.args[q.nargs++], sizeof(q.args[0]), "%s", a2);
	snprintf(q.args[q.nargs++], sizeof(q.args[0]), "%s", url);
	cr_assert_eq(full_io(b->req, &q, sizeof(q), 1), 0, "the browser helper is gone");
	cr_assert_eq(full_io(b->rep, &status, sizeof(status), 0), 0, "the browser helper died");
	if (status != 0)
		cr_log_warn("chromium %s %s exited with %d (see chromium.log)", a1, url, status);
	return status;
}

static void browser_stop(struct browser *b)
{
	close(b->req);
	close(b->rep);
	/* No other code of this test waits for children now, so this is the
	 * helper's own status; it matters only to leave no zombie. */
	waitpid(b->pid, NULL, 0);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	cr_assert(f, "cannot open %s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	cr_assert(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Runs target with seed for a simulated day with an agent restart at 6h
 * and moves its run directory to camp/runs/name. */
static void campaign_run_seed(const char *target, uint64_t seed, const char *camp,
			      const char *name)
{
	struct run_outcome out;
	char to[4096];

	cr_assert_eq(scenario_run(target, seed, "1d", "at 6h agent/restart", NULL, &out), 0);
	snprintf(to, sizeof(to), "%s/runs/%s", camp, name);
	cr_assert_eq(rename(out.dir, to), 0, "rename %s: %s", out.dir, strerror(errno));
	run_outcome_release(&out);
}

static void campaign_run(const char *target, const char *camp, const char *name)
{
	campaign_run_seed(target, 1, camp, name);
}

/* Where the screenshots are kept for CI to upload: build/tests/screenshots. */
static void shot_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/tests", impchaos_home());
	mkdir(buf, 0777);
	snprintf(buf, n, "%s/tests/screenshots", impchaos_home());
	mkdir(buf, 0777);
	snprintf(buf, n, "%s/tests/screenshots/%s", impchaos_home(), name);
}

/* Takes a screenshot of url at width x height into build/tests/screenshots/
 * name and checks it is a PNG of some substance. */
static void screenshot(struct browser *b, const char *url, const char *name, int width,
		       int height)
{
	char path[4400], shot[4500], size[64];
	size_t len;
	char *png;

	shot_path(path, sizeof(path), name);
	unlink(path);
	snprintf(shot, sizeof(shot), "--screenshot=%s", path);
	snprintf(size, sizeof(size), "--window-size=%d,%d", width, height);
	browser_do(b, NULL, url, shot, size);
	png = slurp(path, &len);
	cr_expect_gt(len, 10 * 1024, "screenshot %s of %zu bytes", path, len);
	cr_expect_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0, "%s is not a PNG", path);
	free(png);
}

/* The height in CSS pixels of page laid out 1400 px wide, as Chromium
 * measures it: a wrapper page of the test's own (the report has no
 * script) loads it in an iframe and writes its scrollHeight into its DOM. */
static long page_height(struct browser *b, const char *root, const char *page)
{
	char wrap[4400], url[4500], out[4400], *dom, *p;
	FILE *f;
	long height = -1;

	snprintf(wrap, sizeof(wrap), "%s/measure.html", root);
	f = fopen(wrap, "w");
	cr_assert(f);
	fprintf(f, "<!DOCTYPE html><html><body style=\"margin:0\"><p id=\"h\">none</p>"
		"<iframe id=\"f\" style=\"width:1400px;height:600px;border:0\" src=\"file://%s\" "
		"onload=\"document.getElementById('h').textContent = 'height=' + "
		"this.contentDocument.documentElement.scrollHeight + ';'\"></iframe>"
		"</body></html>\n", page);
	cr_assert_eq(fclose(f), 0);
	snprintf(url, sizeof(url), "file://%s", wrap);
	snprintf(out, sizeof(out), "%s/measure.dom", root);
	browser_do(b, out, url, "--dump-dom", "--allow-file-access-from-files");
	dom = slurp(out, NULL);
	if ((p = strstr(dom, "height=")))
		height = strtol(p + 7, NULL, 10);
	free(dom);
	return height;
}

TestSuite(report_browser, .timeout = 120);

Test(report_browser, campaign_report_renders_with_failures_marked_and_logs_escaped)
{
	char root[4096], camp[4200], rep[4200], path[4400], url[4500], shot[4500];
	const char *dirs[1];
	char err[1024] = "";
	struct browser b;
	char *dom, *png, *xml;
	size_t len;
	FILE *f;

	cr_assert_eq(access(CHROMIUM, X_OK), 0, "%s is missing: run 'make deps' (Debian package "
		     "chromium)", CHROMIUM);
	snprintf(root, sizeof(root), "%s/test-runs", impchaos_home());
	mkdir(root, 0777);
	snprintf(root, sizeof(root), "%s/test-runs/report-browser-XXXXXX", impchaos_home());
	cr_assert(mkdtemp(root), "mkdtemp %s: %s", root, strerror(errno));
	/* First, before any simulation: see DESIGN above. */
	browser_start(&b, root);

	snprintf(camp, sizeof(camp), "%s/campaign", root);
	snprintf(path, sizeof(path), "%s/runs", camp);
	cr_assert_eq(mkdir(camp, 0777), 0);
	cr_assert_eq(mkdir(path, 0777), 0);
	campaign_run("power_meter/naive", camp, "naive-s1");
	campaign_run("power_meter/robust", camp, "robust-s1");
	/* The robust target's agent printed markup: it must stay text. */
	snprintf(path, sizeof(path), "%s/runs/robust-s1/agent.log", camp);
	f = fopen(path, "a");
	cr_assert(f);
	fputs("<script>alert(1)</script>\n", f);
	cr_assert_eq(fclose(f), 0);
	snprintf(path, sizeof(path), "%s/campaign.json", camp);
	f = fopen(path, "w");
	cr_assert(f);
	fputs("{\"kind\": \"campaign\", \"version\": \"impchaos test\", \"seeds\": {\"from\": 1, "
	      "\"count\": 1}, \"budget\": \"30s\", \"shard\": null, \"targets\": "
	      "[\"power_meter/naive\", \"power_meter/robust\"], \"determinism_checks\": {\"runs\": 0, "
	      "\"mismatches\": 0}, \"runs\": [\"runs/naive-s1\", \"runs/robust-s1\"]}\n", f);
	cr_assert_eq(fclose(f), 0);

	snprintf(rep, sizeof(rep), "%s/report", root);
	dirs[0] = camp;
	cr_assert_eq(report_write(dirs, 1, rep, err, sizeof(err)), 0, "%s", err);

	/* The index renders: title, campaign facts, failing cells. */
	snprintf(url, sizeof(url), "file://%s/index.html", rep);
	snprintf(path, sizeof(path), "%s/index.dom", root);
	browser_do(&b, path, url, "--dump-dom", NULL);
	dom = slurp(path, &len);
	cr_assert_gt(len, 0, "chromium dumped no DOM for %s (see %s/chromium.log)", url, root);
	cr_expect(strstr(dom, "<title>impchaos report: FAIL</title>"), "see %s", path);
	cr_expect(strstr(dom, "<h1>impchaos report</h1>"));
	cr_expect(strstr(dom, "<h2>Campaign</h2>"));
	cr_expect(strstr(dom, "impchaos test"));
	/* The naive meter breaks its three counters, and loses the readings
	 * sent while its agent restarted (counter-exact); the robust one
	 * breaks none. */
	cr_expect_eq(count(dom, "<td class=\"fail\" data-invariant=\"counter-monotonic:"), 3, "see %s",
		     path);
	cr_expect(strstr(dom, "<td class=\"fail\" data-invariant=\"counter-monotonic:total_wh\">1 "
			 "fail"));
	cr_expect_eq(count(dom, "<td class=\"fail\" data-invariant="), 4);
	cr_expect_geq(count(dom, "<td class=\"pass\" data-invariant="), 5);
	free(dom);

	/* The failing run's page marks its first violation. */
	snprintf(url, sizeof(url), "file://%s/runs/1-power_meter-naive-s1.html", rep);
	snprintf(path, sizeof(path), "%s/naive.dom", root);
	browser_do(&b, path, url, "--dump-dom", NULL);
	dom = slurp(path, &len);
	cr_assert_gt(len, 0, "chromium dumped no DOM for %s", url);
	cr_expect(strstr(dom, "id=\"violation-0\" class=\"violation\""), "see %s", path);
	cr_expect_geq(count(dom, "class=\"violation-marker\""), 1);
	/* Why, first: the verdict, the failures with their cause, then the
	 * timeline and plots, then the trace excerpts (collapsed), then the
	 * scenario's facts. */
	{
		const char *v = strstr(dom, "id=\"verdict\""), *fl = strstr(dom, "id=\"failures\"");
		const char *tl = strstr(dom, "id=\"timeline\""), *val = strstr(dom, "id=\"values\"");
		const char *ex = strstr(dom, "id=\"excerpts\""), *sc = strstr(dom, "id=\"scenario\"");

		cr_expect(v && fl && tl && val && ex && sc && v < fl && fl < tl && tl < val &&
			  val < ex && ex < sc, "sections out of order: see %s", path);
	}
	/* The cause of the known failure: the agent restarted at 6h and came
	 * back without its totals, which it saved at its first pulse. */
	cr_expect(strstr(dom, "<b>Cause:</b> 3.4 s after agent/restart injected at 2026-01-01 "
			 "06:00:00 (0+06:00:00.000); then agent #1 stopped, agent #2 started on "),
		  "no cause line: see %s", path);
	cr_expect(strstr(dom, "<details class=\"excerpt\" id=\"trace-0\">"));
	/* The timeline's lanes, labelled, and the fault named. */
	cr_expect(strstr(dom, "text-anchor=\"end\">device</text>"));
	cr_expect(strstr(dom, "text-anchor=\"end\">agent</text>"));
	cr_expect(strstr(dom, "text-anchor=\"end\">link</text>"));
	cr_expect(strstr(dom, "text-anchor=\"end\">server</text>"));
	cr_expect(strstr(dom, "class=\"fault-label\">agent/restart</text>"));
	cr_expect(strstr(dom, "<title>agent #2 imp"), "no hover details for agent #2: see %s", path);
	/* Every plot takes the page's width. */
	cr_expect_eq(count(dom, "<svg "), count(dom, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
					     "width=\"100%\" viewBox="));
	free(dom);
	screenshot(&b, url, "run-page.png", 1400, 2600);

	/* The robust run's page shows the agent's markup as text, and has no
	 * script element at all. */
	snprintf(url, sizeof(url), "file://%s/runs/2-power_meter-robust-s1.html", rep);
	snprintf(path, sizeof(path), "%s/robust.dom", root);
	browser_do(&b, path, url, "--dump-dom", NULL);
	dom = slurp(path, &len);
	cr_assert_gt(len, 0, "chromium dumped no DOM for %s", url);
	cr_expect(strstr(dom, "&lt;script&gt;alert(1)&lt;/script&gt;"), "see %s", path);
	cr_expect_null(strstr(dom, "<script"), "a script element got in: see %s", path);
	cr_expect_null(strstr(dom, "id=\"violation-"));
	free(dom);

	/* A campaign of ten runs failing the same way reads as one group:
	 * its index fits in a few screens. */
	snprintf(camp, sizeof(camp), "%s/campaign10", root);
	snprintf(path, sizeof(path), "%s/runs", camp);
	cr_assert_eq(mkdir(camp, 0777), 0);
	cr_assert_eq(mkdir(path, 0777), 0);
	{
		char name[32], list[1024] = "";
		size_t n = 0;

		for (int i = 1; i <= 10; i++) {
			snprintf(name, sizeof(name), "naive-s%d", i);
			campaign_run_seed("power_meter/naive", (uint64_t)i, camp, name);
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s\"runs/%s\"", i > 1 ? ", " : "",
					      name);
		}
		snprintf(path, sizeof(path), "%s/campaign.json", camp);
		f = fopen(path, "w");
		cr_assert(f);
		fprintf(f, "{\"kind\": \"campaign\", \"version\": \"impchaos test\", \"seeds\": "
			"{\"from\": 1, \"count\": 10}, \"budget\": null, \"shard\": null, "
			"\"targets\": [\"power_meter/naive\"], \"determinism_checks\": {\"runs\": 0, "
			"\"mismatches\": 0}, \"runs\": [%s]}\n", list);
		cr_assert_eq(fclose(f), 0);
	}
	snprintf(path, sizeof(path), "%s/report10", root);
	dirs[0] = camp;
	cr_assert_eq(report_write(dirs, 1, path, err, sizeof(err)), 0, "%s", err);
	snprintf(path, sizeof(path), "%s/report10/index.html", root);
	xml = slurp(path, NULL);
	cr_expect(strstr(xml, "(10 failing runs in 1 group)"), "not grouped: see %s", path);
	cr_expect(strstr(xml, "9 others failing the same way:"));
	free(xml);
	{
		long height = page_height(&b, root, path);

		cr_expect_gt(height, 600, "no height measured for %s", path);
		cr_expect_lt(height, 4000, "the index of 10 failures is %ld px tall at 1400 px", height);
	}
	snprintf(url, sizeof(url), "file://%s", path);
	screenshot(&b, url, "campaign-index-10-failures.png", 1400, 4000);

	/* A screenshot of the index. */
	snprintf(url, sizeof(url), "file://%s/index.html", rep);
	snprintf(shot, sizeof(shot), "--screenshot=%s/index.png", root);
	browser_do(&b, NULL, url, shot, "--window-size=1400,1800");
	snprintf(path, sizeof(path), "%s/index.png", root);
	png = slurp(path, &len);
	cr_expect_gt(len, 10 * 1024, "screenshot of %zu bytes", len);
	cr_expect_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0, "not a PNG");
	free(png);
	screenshot(&b, url, "index.png", 1400, 1800);

	/* junit.xml is well-formed (Chromium's XML parser is libxml2) and
	 * holds a failure per failing target x invariant: four, among the
	 * 2 targets x 9 invariants (counter-exact, no-hang, no-target-crash,
	 * single-agent and no-crash-loop included) and the campaign's
	 * determinism and completed cases. */
	snprintf(url, sizeof(url), "file://%s/junit.xml", rep);
	snprintf(path, sizeof(path), "%s/junit.dom", root);
	browser_do(&b, path, url, "--dump-dom", NULL);
	dom = slurp(path, &len);
	cr_assert_gt(len, 0, "chromium dumped no DOM for %s", url);
	cr_expect_null(strstr(dom, "parsererror"), "junit.xml is not well-formed: see %s", path);
	cr_expect(strstr(dom, "<testsuites xmlns=\"\" name=\"impchaos\" tests=\"20\" failures=\"4\" "
			 "errors=\"0\" skipped=\"1\" time=\""), "see %s", path);
	cr_expect(strstr(dom, "\" timestamp=\"20"), "no timestamp: see %s", path);
	cr_expect_eq(count(dom, "<failure "), 4);
	cr_expect_eq(count(dom, "<testcase "), 20);
	snprintf(path, sizeof(path), "%s/junit.xml", rep);
	xml = slurp(path, NULL);
	cr_expect(strstr(xml, "replay: impchaos run power_meter/naive --seed 1 --for 1d --faults "
			 "&#39;at 6h agent/restart&#39;"));
	cr_expect(strstr(xml, "first violating event: {&quot;seq&quot;:"));
	free(xml);
	free(dom);
	browser_stop(&b);
}

/* A week of a power meter restarted every 6 hours and power-cycled daily
 * (some 110,000 trace events): its page stays under 1 MB, as the plots
 * and the timeline are bounded by pixels, not by events. */
Test(report_browser, a_week_long_run_gives_a_page_under_a_megabyte)
{
	struct run_outcome out;
	char rep[4200], page[4400], err[1024] = "";
	const char *dirs[1];
	struct stat st;

	cr_assert_eq(scenario_run("power_meter/naive", 1, "7d", "every 6h agent/restart; every 1d "
				  "device/power-cycle", NULL, &out), 0);
	snprintf(rep, sizeof(rep), "%s/report-of-the-week", out.dir);
	dirs[0] = out.dir;
	cr_assert_eq(report_write(dirs, 1, rep, err, sizeof(err)), 0, "%s", err);
	snprintf(page, sizeof(page), "%s/runs/1-power_meter-naive-s1.html", rep);
	cr_assert_eq(stat(page, &st), 0, "%s: %s", page, strerror(errno));
	cr_expect_gt(st.st_size, 50 * 1024, "a page of %lld bytes is too small to be real",
		     (long long)st.st_size);
	cr_expect_lt(st.st_size, 1024 * 1024, "the page of a 7-day run is %lld bytes",
		     (long long)st.st_size);
	run_outcome_release(&out);
}
