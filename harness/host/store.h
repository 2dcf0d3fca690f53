/*
 * store.h - the agent's persisted table (server.save / server.load), one file
 * per agent (where the harness says: a scratch directory on tmpfs during a
 * run, see harness/sim/sim_store.c), playing the platform's backend database.
 * Lives in the agent host; survives every agent process it outlives.
 */
#ifndef IMPCHAOS_STORE_H
#define IMPCHAOS_STORE_H

#include <stddef.h>
#include <jansson.h>

/* The platform refuses tables whose serialized form is larger than this. */
#define STORE_MAX_BYTES 65536

/* One agent's store: the file as the harness named it (for messages) and
 * the names the calls use. */
struct store {
	const char *path;       /* as named by the harness */
	const char *name;       /* the file, relative to the working directory */
	char tmp[4096];         /* "<name>.tmp": where a save writes first */
};

/* Sets st up for the store at path (kept, not copied) and makes the file's
 * directory the process's working directory, so that every save walks one
 * path component instead of the whole path (the same open, write, close
 * and rename calls, which libfiu's POSIX points see). Called once, before
 * any target code runs; a relative path is taken from the directory the
 * process is in. When the directory cannot be entered, the calls use path
 * itself and the working directory stays. */
void store_open(struct store *st, const char *path);

/* Saves table as the whole new content of the store, atomically:
 * after a crash of the process at any point the file holds the old table or
 * the new one. With sync, the file and its directory are also fsync'ed, so
 * the same holds across a crash of the machine; the simulation never
 * crashes the machine, and on a disk fsync makes a run ~5x slower (see
 * README, "Costs"), so it is off unless a scenario asks for it.
 * 0, -EINVAL (not an object), -E2BIG (too big), or -EIO (I/O failure; the
 * old table is intact). */
int store_save(const struct store *st, const json_t *table, int sync);

/* The same with the table already serialized (compact JSON, len bytes):
 * for a caller that needed the text anyway. 0, -E2BIG or -EIO. */
int store_save_text(const struct store *st, const char *text, size_t len, int sync);

/* Loads the table: a new reference, an empty object when nothing was ever
 * saved. NULL with err filled (naming the store by its full path) when the
 * file exists but cannot be read or parsed (a torn store: a bug this module
 * must never produce). */
json_t *store_load(const struct store *st, char *err, size_t errlen);

#endif
