/*
 * device.h - the target API seen by device code (runs in imp-device).
 *
 * A target's device.so defines device_main(), which the device emulator calls
 * once per boot, after the device has connected to the cloud. A power cycle or
 * server_restart() boots a new process: nothing survives it.
 */
#ifndef IMPCHAOS_DEVICE_H
#define IMPCHAOS_DEVICE_H

#include "imp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Defined by the target. */
void device_main(void);

/* Registers the handler for messages the agent sends with device_send(name).
 * A second call for the same name replaces the handler; cb == NULL removes it.
 * A message with no handler is dropped and logged as
 * "ERROR: no handler for device.send()". */
void agent_on(const char *name, imp_msg_cb cb, void *ud);

/* agent_send() results, as on the platform. */
#define SEND_ERROR_NOT_CONNECTED 1
#define SEND_ERROR_TIMEOUT       2

/* Sends a message to the agent. data may be NULL (sent as json null).
 * Returns 0, or SEND_ERROR_NOT_CONNECTED while the device is offline. */
int agent_send(const char *name, json_t *data);

/* Whether the device is connected to the cloud right now. */
bool server_isconnected(void);

/* Reads a sensor of the small hardware model. Readings come from the
 * scenario's workload (the target's target.json "workload.sensors"), drawn
 * from a seeded stream: the same seed gives the same readings. Reading a
 * sensor the workload does not declare is a target error (logged, returns 0). */
double hardware_read(const char *sensor);

#ifdef __cplusplus
}
#endif

#endif
