# Makefile - the only entry point of the project.  `make help` lists the targets.
#
# The repository is an overlay on the Linux 6.12 tree in build/linux; the
# scripts in lab/ prepare that tree, build the kernels, make the initramfs and
# boot QEMU.  Everything under build/ is derived and may be deleted.

SHELL := /bin/bash
CONFIG ?= run
B := build
DEPS := $(B)/.deps

# for lab/boot (make run CMD='...' EXTRA=dir TIMEOUT=s CSET=1, make test T=name)
export CMD EXTRA TIMEOUT TEST_CONFIGS CSET

.DEFAULT_GOAL := help
.PHONY: help deps source overlay config kernel image initramfs run test stress bench clean distclean series check

help:
	@echo 'Generic process containers for Linux 6.12 - targets:'
	@echo '  make run                 build the run kernel and boot it: a shell with a terminal,'
	@echo '                           a short scripted demo without one'
	@echo '  make run CMD=...         run one command in the guest; its output and exit status'
	@echo '  make run EXTRA=DIR       ... with host folder DIR at /extra in the guest'
	@echo '  make test [T=NN-name]    make check, then tests/ in the debug kernel and in a kernel'
	@echo '                           without cgroups (T=: only those tests, debug kernel only);'
	@echo '                           TAP on stdout, ends with "N passed, N failed"'
	@echo '  make stress [STRESS_S=1800] [STRESS_SEED=N] [CONFIG=debug]'
	@echo '                           ctfuzz on every subsystem combination beside the race loops,'
	@echo '                           then leak, kmemleak and kernel log checks; TAP and a tally'
	@echo '  make image [CONFIG=debug] build a kernel, print the bzImage path as the last line'
	@echo '  make bench               build the bench kernels, measure containers against cgroup v1'
	@echo '                           and no grouping in QEMU -icount, write Documentation/containers-bench.txt'
	@echo '  make deps                install missing Debian packages (apt-get, as root)'
	@echo '  make source              unpack the kernel into build/linux (git: one commit "pristine")'
	@echo '  make overlay             lay the kernel files and *.patch of this repo onto build/linux'
	@echo '  make config [CONFIG=..]  configure build/obj-CONFIG from configs/ (run, debug, ...)'
	@echo '  make initramfs           build build/initramfs.cpio (busybox, tests/, tests/progs/)'
	@echo '  make series              regenerate patches/ (cover letter + one patch per topic)'
	@echo '  make check               check patches/: no drift, git am/patch -p1, builds after'
	@echo '                           every patch, checkpatch, sparse, W=1, kernel-doc (TAP)'
	@echo '  make clean               remove the build dirs and initramfs, keep build/linux'
	@echo '  make distclean           remove build/'
	@echo 'Variables: CONFIG=run|debug|nocg|bench|bench-none|bench-ct, CMD, EXTRA, T, TIMEOUT (seconds), STRESS_S, STRESS_SEED,'
	@echo '           JOBS (default nproc), CSET=1 (make run: add cset and python3, lab/cset-image; test boots always have them)'

# every target needs the packages; the stamp keeps the check cheap
$(DEPS): lab/deps
	@lab/deps
	@mkdir -p $(B) && touch $@

deps:
	@lab/deps
	@mkdir -p $(B) && touch $(DEPS)

source: $(DEPS)
	@lab/source

overlay: $(DEPS)
	@lab/source && lab/overlay

config: $(DEPS)
	@lab/source && lab/overlay && lab/config $(CONFIG)

kernel: $(DEPS)
	@lab/kernel $(CONFIG)

image: $(DEPS)
	@lab/kernel $(CONFIG)

initramfs: $(DEPS)
	@lab/source && lab/initramfs

run: $(DEPS)
	@lab/kernel $(CONFIG) >/dev/null
	@lab/initramfs
	@if [ -n "$$CMD" ]; then exec lab/boot cmd $(CONFIG); \
	elif [ -t 0 ] && [ -t 1 ]; then exec lab/boot shell $(CONFIG); \
	else exec lab/boot demo $(CONFIG); fi

# lab/test: make check, tests/ in obj-debug, then in obj-nocg (CGROUPS=n);
# with T=, only those tests in obj-debug (TEST_CONFIGS="debug nocg": both)
test: $(DEPS)
	@T='$(T)' lab/test

# lab/stress: the debug kernel unless CONFIG= is given on the command line
STRESS_CONFIG := $(if $(filter command line environment,$(origin CONFIG)),$(CONFIG),debug)
stress: $(DEPS)
	@lab/kernel $(STRESS_CONFIG) >/dev/null
	@CONFIG=$(STRESS_CONFIG) STRESS_S=$(STRESS_S) STRESS_SEED=$(STRESS_SEED) lab/stress

series: $(DEPS)
	@lab/source && lab/series

check: $(DEPS)
	@lab/check

# performance kernels obj-bench, obj-bench-none, obj-bench-ct, obj-bench-cg, booted twice each
bench: $(DEPS)
	@exec lab/bench

clean:
	@mkdir -p $(B) && flock $(B)/.lock rm -rf $(B)/obj-* $(B)/initramfs* $(B)/progs $(B)/tmp

distclean:
	@mkdir -p $(B) && flock $(B)/.lock find $(B) -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
