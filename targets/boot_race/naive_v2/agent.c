/*
 * boot_race/naive_v2/agent.c - version 2 of the naive agent (target code,
 * installed by deploy/code): the same code as naive/agent.c with version
 * 2's settings (common/settings.h).
 */
#define BOOT_RACE_VERSION 2
#include "../naive/agent.c"
