# squirrel.mk - builds impchaos's Squirrel interpreter: build/squirrel/libsquirrel.a
# and the driver build/bin/sqrun. Works standalone (make -f squirrel/squirrel.mk)
# and when included by the top-level Makefile, so every variable starts with SQ_.
#   make -f squirrel/squirrel.mk [SANITIZE=address,undefined] [B=build-asan]
#   make -f squirrel/squirrel.mk sqtest     run the conformance suite
B ?= build
SANITIZE ?=
SQ_CC ?= $(CC)
SQ_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wstrict-prototypes \
	-Wmissing-prototypes -Wvla -Wwrite-strings -fno-common -O2 -g -MMD -MP \
	-Isquirrel/include -Isquirrel/src
SQ_LDFLAGS :=
ifneq ($(SANITIZE),)
SQ_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
SQ_LDFLAGS += -fsanitize=$(SANITIZE)
endif
# The standard library files appear while the VM is built: each present
# lib_<name>.c defines SQ_HAVE_LIB_<NAME> so stdlib.c calls its register hook.
SQ_LIBNAMES := string array table blob math regexp time
SQ_HAVE := $(foreach l,$(SQ_LIBNAMES),$(if $(wildcard squirrel/src/lib_$(l).c),-DSQ_HAVE_LIB_$(shell echo $(l) | tr a-z A-Z)))
SQ_SRC := $(wildcard squirrel/src/*.c)
SQ_OBJ := $(SQ_SRC:%.c=$(B)/obj/%.o)
SQ_LIB := $(B)/squirrel/libsquirrel.a
SQ_BIN := $(B)/bin/sqrun
# jansson and PCRE2 from their static archives, as the harness links them.
SQ_LIBS := -l:libjansson.a -l:libpcre2-8.a -lm

sqall: $(SQ_LIB) $(SQ_BIN)

$(B)/obj/squirrel/%.o: squirrel/%.c
	@mkdir -p $(dir $@)
	$(SQ_CC) $(SQ_CFLAGS) $(SQ_HAVE) -c $< -o $@

$(SQ_LIB): $(SQ_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(SQ_BIN): $(B)/obj/squirrel/tools/sqrun.o $(SQ_LIB)
	@mkdir -p $(dir $@)
	$(SQ_CC) $(SQ_LDFLAGS) -o $@ $^ $(SQ_LIBS)

sqtest: $(SQ_BIN)
	squirrel/tests/run.sh $(SQ_BIN)

.PHONY: sqall sqtest
-include $(SQ_OBJ:.o=.d) $(B)/obj/squirrel/tools/sqrun.d
