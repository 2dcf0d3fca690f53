/*
 * boot_race/robust_v2/agent.c - version 2 of the robust agent (target
 * code, installed by deploy/code): the same code as robust/agent.c with
 * version 2's settings (common/settings.h).
 */
#define BOOT_RACE_VERSION 2
#include "../robust/agent.c"
