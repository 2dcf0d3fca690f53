/*
 * nutpp.h - the platform's preprocessing of Squirrel sources, before the
 * language sees them: `#require "Lib.lib.nut:1.2.3"` (the impCloud resolves
 * libraries by name) and Builder's `@include "file.nut"`. Used by the
 * harness (harness/sim/target.c compiles every .nut target before a run) and
 * by the child hosts (harness/host/sq_host.c loads the same text), so both
 * see exactly one source and one map of its lines.
 *
 * DESIGN
 * The output is one buffer in which every directive line is replaced by the
 * text it names, and a map from each output line back to the file and line
 * it came from, so that errors name the line a developer wrote. Files are
 * named for people, never by absolute path (traces must not hold paths): the
 * main file by its base name, an included file by its path relative to the
 * main file's folder, a library by its file name.
 *   - `#require "NAME:VERSION"` loads NAME from the folders of
 *     IMPCHAOS_LIB_PATH (colon-separated), first match wins; the version is
 *     not checked. A library required twice is included once.
 *   - `@include "PATH"` (or 'PATH'; `@include once "PATH"` includes it only
 *     the first time) is resolved relative to the including file.
 * Other `@` directives of Builder are not supported and stay as they are
 * (the compiler then reports them).
 */
#ifndef IMPCHAOS_NUTPP_H
#define IMPCHAOS_NUTPP_H

#include <stddef.h>

struct nutpp_src {
	char *name;              /* the file as shown to people */
	char *path;              /* the file as opened */
};

struct nutpp {
	char *text;              /* the preprocessed source, NUL-terminated */
	size_t len;
	struct nutpp_src *files; /* files[0] is the main file */
	size_t nfiles;
	int *map_file;           /* per output line (index line-1): files[] index */
	int *map_line;           /* ... and its line there */
	size_t nlines, cap;
};

/* Preprocesses the file at path. 0, or a negative errno with err holding
 * "FILE:LINE:COL: error: message" (the directive's position) or "PATH: ..."
 * when the main file cannot be read; FILE is the path as opened. pp is the caller's to release either way. */
int nutpp_load(struct nutpp *pp, const char *path, char *err, size_t errlen);

void nutpp_release(struct nutpp *pp);

/* The source position of output line `line` (1-based): the file (its
 * display name and path) and its line. Lines past the end map to the main
 * file. */
void nutpp_where(const struct nutpp *pp, int line, const struct nutpp_src **file, int *srcline);

#endif
