/*
 * sq_device.h - the device's imp API for Squirrel code (sq_device.c),
 * registered by imp-device's role (device.c).
 */
#ifndef IMPCHAOS_SQ_DEVICE_H
#define IMPCHAOS_SQ_DEVICE_H

struct sq_vm;

/* agent.*, the device's server.* and imp.*, nv, hardware.*, constants. */
void sqb_device_api(struct sq_vm *vm);

#endif
