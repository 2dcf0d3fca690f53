# impchaos - build, test, demo.
#
#   make          build the harness, the child hosts and the example targets
#   make test     unit tests + local scenario suites (what CI runs)
#   make demo     run the example targets under faults and write an HTML report
#   make readme   regenerate the README's samples (suites/readme_samples.sh)
#   make bench    simulated seconds per wall second; Squirrel against Lua 5.4
#   make chaos    the nightly chaos campaign (CHAOS_BUDGET, CHAOS_SHARD, CHAOS_RUNS)
#   make install  into $(DESTDIR)$(PREFIX) (default /usr/local); make uninstall
#   make SANITIZE=address,undefined B=build-asan test   the same under sanitizers
#
# Objects go under build/; `make deps` (a prerequisite of everything)
# installs missing Debian packages.

CC ?= cc
B := build
SANITIZE ?=

WARN := -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wvla \
	-Wwrite-strings -fno-common
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -D_GNU_SOURCE $(WARN) -MMD -MP
INC := -Iharness -I. -Iharness/include -Isquirrel/include
LDFLAGS ?=

# SANITIZE=address,undefined builds everything with those sanitizers
# except AddressSanitizer in the child hosts and the targets they load:
# ASan's runtime must come first among a process's libraries, and a run
# with POSIX faults puts libfiu's preload before it ("ASan runtime does not
# come first"). The hosts keep the other sanitizers (HOST_SANITIZE), and
# their Squirrel library is a copy built the same way. Use a build
# directory of its own: make SANITIZE=address,undefined B=build-asan test.
comma := ,
empty :=
space := $(empty) $(empty)
HOST_SANITIZE := $(subst $(space),$(comma),$(strip $(filter-out address leak,$(subst $(comma),$(space),$(SANITIZE)))))
SAN_CFLAGS :=
SAN_LDFLAGS :=
HOST_SAN_CFLAGS :=
HOST_SAN_LDFLAGS :=
ifneq ($(SANITIZE),)
SAN_CFLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_LDFLAGS := -fsanitize=$(SANITIZE)
endif
ifneq ($(HOST_SANITIZE),)
HOST_SAN_CFLAGS := -fsanitize=$(HOST_SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_SAN_LDFLAGS := -fsanitize=$(HOST_SANITIZE)
endif

# Sources follow the folders (ARCHITECTURE.md): the core at the bottom,
# then the fault catalogue, the invariant checkers, the simulation, the
# campaigns and the report writers, all in one library the command and the
# tests link. The command line and the child hosts are apart.
LIB_DIRS := harness/core faults harness/checks harness/sim harness/campaign reports
LIB_SRC := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o)
LIB := $(B)/libimpchaos.a
# libev, jansson, xxhash and PCRE2 are linked in from their static
# archives: a chaos run starts the command and two fork servers, and each
# would otherwise load and relocate four libraries first. libfiu stays
# shared (its POSIX preload must share libfiu's state with the host), and
# so do libc, libm and libdl.
STATIC_LIBS := -l:libev.a -l:libjansson.a -l:libxxhash.a -l:libpcre2-8.a
LIBS := $(STATIC_LIBS) -lm
# The hosts export jansson whole, as part of the target API (impchaos.pc
# requires jansson): a target's .so calls whichever json_* function it
# likes and finds it in the host, as it did in the shared library. That
# is $(JANSSON_API): the archive as one object whose only global symbols
# are the ones libjansson.so exports, so that its internals (hashtable_get,
# utf8_encode, ...) stay hidden and a target's function of such a name
# stays its own. The other archives are kept private to the host.
JANSSON_API := $(B)/obj/jansson-api.o
HOST_LIBS := -ldl -lfiu -Wl,--exclude-libs,libev.a:libxxhash.a:libpcre2-8.a $(LIBS)

