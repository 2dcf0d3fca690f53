# impchaos - build, test, demo.
#
#   make          build the harness, the child hosts and the example targets
#   make test     unit tests + local scenario suites (what CI runs)
#   make demo     run the example targets under faults and write an HTML report
#   make readme   regenerate the README's samples (suites/readme_samples.sh)
#   make bench    measure simulated seconds per wall second
#   make chaos    the nightly chaos campaign (CHAOS_BUDGET, CHAOS_SHARD, CHAOS_RUNS)
#   make SANITIZE=address,undefined test   the same under sanitizers
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
INC := -Iharness -I. -Iharness/include
LDFLAGS ?=
ifneq ($(SANITIZE),)
CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
endif

# Sources follow the folders (ARCHITECTURE.md): the core at the bottom,
# then the fault catalogue, the invariant checkers, the simulation, the
# campaigns and the report writers, all in one library the command and the
# tests link. The command line and the child hosts are apart.
LIB_DIRS := harness/core faults harness/checks harness/sim harness/campaign reports
LIB_SRC := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o)
LIB := $(B)/libimpchaos.a
LIBS := -lev -ljansson -lxxhash -lm

CLI_SRC := $(wildcard harness/cli/*.c)

HOST_COMMON := harness/host/rt.c harness/host/hfault.c harness/core/proto.c harness/core/prng.c
AGENT_SRC := $(HOST_COMMON) harness/host/agent.c harness/host/store.c harness/host/agent_http.c
DEVICE_SRC := $(HOST_COMMON) harness/host/device.c

# The hosts' file and memory calls must reach libfiu's POSIX preload: the
# fortified variants (__open_2, __read_chk) are not wrapped.
# FIU=0 compiles every fault point out (make bench compares the two).
HOST_OBJ := $(sort $(AGENT_SRC:%.c=$(B)/obj/%.o) $(DEVICE_SRC:%.c=$(B)/obj/%.o))
$(HOST_OBJ): CFLAGS += -U_FORTIFY_SOURCE
ifeq ($(FIU),0)
$(HOST_OBJ): CFLAGS += -DIMPCHAOS_NO_FIU
endif

BINS := $(B)/bin/impchaos $(B)/bin/imp-agent $(B)/bin/imp-device

# Targets: every targets/NAME/DIR/{agent,device}.c becomes a .so, and each
# manifest is copied next to them, so build/targets is a search-path entry.
TARGET_SRC := $(wildcard targets/*/*/agent.c targets/*/*/device.c)
TARGET_SO := $(TARGET_SRC:%.c=$(B)/%.so)
TARGET_JSON := $(patsubst %,$(B)/%,$(wildcard targets/*/target.json))

# Test-only targets that misbehave on purpose live apart from the examples:
# build/suite-targets is put on IMPCHAOS_TARGET_PATH by the suites only.
SUITE_TARGET_SRC := $(wildcard suites/targets/*/*/agent.c suites/targets/*/*/device.c)
SUITE_TARGET_SO := $(SUITE_TARGET_SRC:suites/targets/%.c=$(B)/suite-targets/%.so)
SUITE_TARGET_JSON := $(patsubst suites/targets/%,$(B)/suite-targets/%,$(wildcard suites/targets/*/target.json))

TEST_SRC := $(wildcard suites/unit/*.c suites/local/*.c)
TEST_DEPS := $(SUITE_TARGET_SO) $(SUITE_TARGET_JSON)
TEST_OBJ := $(TEST_SRC:%.c=$(B)/obj/%.o)
TEST_BIN := $(B)/tests/impchaos-tests

.PHONY: all deps test unit demo bench chaos readme clean FORCE
all: deps $(BINS) $(TARGET_SO) $(TARGET_JSON)

deps:
	@./.ci/install-deps

$(B)/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INC) -c $< -o $@

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

$(B)/bin/impchaos: $(CLI_SRC:%.c=$(B)/obj/%.o) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ -o $@ $(LIBS)

# The hosts export the target API to the .so they dlopen: -rdynamic.
$(B)/bin/imp-agent: $(AGENT_SRC:%.c=$(B)/obj/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -rdynamic $^ -o $@ -ldl -lfiu $(LIBS)

$(B)/bin/imp-device: $(DEVICE_SRC:%.c=$(B)/obj/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -rdynamic $^ -o $@ -ldl -lfiu $(LIBS)

$(B)/targets/%.so: targets/%.c harness/include/impchaos/*.h | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iharness/include -fPIC -shared $< -o $@

$(B)/targets/%/target.json: targets/%/target.json
	@mkdir -p $(dir $@)
	cp $< $@

$(B)/suite-targets/%.so: suites/targets/%.c harness/include/impchaos/*.h | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iharness/include -fPIC -shared $< -o $@

$(B)/suite-targets/%/target.json: suites/targets/%/target.json
	@mkdir -p $(dir $@)
	cp $< $@

$(TEST_BIN): $(TEST_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $^ -o $@ $(LIBS) -lcriterion

# Criterion prints its closing "Synthesis" line in English only under C.
test: all $(TEST_BIN) $(TEST_DEPS)
	./suites/layers_selftest.sh
	./suites/layers.sh
	LC_ALL=C $(TEST_BIN) -j2 --xml=$(B)/tests/results.xml
	./suites/demo.sh --check-list
	./suites/readme_samples.sh --check

# The README's samples, made again by running what they show.
readme: all
	./suites/readme_samples.sh --update

demo: all
	./suites/demo.sh

bench: all
	./suites/bench.sh

# The nightly campaign: CHAOS_BUDGET=30m CHAOS_SHARD=1/4 make chaos
chaos: all
	./suites/nightly/chaos.sh

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
