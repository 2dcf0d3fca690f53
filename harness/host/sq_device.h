/*
 * sq_device.h - the device's imp API for Squirrel code (sq_device.c),
 * registered by imp-device's role (device.c).
 */
#ifndef IMPCHAOS_SQ_DEVICE_H
#define IMPCHAOS_SQ_DEVICE_H

#include <squirrel.h>

struct sq_vm;

/* agent.*, the device's server.* and imp.*, nv, hardware.*, constants. */
void sqb_device_api(struct sq_vm *vm);

/* hardware.i2c*, spi*, uart* and their constants (sq_device_bus.c), added
 * to the hardware table hw. */
void sqb_device_bus_api(struct sq_vm *vm, sq_value hw);

#endif
