/*
 * home.h - where the running impchaos finds its child hosts and its
 * example targets. Harness side.
 *
 * Two layouts, told apart by what lies next to the executable, so that
 * neither needs a path compiled in and an installed tree can be moved
 * (a DESTDIR staging directory runs as it is):
 *
 *   build tree (make)               installed (make install PREFIX=P)
 *   build/bin/impchaos              P/bin/impchaos
 *   build/bin/imp-{agent,device}    P/lib/impchaos/imp-{agent,device}
 *   build/targets/                  P/share/impchaos/targets/
 *
 * <home> is the executable's parent's parent: build, or P. The layout is
 * the installed one when <home>/lib/impchaos/imp-agent exists (a build
 * tree has no lib/), else the build tree's.
 */
#ifndef IMPCHAOS_HOME_H
#define IMPCHAOS_HOME_H

/* The directory the running executable lives under (its parent's parent):
 * build/bin/impchaos and build/tests/x both give build, P/bin/impchaos
 * gives P. Static storage. */
const char *impchaos_home(void);

/* The directory that holds imp-agent and imp-device: <home>/lib/impchaos
 * when installed, else <home>/bin. Static storage. */
const char *impchaos_host_dir(void);

/* The example targets, the last entry of the target search path:
 * <home>/share/impchaos/targets when installed, else <home>/targets.
 * Static storage. */
const char *impchaos_examples_dir(void);

#endif
