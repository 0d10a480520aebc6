# mailproc: one GNU Makefile, no configure step.
#   make          build bin/mailproc (./mailproc is the source folder)
#   make check    install what is missing, build with sanitizers, run every test
#   make demo     install what is missing, play a whole renewal cycle
#   make deps     install the Debian packages the project needs (idempotent)

CC      ?= gcc
PKG_PURE  = gmime-3.0 openssl json-glib-1.0 libzip libxml-2.0
PKG_SHELL = $(PKG_PURE) sqlite3 libcurl libetpan

WARN    = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter
OPT     ?= -O2 -g
SAN     = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

# Recursive (=) so pkg-config runs only when a recipe needs the flags, after
# `make deps` has had its chance to install the packages.
CFLAGS_PURE  = $(WARN) -Iparsers -Iworkflows $(shell pkg-config --cflags $(PKG_PURE))
CFLAGS_SHELL = $(CFLAGS_PURE) -DG_LOG_DOMAIN='"mailproc"' -Imailproc $(shell pkg-config --cflags $(PKG_SHELL))
LIBS_PURE    = $(shell pkg-config --libs $(PKG_PURE))
LIBS_SHELL   = $(shell pkg-config --libs $(PKG_SHELL))
LIBS_TEST    = $(shell pkg-config --libs criterion)

PARSERS_SRC  = $(wildcard parsers/*.c)
WF_SRC       = $(wildcard workflows/*.c)
MP_SRC       = $(filter-out mailproc/main.c,$(wildcard mailproc/*.c))
HEADERS      = $(wildcard parsers/*.h workflows/*.h mailproc/*.h)

# A unit test belongs to the shell when a mailproc/ file of its name exists;
# the rest test parsers/ and workflows/ and link without SQLite, curl, libetpan.
SHELL_TESTS  = $(filter $(patsubst mailproc/%.c,tests/unit/test_%.c,$(MP_SRC)),$(wildcard tests/unit/test_*.c))
PURE_TESTS   = $(filter-out $(SHELL_TESTS),$(wildcard tests/unit/test_*.c))
# What the unit tests share (certificates made with OpenSSL), linked into both.
TEST_SUPPORT = $(wildcard tests/unit/support/*.c)
TEST_CFLAGS  = -Itests/unit/support

B = build

.PHONY: bench fuzz fuzz-smoke install all check check-run demo demo-run deps clean unit integration

all: bin/mailproc

# Through a rename, so a running mailproc (cron, a benchmark) is no obstacle.
bin/mailproc: $(B)/mailproc
	@mkdir -p bin
	cp $< $@.tmp && mv -f $@.tmp $@

install: bin/mailproc
	install -D -m 755 bin/mailproc $(DESTDIR)/usr/local/bin/mailproc

$(B)/mailproc: mailproc/main.c $(MP_SRC) $(PARSERS_SRC) $(WF_SRC) $(HEADERS)
	@mkdir -p $(B)
	$(CC) $(OPT) $(CFLAGS_SHELL) -o $@ mailproc/main.c $(MP_SRC) $(PARSERS_SRC) $(WF_SRC) $(LIBS_SHELL)

$(B)/san/mailproc: mailproc/main.c $(MP_SRC) $(PARSERS_SRC) $(WF_SRC) $(HEADERS)
	@mkdir -p $(B)/san
	$(CC) $(SAN) $(CFLAGS_SHELL) -o $@ mailproc/main.c $(MP_SRC) $(PARSERS_SRC) $(WF_SRC) $(LIBS_SHELL)

$(B)/san/test-pure: $(PURE_TESTS) $(TEST_SUPPORT) $(PARSERS_SRC) $(WF_SRC) $(HEADERS) $(wildcard tests/unit/support/*.h)
	@mkdir -p $(B)/san
	$(CC) $(SAN) $(CFLAGS_PURE) $(TEST_CFLAGS) -o $@ $(PURE_TESTS) $(TEST_SUPPORT) $(PARSERS_SRC) $(WF_SRC) \
		$(LIBS_PURE) $(LIBS_TEST)

$(B)/san/test-shell: $(SHELL_TESTS) $(TEST_SUPPORT) $(MP_SRC) $(PARSERS_SRC) $(WF_SRC) $(HEADERS) $(wildcard tests/unit/support/*.h)
	@mkdir -p $(B)/san
	$(CC) $(SAN) $(CFLAGS_SHELL) $(TEST_CFLAGS) -o $@ $(SHELL_TESTS) $(TEST_SUPPORT) $(MP_SRC) $(PARSERS_SRC) \
		$(WF_SRC) $(LIBS_SHELL) $(LIBS_TEST)

# libFuzzer (clang) over the parse-and-classify entry point. `make fuzz` runs
# until stopped (FUZZ_SECONDS to bound it); `make check` gives it a few
# seconds over the fixture mails as seed corpus. New inputs go to a scratch
# folder, never into fixtures/.
FUZZ_SECONDS ?= 0
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	     -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter -Iparsers \
	     $(shell pkg-config --cflags $(PKG_PURE))

$(B)/fuzz/fuzz_classify: tests/fuzz/fuzz_classify.c $(PARSERS_SRC) $(HEADERS)
	@mkdir -p $(B)/fuzz
	clang $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_classify.c $(PARSERS_SRC) $(LIBS_PURE)

fuzz: deps
	@$(MAKE) --no-print-directory $(B)/fuzz/fuzz_classify
	@mkdir -p $(B)/fuzz/corpus
	$(SAN_ENV) $(B)/fuzz/fuzz_classify -max_total_time=$(FUZZ_SECONDS) -max_len=262144 \
		-timeout=10 -rss_limit_mb=2048 -artifact_prefix=$(B)/fuzz/ $(B)/fuzz/corpus fixtures/mail \
		tests/fuzz/regressions

fuzz-smoke: $(B)/fuzz/fuzz_classify
	@rm -rf $(B)/fuzz/smoke && mkdir -p $(B)/fuzz/smoke
	$(SAN_ENV) $(B)/fuzz/fuzz_classify -max_total_time=20 -max_len=262144 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix=$(B)/fuzz/ $(B)/fuzz/smoke fixtures/mail tests/fuzz/regressions

# Benchmarks: figures for the README, not pass/fail tests.
$(B)/bench/bare-parse: bench/bare-parse.c
	@mkdir -p $(B)/bench
	$(CC) $(OPT) $(WARN) $(shell pkg-config --cflags gmime-3.0) -o $@ $< $(shell pkg-config --libs gmime-3.0)

bench: deps
	@$(MAKE) --no-print-directory bin/mailproc $(B)/bench/bare-parse
	bench/run.sh
	bench/run-imap.sh

deps:
	@scripts/deps.sh

# ASAN_OPTIONS: GLib keeps some memory for the life of the process on purpose.
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

check: deps
	@$(MAKE) --no-print-directory check-run

check-run: unit integration fuzz-smoke

# One test at a time: Criterion's parallel runner itself now and then leaks
# 48 bytes, which LeakSanitizer would report (and it must report ours).
unit: $(B)/san/test-pure $(B)/san/test-shell
	$(SAN_ENV) tests/run-sanitized.sh $(B)/san/test-pure --jobs 1
	$(SAN_ENV) tests/run-sanitized.sh $(B)/san/test-shell --jobs 1

integration: $(B)/san/mailproc
	$(SAN_ENV) MAILPROC=$(CURDIR)/$(B)/san/mailproc tests/integration/run-all.sh

demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: bin/mailproc
	@scripts/demo.sh

clean:
	rm -rf $(B) bin