CLI_SRC := $(wildcard harness/cli/*.c)

HOST_COMMON := harness/host/rt.c harness/host/rt_out.c harness/host/forksrv.c harness/host/hfault.c harness/core/proto.c harness/core/prng.c \
	harness/core/nutpp.c
# The Squirrel binding of the imp API: sq_*.c shared by both hosts,
# sq_agent*.c agent only, sq_device*.c device only.
SQB_ALL := $(wildcard harness/host/sq_*.c)
SQB_AGENT := $(filter harness/host/sq_agent%,$(SQB_ALL))
SQB_DEVICE := $(filter harness/host/sq_device%,$(SQB_ALL))
SQB_COMMON := $(filter-out $(SQB_AGENT) $(SQB_DEVICE),$(SQB_ALL))
AGENT_SRC := $(HOST_COMMON) harness/host/agent.c harness/host/store.c harness/core/jtext.c harness/host/agent_http.c \
	harness/host/agent_httpout.c \
	$(SQB_COMMON) $(SQB_AGENT)
DEVICE_SRC := $(HOST_COMMON) harness/host/device.c $(SQB_COMMON) $(SQB_DEVICE)

# The hosts' file and memory calls must reach libfiu's POSIX preload: the
# fortified variants (__open_2, __read_chk) are not wrapped.
# FIU=0 compiles every fault point out (make bench compares the two).
HOST_OBJ := $(sort $(AGENT_SRC:%.c=$(B)/obj/%.o) $(DEVICE_SRC:%.c=$(B)/obj/%.o))
$(HOST_OBJ): CFLAGS += -U_FORTIFY_SOURCE
$(HOST_OBJ): SAN_CFLAGS = $(HOST_SAN_CFLAGS)
ifeq ($(FIU),0)
$(HOST_OBJ): CFLAGS += -DIMPCHAOS_NO_FIU
endif

BINS := $(B)/bin/impchaos $(B)/bin/imp-agent $(B)/bin/imp-device

# Targets: every targets/NAME/DIR/{agent,device}.c becomes a .so, and each
# manifest is copied next to them, so build/targets is a search-path entry.
TARGET_SRC := $(wildcard targets/*/*/agent.c targets/*/*/device.c)
TARGET_SO := $(TARGET_SRC:%.c=$(B)/%.so)
TARGET_JSON := $(patsubst %,$(B)/%,$(wildcard targets/*/target.json))
# Squirrel targets (and the files they @include) are copied as they are.
TARGET_NUT := $(patsubst %,$(B)/%,$(shell find targets -name '*.nut'))

# Test-only targets that misbehave on purpose live apart from the examples:
# build/suite-targets is put on IMPCHAOS_TARGET_PATH by the suites only.
SUITE_TARGET_SRC := $(wildcard suites/targets/*/*/agent.c suites/targets/*/*/device.c)
SUITE_TARGET_SO := $(SUITE_TARGET_SRC:suites/targets/%.c=$(B)/suite-targets/%.so)
SUITE_TARGET_JSON := $(patsubst suites/targets/%,$(B)/suite-targets/%,$(wildcard suites/targets/*/target.json))
SUITE_TARGET_NUT := $(patsubst suites/targets/%,$(B)/suite-targets/%,$(shell find suites/targets -name '*.nut'))

TEST_SRC := $(wildcard suites/unit/*.c suites/local/*.c)
TEST_DEPS := $(SUITE_TARGET_SO) $(SUITE_TARGET_JSON) $(SUITE_TARGET_NUT)
TEST_OBJ := $(TEST_SRC:%.c=$(B)/obj/%.o)
TEST_BIN := $(B)/tests/impchaos-tests

# The libFuzzer targets of suites/fuzz/ (make fuzz builds them with clang),
# each linked here with a plain main() instead, so that make test re-runs
# the inputs fuzzing kept with the ordinary compiler (suites/fuzz.sh --regress).
FUZZ_TARGETS := proto schedule target
FUZZ_REGRESS := $(FUZZ_TARGETS:%=$(B)/tests/fuzz-regress-%)

.PHONY: all deps test unit demo bench chaos fuzz readme install uninstall clean FORCE
all: deps $(BINS) $(TARGET_SO) $(TARGET_JSON) $(TARGET_NUT) $(B)/impchaos.1.gz $(B)/impchaos.pc

# The Squirrel language: its own library and driver (squirrel/squirrel.mk),
# linked into the command (`impchaos sq`) and the child hosts (Squirrel
# targets). It includes nothing of the harness.
include squirrel/squirrel.mk
$(SQ_OBJ) $(B)/obj/squirrel/tools/sqrun.o: | deps
all: $(SQ_LIB) $(SQ_BIN)

# The hosts' Squirrel library: the same one, unless SANITIZE has ASan
# (see HOST_SANITIZE), then a copy built without it.
ifeq ($(HOST_SANITIZE),$(SANITIZE))
HOST_SQ_LIB := $(SQ_LIB)
else
HOST_SQ_OBJ := $(SQ_SRC:%.c=$(B)/host-obj/%.o)
HOST_SQ_LIB := $(B)/host-obj/libsquirrel.a
$(B)/host-obj/squirrel/%.o: squirrel/%.c | deps
	@mkdir -p $(dir $@)
	$(SQ_CC) $(filter-out -fsanitize=% -fno-sanitize-recover=% -fno-omit-frame-pointer,$(SQ_CFLAGS)) \
		$(HOST_SAN_CFLAGS) $(SQ_HAVE) -c $< -o $@
$(HOST_SQ_LIB): $(HOST_SQ_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^
endif

deps:
	@./.ci/install-deps

$(B)/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN_CFLAGS) $(INC) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

# The version campaigns record and `impchaos --version` prints: what `git
# describe` says of this tree, and the commit. The objects that use them
# depend on a stamp that changes only when they do, so a new commit
# rebuilds them and nothing else.
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
COMMIT := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
VERSIONED := $(B)/obj/harness/campaign/chaos_out.o $(B)/obj/harness/cli/main.o
$(VERSIONED): CFLAGS += -DIMPCHAOS_VERSION='"$(VERSION)"' -DIMPCHAOS_COMMIT='"$(COMMIT)"'
$(VERSIONED): $(B)/version.stamp
$(B)/version.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(VERSION) $(COMMIT)' | cmp -s - $@ || echo '$(VERSION) $(COMMIT)' > $@
FORCE:

$(B)/bin/impchaos: $(CLI_SRC:%.c=$(B)/obj/%.o) $(LIB) $(SQ_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(SAN_LDFLAGS) $^ -o $@ $(LIBS)

$(JANSSON_API): | deps
	@mkdir -p $(dir $@)
	$(LD) -r --whole-archive $$($(CC) -print-file-name=libjansson.a) -o $@.all
	objcopy --wildcard --keep-global-symbol='json_*' --keep-global-symbol='jansson_*' $@.all $@
	rm -f $@.all

# The hosts export the target API to the .so they dlopen: -rdynamic.
# Their imports are bound when a fork server starts (-z now), so that the
# hosts it forks inherit a resolved GOT instead of each one resolving
# (and copying the page of) every libc call it makes on first use.
$(B)/bin/imp-agent: $(AGENT_SRC:%.c=$(B)/obj/%.o) $(HOST_SQ_LIB) $(JANSSON_API)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(HOST_SAN_LDFLAGS) -rdynamic -Wl,-z,now $^ -o $@ $(HOST_LIBS)

$(B)/bin/imp-device: $(DEVICE_SRC:%.c=$(B)/obj/%.o) $(HOST_SQ_LIB) $(JANSSON_API)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(HOST_SAN_LDFLAGS) -rdynamic -Wl,-z,now $^ -o $@ $(HOST_LIBS)

# Targets run inside the hosts, so they are built as the hosts are.
$(B)/targets/%.so: targets/%.c harness/include/impchaos/*.h | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(HOST_SAN_CFLAGS) -Iharness/include -fPIC -shared $< -o $@

$(B)/targets/%/target.json: targets/%/target.json
	@mkdir -p $(dir $@)
	cp $< $@

$(B)/targets/%.nut: targets/%.nut
	@mkdir -p $(dir $@)
	cp $< $@

$(B)/suite-targets/%.nut: suites/targets/%.nut
	@mkdir -p $(dir $@)
	cp $< $@

# The test-only targets misbehave on purpose (a store through NULL that
# must crash with SIGSEGV, a leak memcheck must see): no sanitizer, which
# would stop them first and differently.
$(B)/suite-targets/%.so: suites/targets/%.c harness/include/impchaos/*.h | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iharness/include -fPIC -shared $< -o $@

$(B)/suite-targets/%/target.json: suites/targets/%/target.json
	@mkdir -p $(dir $@)
	cp $< $@

$(TEST_BIN): $(TEST_OBJ) $(LIB) $(SQ_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(SAN_LDFLAGS) $^ -o $@ $(LIBS) -lcriterion

$(B)/tests/fuzz-regress-%: $(B)/obj/suites/fuzz/fuzz_%.o $(B)/obj/suites/fuzz/regress.o $(LIB) $(SQ_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(SAN_LDFLAGS) $^ -o $@ $(LIBS)

# Criterion prints its closing "Synthesis" line in English only under C.
test: all $(TEST_BIN) $(TEST_DEPS) $(FUZZ_REGRESS)
	./suites/layers_selftest.sh
	./suites/layers.sh
	squirrel/tests/run.sh $(B)/bin/sqrun
	./suites/fuzz.sh --regress $(B)
	LSAN_OPTIONS=suppressions=$(CURDIR)/suites/lsan.supp LC_ALL=C $(TEST_BIN) -j2 \
		--xml=$(B)/tests/results.xml
	B=$(B) ./suites/demo.sh --check-list
	B=$(B) ./suites/readme_samples.sh --check
	MAKE="$(MAKE)" ./suites/install.sh

# The README's samples, made again by running what they show.
readme: all
	B=$(B) ./suites/readme_samples.sh --update

demo: all
	B=$(B) ./suites/demo.sh

bench: all
	./suites/bench.sh
	./suites/bench_squirrel.sh

# Fuzzing with libFuzzer, FUZZ_SECONDS for each target in turn (the
# Squirrel compiler, the frame decoder, the schedule parser, target.json
# loading; FUZZ_ONLY="proto schedule" for some): make fuzz FUZZ_SECONDS=600
FUZZ_SECONDS ?= 60
fuzz: all
	./suites/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_ONLY)

# The nightly campaign: CHAOS_BUDGET=30m CHAOS_SHARD=1/4 make chaos
chaos: all
	./suites/nightly/chaos.sh

# The installed layout (harness/sim/home.h): the command finds its hosts and
# examples relative to itself, so nothing here is compiled in and a DESTDIR
# tree runs where it lies. The man page and impchaos.pc name PREFIX, so they
# depend on a stamp that changes with it.
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(PREFIX)/bin
HOSTDIR := $(PREFIX)/lib/impchaos
DATADIR := $(PREFIX)/share/impchaos
INCDIR := $(PREFIX)/include/impchaos
PCDIR := $(PREFIX)/share/pkgconfig
MANDIR := $(PREFIX)/share/man/man1
EXAMPLES := $(patsubst $(B)/targets/%,%,$(TARGET_SO) $(TARGET_JSON) $(TARGET_NUT))

$(B)/prefix.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(PREFIX) $(VERSION)' | cmp -s - $@ || echo '$(PREFIX) $(VERSION)' > $@

# The man page, from the help the built command prints; gzipped as Debian
# ships them (-n: no name or time stamp, so the same build gives the same file).
$(B)/impchaos.1.gz: $(B)/bin/impchaos harness/cli/mkman.sh $(B)/prefix.stamp
	harness/cli/mkman.sh $(B)/bin/impchaos $(PREFIX) | gzip -9n > $@

$(B)/impchaos.pc: harness/include/impchaos.pc.in $(B)/prefix.stamp
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(HOSTDIR) $(DESTDIR)$(INCDIR) \
		$(DESTDIR)$(PCDIR) $(DESTDIR)$(MANDIR)
	install -m 755 $(B)/bin/impchaos $(DESTDIR)$(BINDIR)/
	install -m 755 $(B)/bin/imp-agent $(B)/bin/imp-device $(DESTDIR)$(HOSTDIR)/
	for f in $(EXAMPLES); do \
		install -D -m 644 $(B)/targets/$$f $(DESTDIR)$(DATADIR)/targets/$$f || exit 1; \
	done
	install -m 644 harness/include/impchaos/*.h $(DESTDIR)$(INCDIR)/
	install -m 644 $(B)/impchaos.pc $(DESTDIR)$(PCDIR)/
	install -m 644 $(B)/impchaos.1.gz $(DESTDIR)$(MANDIR)/

# Removes what install put there: the files in shared folders (bin,
# share/man, ...) and the folders that are impchaos's alone.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/impchaos $(DESTDIR)$(PCDIR)/impchaos.pc \
		$(DESTDIR)$(MANDIR)/impchaos.1.gz
	rm -rf $(DESTDIR)$(HOSTDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(INCDIR)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
