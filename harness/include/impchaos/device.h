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
 * While the device is offline, what happens depends on the send timeout
 * policy: under SUSPEND_ON_ERROR (the default, as on the platform) the
 * device's code is suspended inside agent_send() until the device has
 * reconnected, then the message goes and 0 is returned (timers and messages
 * that came due meanwhile run afterwards); under RETURN_ON_ERROR it returns
 * SEND_ERROR_NOT_CONNECTED at once. */
int agent_send(const char *name, json_t *data);

/* Whether the device is connected to the cloud right now. */
bool server_isconnected(void);

/* Send timeout policies and wait modes (server.setsendtimeoutpolicy()). */
#define SUSPEND_ON_ERROR 0
#define RETURN_ON_ERROR  1
#define WAIT_TIL_SENT    0
#define WAIT_FOR_ACK     1

/* Sets the policy for the rest of this boot (each boot starts with
 * SUSPEND_ON_ERROR). Under RETURN_ON_ERROR, a connection lost by accident
 * is not re-established by the device on its own: the callback set with
 * server_onunexpecteddisconnect() is called and only server_connect()
 * reconnects. waitfor and timeout are accepted for porting; the simulation
 * has no send buffer to fill, so they change nothing. */
void server_setsendtimeoutpolicy(int policy, int waitfor, double timeout);

/* Reasons given to the callbacks below. */
#define NOT_CONNECTED    0
#define NO_WIFI          1
#define SERVER_CONNECTED 5

typedef void (*imp_reason_cb)(int reason, void *ud);

/* Called (under RETURN_ON_ERROR only) when the connection is lost without
 * the code asking for it, with reason NO_WIFI. */
void server_onunexpecteddisconnect(imp_reason_cb cb, void *ud);

/* Asks the device to connect. cb(SERVER_CONNECTED) once it is connected
 * (at once, as the next event, when it already is), or cb(NOT_CONNECTED)
 * when `timeout` seconds passed without a connection. cb may be NULL. */
void server_connect(imp_reason_cb cb, void *ud, double timeout);

/* Closes the connection on purpose: the agent is told at once, and the
 * device stays offline until server_connect(). */
void server_disconnect(void);

/* Shutdown reasons (server.onshutdown()); SHUTDOWN_NEWSQUIRREL keeps the
 * platform's name for porting. */
#define SHUTDOWN_NEWCODE     1
#define SHUTDOWN_NEWSQUIRREL SHUTDOWN_NEWCODE
#define SHUTDOWN_NEWFIRMWARE 2
#define SHUTDOWN_OTHER       3

/* Called when the cloud asks the device to restart (a deploy brought new
 * code). The handler may finish what it is doing and must then call
 * server_restart(), at once or later (from a timer); until it does, the
 * device keeps running its old code. Without a handler the device restarts
 * at once. */
void server_onshutdown(imp_reason_cb cb, void *ud);

/* The nv table: a json object the code may change freely (borrowed; never
 * NULL). It survives imp_deepsleepfor() and nothing else: power-on, a
 * restart, a crash or new code give an empty table. */
json_t *nv_table(void);

/* Puts the device into deep sleep: the connection closes, the process
 * ends (only nv survives), and the device boots again after `seconds` with
 * hardware_wakereason() == WAKEREASON_TIMER. Does not return. The platform
 * sleeps at most 2419198 seconds (28 days): a longer sleep is a target error
 * and is taken as that maximum; a negative or NaN one is a target error and
 * is taken as 0. */
void imp_deepsleepfor(double seconds) __attribute__((noreturn));

/* Why this boot happened (hardware.wakereason()). */
#define WAKEREASON_POWER_ON       0
#define WAKEREASON_TIMER          1
#define WAKEREASON_SW_RESET       2
#define WAKEREASON_NEW_SQUIRREL   4
#define WAKEREASON_SQUIRREL_ERROR 5
int hardware_wakereason(void);

/* Reads a sensor of the small hardware model. Readings come from the
 * scenario's workload (the target's target.json "workload.sensors"), drawn
 * from a seeded stream: the same seed gives the same readings. Reading a
 * sensor the workload does not declare is a target error (logged, returns 0). */
double hardware_read(const char *sensor);

#ifdef __cplusplus
}
#endif

#endif
